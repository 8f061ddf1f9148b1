"""SQLAlchemy adapter of reports.

A report is a row of ``reports`` (casualties flattened into columns, the area as ``Geometry``, the end of
the claimed time ``occurred_end = occurred_until or occurred_at`` kept for interval queries) and its
attachments are rows of ``report_attachments``. ``incident_id`` is a foreign key to ``incidents``: the
incidents module owns the incident tables and keeps the link consistent.
"""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import Geometry, KeyList, UTCDateTime
from truceline.db.visibility import with_view
from truceline.geo.geometry import as_shape, to_geojson
from truceline.registry.repository import PartyRow, party_id_for
from truceline.reports.memory import as_datetime
from truceline.reports.models import (
    Attachment,
    Casualties,
    PlacePrecision,
    Report,
    ReportQuery,
    ReportStatus,
    TimePrecision,
)
from truceline.reports.taxonomy import EventType
from truceline.sources.repository import SourceRow

CASUALTY_FIELDS = tuple(Casualties.model_fields)


class ReportRow(Base):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    occurred_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    occurred_end: Mapped[datetime] = mapped_column(UTCDateTime())
    time_precision: Mapped[str] = mapped_column(String(16))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    area: Mapped[BaseGeometry | None] = mapped_column(Geometry(), nullable=True)
    place_precision: Mapped[str] = mapped_column(String(16))
    place_name: Mapped[str | None] = mapped_column(String(200))
    admin_area: Mapped[str | None] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(40), index=True)
    sub_type: Mapped[str | None] = mapped_column(String(80))
    perpetrator_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    killed_min: Mapped[int | None] = mapped_column(Integer)
    killed_max: Mapped[int | None] = mapped_column(Integer)
    injured_min: Mapped[int | None] = mapped_column(Integer)
    injured_max: Mapped[int | None] = mapped_column(Integer)
    civilians_killed_min: Mapped[int | None] = mapped_column(Integer)
    civilians_killed_max: Mapped[int | None] = mapped_column(Integer)
    combatants_killed_min: Mapped[int | None] = mapped_column(Integer)
    combatants_killed_max: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str | None] = mapped_column(String(16))
    credibility: Mapped[int] = mapped_column(Integer, default=6)
    status: Mapped[str] = mapped_column(String(16), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"), index=True)
    submitted_by: Mapped[str | None] = mapped_column(String(120), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    claimed_by: Mapped[str | None] = mapped_column(String(300))
    release: Mapped[str] = mapped_column(String(20), default=ReleaseLevel.mechanism.value)
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    locked_by: Mapped[str | None] = mapped_column(String(120))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    source: Mapped[SourceRow] = relationship(lazy="joined")
    perpetrator: Mapped[PartyRow | None] = relationship(foreign_keys=[perpetrator_id], lazy="joined")
    target: Mapped[PartyRow | None] = relationship(foreign_keys=[target_id], lazy="joined")
    attachments: Mapped[list[ReportAttachmentRow]] = relationship(
        cascade="all, delete-orphan", order_by="ReportAttachmentRow.position", lazy="selectin")

    __table_args__ = (
        Index("ix_reports_lon_lat_time", "lon", "lat", "occurred_at"),
        Index("ix_reports_status_time", "status", "occurred_at", "occurred_end"),
    )


class ReportAttachmentRow(Base):
    __tablename__ = "report_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime())
    metadata_stripped: Mapped[bool] = mapped_column(default=False)


class SqlReportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, report_id: int) -> Report | None:
        row = self.session.get(ReportRow, report_id)
        return None if row is None else _to_domain(row)

    def get_by_uid(self, uid: str) -> Report | None:
        row = self.session.scalars(select(ReportRow).where(ReportRow.uid == uid)).first()
        return None if row is None else _to_domain(row)

    def add(self, report: Report) -> Report:
        row = ReportRow()
        self._fill(row, report)
        self.session.add(row)
        self.session.flush()
        return report.model_copy(update={"id": row.id})

    def save(self, report: Report) -> None:
        row = self.session.get(ReportRow, report.id)
        assert row is not None, f"report {report.id} vanished"
        self._fill(row, report)
        self.session.flush()

    def list(self, query: ReportQuery, page: Page) -> Paged[Report]:
        stmt = select(ReportRow)
        stmt = with_view(stmt, ReportRow, query.view)
        if query.status is not None:
            stmt = stmt.where(ReportRow.status == query.status.value)
        if query.source is not None:
            stmt = stmt.where(ReportRow.source_id.in_(select(SourceRow.id).where(SourceRow.key == query.source)))
        if query.event_type is not None:
            stmt = stmt.where(ReportRow.event_type == query.event_type.value)
        if query.incident_id is not None:
            stmt = stmt.where(ReportRow.incident_id == query.incident_id)
        if query.occurred_from is not None:
            stmt = stmt.where(ReportRow.occurred_end >= query.occurred_from)
        if query.occurred_to is not None:
            stmt = stmt.where(ReportRow.occurred_at <= query.occurred_to)
        if query.submitted_by is not None:
            stmt = stmt.where(ReportRow.submitted_by == query.submitted_by)
        if query.document_id is not None:
            stmt = stmt.where(ReportRow.document_id == query.document_id)
        if query.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = query.bbox
            stmt = stmt.where(ReportRow.lon.between(min_lon, max_lon), ReportRow.lat.between(min_lat, max_lat))
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(ReportRow.occurred_at, ReportRow.id)
                                    .limit(page.limit).offset(page.offset)).all()
        return Paged([_to_domain(r) for r in rows], count)

    def in_box(self, min_lon: float, min_lat: float, max_lon: float, max_lat: float,
               t_from: datetime | float, t_to: datetime | float) -> builtins.list[Report]:
        """Accepted reports whose point is in the box and whose time interval meets ``[t_from, t_to]``."""
        stmt = (select(ReportRow)
                .where(ReportRow.status == ReportStatus.accepted.value,
                       ReportRow.lon.between(min_lon, max_lon), ReportRow.lat.between(min_lat, max_lat),
                       ReportRow.occurred_at <= as_datetime(t_to), ReportRow.occurred_end >= as_datetime(t_from))
                .order_by(ReportRow.id))
        return [_to_domain(r) for r in self.session.scalars(stmt).unique().all()]

    def by_incident(self, incident_id: int) -> builtins.list[Report]:
        stmt = select(ReportRow).where(ReportRow.incident_id == incident_id).order_by(ReportRow.id)
        return [_to_domain(r) for r in self.session.scalars(stmt).unique().all()]

    def incident_grade_counts(self, source_key: str) -> dict[str | None, int]:
        """How many of the source's reports lie in incidents of each grade (``None``: not graded), in one
        grouped query."""
        from truceline.incidents.repository import IncidentRow  # incidents build on reports

        rows = self.session.execute(
            select(IncidentRow.grade, func.count(ReportRow.id))
            .join(IncidentRow, ReportRow.incident_id == IncidentRow.id)
            .join(SourceRow, ReportRow.source_id == SourceRow.id)
            .where(SourceRow.key == source_key).group_by(IncidentRow.grade))
        return {grade: int(n) for grade, n in rows}

    def set_incident(self, report_ids: builtins.list[int], incident_id: int | None) -> None:
        """Link reports to an incident (they become accepted) or unlink them (back to candidate)."""
        if not report_ids:
            return
        status = ReportStatus.candidate if incident_id is None else ReportStatus.accepted
        self.session.execute(update(ReportRow).where(ReportRow.id.in_(report_ids))
                             .values(incident_id=incident_id, status=status.value)
                             .execution_options(synchronize_session="fetch"))
        self.session.flush()

    def _party_id(self, key: str | None) -> int | None:
        if key is None:
            return None
        return party_id_for(self.session, key, what="report")

    def _fill(self, row: ReportRow, report: Report) -> None:
        source_id = self.session.scalar(select(SourceRow.id).where(SourceRow.key == report.source))
        assert source_id is not None, f"report names unknown source {report.source}"
        values: dict[str, Any] = {
            "uid": report.uid, "source_id": source_id, "received_at": report.received_at,
            "occurred_at": report.occurred_at, "occurred_until": report.occurred_until,
            "occurred_end": report.end, "time_precision": report.time_precision.value,
            "lon": report.lon, "lat": report.lat,
            "area": as_shape(report.area) if report.area is not None else None,
            "place_precision": report.place_precision.value, "place_name": report.place_name,
            "admin_area": report.admin_area, "event_type": report.event_type.value,
            "sub_type": report.sub_type, "perpetrator_id": self._party_id(report.perpetrator),
            "target_id": self._party_id(report.target), "text": report.text, "language": report.language,
            "credibility": report.credibility, "status": report.status.value,
            "incident_id": report.incident_id, "submitted_by": report.submitted_by,
            "locked_by": report.locked_by, "locked_until": report.locked_until,
            "document_id": report.document_id, "claimed_by": report.claimed_by,
            "release": report.release.value, "released_to": report.released_to, "version": report.version,
            "created_at": report.created_at, "updated_at": report.updated_at,
        }
        values.update(report.casualties.model_dump())
        for name, value in values.items():
            setattr(row, name, value)
        row.attachments = [
            ReportAttachmentRow(position=i, sha256=a.sha256, filename=a.filename, media_type=a.media_type,
                                size=a.size, acquired_at=a.acquired_at, metadata_stripped=a.metadata_stripped)
            for i, a in enumerate(report.attachments)
        ]


def _to_domain(row: ReportRow) -> Report:
    return Report(
        id=row.id, uid=row.uid, source=row.source.key, received_at=row.received_at,
        occurred_at=row.occurred_at, occurred_until=row.occurred_until,
        time_precision=TimePrecision(row.time_precision), lon=row.lon, lat=row.lat,
        area=to_geojson(row.area) if row.area is not None else None,
        place_precision=PlacePrecision(row.place_precision), place_name=row.place_name,
        admin_area=row.admin_area, event_type=EventType(row.event_type), sub_type=row.sub_type,
        perpetrator=row.perpetrator.key if row.perpetrator is not None else None,
        target=row.target.key if row.target is not None else None,
        casualties=Casualties(**{f: getattr(row, f) for f in CASUALTY_FIELDS}),
        text=row.text, language=row.language, credibility=row.credibility,
        attachments=[Attachment(sha256=a.sha256, filename=a.filename, media_type=a.media_type, size=a.size,
                                acquired_at=a.acquired_at, metadata_stripped=a.metadata_stripped)
                     for a in row.attachments],
        status=ReportStatus(row.status), incident_id=row.incident_id, submitted_by=row.submitted_by,
        locked_by=row.locked_by, locked_until=row.locked_until,
        document_id=row.document_id, claimed_by=row.claimed_by,
        release=ReleaseLevel(row.release), released_to=row.released_to, version=row.version,
        created_at=row.created_at, updated_at=row.updated_at)
