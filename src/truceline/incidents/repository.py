"""SQLAlchemy adapter of incidents.

``incidents`` holds the derived values (indexed start/end, lon/lat, type, grade, status, scope class) and
the scope check as JSON; ``incident_reports`` links each report to one incident (``report_id`` unique)
with the rule, its reason, the analyst's pin; ``incident_confirmations`` is the ledger (party as a
foreign key); ``incident_zones`` lists the zones of the scope check for the zone filter;
``incident_separations`` keeps the analysts' "never link these two reports".
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Sequence
from datetime import date, datetime
from itertools import product
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    event,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.functions import iso_day, utc_day
from truceline.db.types import KeyList, UTCDateTime
from truceline.db.visibility import with_view
from truceline.geo.geometry import BBox
from truceline.incidents import place_time_index
from truceline.incidents.models import (
    Confirmation,
    CountBy,
    Counts,
    Incident,
    IncidentCountQuery,
    IncidentQuery,
    ReportLink,
    ScopeCheck,
)
from truceline.registry.repository import PartyRow, party_id_for


class IncidentRow(Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    event_type: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    grade: Mapped[str | None] = mapped_column(String(16), index=True)
    grade_rationale: Mapped[str | None] = mapped_column(Text)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    area: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    killed_min: Mapped[int | None] = mapped_column(Integer)
    killed_max: Mapped[int | None] = mapped_column(Integer)
    perpetrators: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of party keys
    targets: Mapped[str] = mapped_column(Text, default="[]")
    scope_class: Mapped[str | None] = mapped_column(String(20), index=True)
    scope: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    assigned_to: Mapped[str | None] = mapped_column(String(120))
    locked_by: Mapped[str | None] = mapped_column(String(120))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    duplicate_of: Mapped[int | None] = mapped_column(Integer)
    release: Mapped[str] = mapped_column(String(20), default=ReleaseLevel.mechanism.value)
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    links: Mapped[list[IncidentReportRow]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentReportRow.position", lazy="selectin")
    confirmations: Mapped[list[IncidentConfirmationRow]] = relationship(
        cascade="all, delete-orphan", order_by="IncidentConfirmationRow.position", lazy="selectin")
    zones: Mapped[list[IncidentZoneRow]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __table_args__ = (
        Index("ix_incidents_place", "lon", "lat"),
        # the dashboard's counts (count_by) read only this index: who may see, then the start's range
        Index("ix_incidents_counts", "published", "release", "start_at", "status", "event_type", "grade",
              "scope_class", "perpetrators"),
    )


event.listen(IncidentRow.__table__, "after_create", lambda _t, connection, **_: place_time_index.install(connection))
event.listen(IncidentRow.__table__, "before_drop", lambda _t, connection, **_: place_time_index.uninstall(connection))


class IncidentReportRow(Base):
    __tablename__ = "incident_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(20))
    reason: Mapped[dict[str, Any]] = mapped_column(JSON)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by: Mapped[str] = mapped_column(String(120))


class IncidentConfirmationRow(Base):
    __tablename__ = "incident_confirmations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    stance: Mapped[str] = mapped_column(String(20))
    counter_evidence: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recorded_by: Mapped[str | None] = mapped_column(String(120))

    __table_args__ = (UniqueConstraint("incident_id", "party_id"),)


class IncidentZoneRow(Base):
    __tablename__ = "incident_zones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    zone_key: Mapped[str] = mapped_column(String(80), index=True)

    __table_args__ = (Index("ix_incident_zones_incident_zone", "incident_id", "zone_key"),)  # counts by zone


class IncidentSeparationRow(Base):
    __tablename__ = "incident_separations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_a: Mapped[int] = mapped_column(Integer, index=True)
    report_b: Mapped[int] = mapped_column(Integer, index=True)
    reason: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("report_a", "report_b"),)


class SqlIncidentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, incident_id: int) -> Incident | None:
        row = self.session.get(IncidentRow, incident_id)
        return None if row is None else self._to_domain([row])[0]

    def get_by_uid(self, uid: str) -> Incident | None:
        row = self.session.scalars(select(IncidentRow).where(IncidentRow.uid == uid)).first()
        return None if row is None else self._to_domain([row])[0]

    def add(self, incident: Incident) -> Incident:
        row = IncidentRow()
        self._fill(row, incident)
        self.session.add(row)
        self.session.flush()
        return incident.model_copy(update={"id": row.id})

    def save(self, incident: Incident) -> None:
        row = self.session.get(IncidentRow, incident.id)
        assert row is not None, f"incident {incident.id} vanished"
        # free the report ids first: a report moving between incidents must not hit the unique index
        moving = [lk.report_id for lk in incident.links]
        if moving:
            self.session.execute(delete(IncidentReportRow).where(IncidentReportRow.report_id.in_(moving),
                                                                 IncidentReportRow.incident_id != incident.id)
                                 .execution_options(synchronize_session="fetch"))
        row.links, row.confirmations, row.zones = [], [], []  # delete before insert: unique indexes
        self.session.flush()
        self._fill(row, incident)
        self.session.flush()

    def list(self, query: IncidentQuery, page: Page) -> Paged[Incident]:
        stmt = select(IncidentRow)
        stmt = with_view(stmt, IncidentRow, query.view)
        narrow = place_time_index.candidate_filter(
            self.session.get_bind().dialect.name, IncidentRow.id, IncidentRow.lon, IncidentRow.lat,
            IncidentRow.start_at, IncidentRow.end_at, bbox=query.bbox, start=query.start, end=query.end)
        if narrow is not None:
            stmt = stmt.where(narrow)
        if query.start is not None:
            stmt = stmt.where(IncidentRow.end_at >= query.start)
        if query.end is not None:
            stmt = stmt.where(IncidentRow.start_at <= query.end)
        if query.zone is not None:
            stmt = stmt.where(exists(select(IncidentZoneRow.id).where(
                IncidentZoneRow.incident_id == IncidentRow.id, IncidentZoneRow.zone_key == query.zone)))
        if query.event_type is not None:
            stmt = stmt.where(IncidentRow.event_type == query.event_type.value)
        if query.party is not None:
            needle = f'%{json.dumps(query.party)}%'
            stmt = stmt.where(or_(IncidentRow.perpetrators.like(needle), IncidentRow.targets.like(needle)))
        if query.grade is not None:
            stmt = stmt.where(IncidentRow.grade == query.grade.value)
        if query.status is not None:
            stmt = stmt.where(IncidentRow.status == query.status.value)
        if query.scope is not None:
            stmt = stmt.where(IncidentRow.scope_class == query.scope.value)
        if query.bbox is not None:
            box = query.bbox
            stmt = stmt.where(IncidentRow.lon.between(box.min_lon, box.max_lon),
                              IncidentRow.lat.between(box.min_lat, box.max_lat))
        if query.published is not None:
            stmt = stmt.where(IncidentRow.published == query.published)
        if query.releases is not None:
            stmt = stmt.where(IncidentRow.release.in_(sorted(r.value for r in query.releases)))
        ordered = stmt.order_by(IncidentRow.start_at, IncidentRow.id).limit(page.limit).offset(page.offset)
        if narrow is not None:  # a bounded match: the page and the total in one pass (a window count)
            found = self.session.execute(ordered.add_columns(func.count().over())).all()
            rows = [r[0] for r in found]
            if found or page.offset == 0:
                return Paged(self._to_domain(rows), int(found[0][1]) if found else 0)
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = list(self.session.scalars(ordered).all())
        return Paged(self._to_domain(rows), count)

    def extent(self, query: IncidentQuery) -> tuple[BBox, datetime, datetime] | None:
        """The bounding box and time span of the incidents ``query`` matches (its place and time filters
        aside), or None when there are none: one aggregate query."""
        stmt = select(func.min(IncidentRow.lon), func.min(IncidentRow.lat), func.max(IncidentRow.lon),
                      func.max(IncidentRow.lat), func.min(IncidentRow.start_at), func.max(IncidentRow.end_at))
        if query.published is not None:
            stmt = stmt.where(IncidentRow.published == query.published)
        if query.releases is not None:
            stmt = stmt.where(IncidentRow.release.in_(sorted(r.value for r in query.releases)))
        row = self.session.execute(stmt).one()
        if row[0] is None:
            return None
        return BBox(min_lon=row[0], min_lat=row[1], max_lon=row[2], max_lat=row[3]), row[4], row[5]

    def count_by(self, query: IncidentCountQuery, by: builtins.list[CountBy]) -> Counts:
        """Incidents matching ``query`` counted by the dimensions ``by`` together: one GROUP BY query, so
        only the groups leave the database. Alleged parties are grouped by the stored list and split here
        (few distinct lists); zones come from an outer join, so an incident counts once per zone."""
        columns: dict[CountBy, Any] = {
            CountBy.day: utc_day(IncidentRow.start_at), CountBy.zone: IncidentZoneRow.zone_key,
            CountBy.event_type: IncidentRow.event_type, CountBy.party: IncidentRow.perpetrators,
            CountBy.grade: IncidentRow.grade, CountBy.scope: IncidentRow.scope_class}
        chosen = [columns[dim] for dim in by]
        stmt = select(*chosen, func.count()).select_from(IncidentRow).group_by(*chosen)
        if CountBy.zone in by:
            stmt = stmt.outerjoin(IncidentZoneRow, IncidentZoneRow.incident_id == IncidentRow.id)
            if query.zone is not None:
                stmt = stmt.where(IncidentZoneRow.zone_key == query.zone)
        elif query.zone is not None:
            stmt = stmt.where(exists(select(IncidentZoneRow.id).where(
                IncidentZoneRow.incident_id == IncidentRow.id, IncidentZoneRow.zone_key == query.zone)))
        stmt = stmt.where(IncidentRow.start_at >= query.start, IncidentRow.start_at < query.end)
        if query.excluded:
            stmt = stmt.where(IncidentRow.status.not_in(sorted(s.value for s in query.excluded)))
        # Both conditions always stand (``IN`` every value when not narrowed) so that the engines read the
        # leading columns of ix_incidents_counts and scan only the period, in the index alone.
        published = [False, True] if query.published is None else [query.published]
        releases = ReleaseLevel if query.releases is None else query.releases
        stmt = stmt.where(IncidentRow.published.in_(published),
                          IncidentRow.release.in_(sorted(r.value for r in releases)))
        out: Counts = {}
        for *values, count in self.session.execute(stmt).all():
            options: list[list[str | None]] = []
            for dim, value in zip(by, values, strict=True):
                if dim == CountBy.party:
                    options.append([*sorted(set(json.loads(value)))] or [None])
                else:
                    options.append([iso_day(value) if dim == CountBy.day else value])
            for key in product(*options):
                out[key] = out.get(key, 0) + int(count)
        return out

    def add_separation(self, a: int, b: int, *, reason: str, by: str, at: datetime) -> None:
        lo, hi = min(a, b), max(a, b)
        found = self.session.scalar(select(IncidentSeparationRow.id).where(
            IncidentSeparationRow.report_a == lo, IncidentSeparationRow.report_b == hi))
        if found is None:
            self.session.add(IncidentSeparationRow(report_a=lo, report_b=hi, reason=reason, by=by, at=at))
            self.session.flush()

    def separations_of(self, report_ids: builtins.list[int]) -> builtins.list[tuple[int, int]]:
        if not report_ids:
            return []
        rows = self.session.execute(select(IncidentSeparationRow.report_a, IncidentSeparationRow.report_b).where(
            or_(IncidentSeparationRow.report_a.in_(report_ids), IncidentSeparationRow.report_b.in_(report_ids))))
        return sorted((int(a), int(b)) for a, b in rows)

    def _fill(self, row: IncidentRow, incident: Incident) -> None:
        row.uid = incident.uid
        row.event_type = str(incident.event_type)
        row.status = str(incident.status)
        row.grade = None if incident.grade is None else str(incident.grade)
        row.grade_rationale = incident.grade_rationale
        row.start_at = incident.start
        row.end_at = incident.end
        row.lon = incident.lon
        row.lat = incident.lat
        row.area = incident.area
        row.killed_min = incident.killed_min
        row.killed_max = incident.killed_max
        row.perpetrators = json.dumps(incident.perpetrators)
        row.targets = json.dumps(incident.targets)
        row.scope_class = None if incident.scope is None else str(incident.scope.scope)
        row.scope = None if incident.scope is None else incident.scope.model_dump(mode="json")
        row.assigned_to = incident.assigned_to
        row.locked_by = incident.locked_by
        row.locked_until = incident.locked_until
        row.published = incident.published
        row.duplicate_of = incident.duplicate_of
        row.release = incident.release.value
        row.released_to = incident.released_to
        row.version = incident.version
        row.created_at = incident.created_at
        row.updated_at = incident.updated_at
        row.links = [IncidentReportRow(report_id=lk.report_id, position=i, rule=lk.rule, reason=lk.reason,
                                       pinned=lk.pinned, at=lk.at, by=lk.by) for i, lk in enumerate(incident.links)]
        row.confirmations = [IncidentConfirmationRow(
            party_id=self._party_id(c.party), position=i, stance=str(c.position),
            counter_evidence=c.counter_evidence, deadline=c.deadline, recorded_at=c.recorded_at,
            recorded_by=c.recorded_by) for i, c in enumerate(incident.confirmations)]
        row.zones = [IncidentZoneRow(zone_key=z) for z in incident.zone_keys()]

    def _party_id(self, key: str) -> int:
        return party_id_for(self.session, key, what="incident")

    def _to_domain(self, rows: Sequence[IncidentRow]) -> builtins.list[Incident]:
        ids = {c.party_id for r in rows for c in r.confirmations}
        keys = {} if not ids else {int(i): str(k) for i, k in self.session.execute(
            select(PartyRow.id, PartyRow.key).where(PartyRow.id.in_(ids)))}
        return [_incident(r, keys) for r in rows]


def _incident(row: IncidentRow, party_keys: dict[int, str]) -> Incident:
    links = [ReportLink(report_id=lk.report_id, rule=lk.rule, reason=lk.reason, at=lk.at, by=lk.by,
                        pinned=lk.pinned) for lk in row.links]
    return Incident(
        id=row.id, uid=row.uid, event_type=row.event_type, status=row.status, grade=row.grade,
        grade_rationale=row.grade_rationale, start=row.start_at, end=row.end_at, lon=row.lon, lat=row.lat,
        area=row.area,
        killed_min=row.killed_min, killed_max=row.killed_max, perpetrators=json.loads(row.perpetrators),
        targets=json.loads(row.targets), report_ids=sorted(lk.report_id for lk in links), links=links,
        scope=None if row.scope is None else ScopeCheck.model_validate(row.scope),
        confirmations=[Confirmation(party=party_keys[c.party_id], position=c.stance,
                                    counter_evidence=c.counter_evidence, deadline=c.deadline,
                                    recorded_at=c.recorded_at, recorded_by=c.recorded_by)
                       for c in row.confirmations],
        assigned_to=row.assigned_to, locked_by=row.locked_by, locked_until=row.locked_until,
        published=row.published, duplicate_of=row.duplicate_of, release=ReleaseLevel(row.release),
        released_to=row.released_to,
        version=row.version, created_at=row.created_at, updated_at=row.updated_at)
