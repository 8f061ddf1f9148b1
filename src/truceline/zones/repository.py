"""SQLAlchemy adapter of the zones register.

A zone is a row of ``zones`` and its boundaries rows of ``zone_versions``. Each version stores its geometry
(``Geometry``: PostGIS ``geometry(Geometry,4326)`` on PostgreSQL, WKB in a BLOB on SQLite) and its bounding
box in ``min_lon``/``min_lat``/``max_lon``/``max_lat``. Spatial searches run in SQL on PostgreSQL
(``ST_Covers``/``ST_Intersects``, GiST index); on SQLite the bounding-box columns narrow the rows in SQL
and shapely makes the exact test.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable
from datetime import date, datetime

import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Select,
    String,
    Text,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from truceline.agreements.repository import AgreementRow
from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import Geometry, KeyList, UTCDateTime
from truceline.db.visibility import with_view
from truceline.geo.geometry import as_shape, bbox_of
from truceline.zones.models import Zone, ZoneKind, ZoneQuery, ZoneStatus, ZoneVersion


class ZoneRow(Base):
    __tablename__ = "zones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32), index=True)
    agreement_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    admin_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(Text)
    release: Mapped[str] = mapped_column(String(20), default=ReleaseLevel.public.value)
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    versions: Mapped[list[ZoneVersionRow]] = relationship(
        cascade="all, delete-orphan", order_by="ZoneVersionRow.number", lazy="selectin"
    )


class ZoneVersionRow(Base):
    __tablename__ = "zone_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    geometry: Mapped[BaseGeometry] = mapped_column(Geometry())
    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)

    __table_args__ = (
        Index("ix_zone_versions_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),
        Index("ix_zone_versions_geometry", "geometry", postgresql_using="gist").ddl_if(dialect="postgresql"),
    )


def in_force_clause(at: date) -> ColumnElement[bool]:
    """SQL form of ``ZoneVersion.in_force(at)``."""
    return and_(ZoneVersionRow.valid_from <= at,
                or_(ZoneVersionRow.valid_until.is_(None), ZoneVersionRow.valid_until > at))


class SqlZoneRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, zone_id: int) -> Zone | None:
        row = self.session.get(ZoneRow, zone_id)
        return None if row is None else self._to_domain([row])[0]

    def get_by_key(self, key: str) -> Zone | None:
        row = self.session.scalars(select(ZoneRow).where(ZoneRow.key == key)).first()
        return None if row is None else self._to_domain([row])[0]

    def key_to_id(self, key: str) -> int | None:
        return self.session.scalar(select(ZoneRow.id).where(ZoneRow.key == key))

    def add(self, zone: Zone) -> Zone:
        row = ZoneRow()
        self._fill(row, zone)
        self.session.add(row)
        self.session.flush()
        return zone.model_copy(update={"id": row.id})

    def save(self, zone: Zone) -> None:
        row = self.session.get(ZoneRow, zone.id)
        assert row is not None, f"zone {zone.id} vanished"
        self._fill(row, zone)
        self.session.flush()

    def list(self, query: ZoneQuery, page: Page) -> Paged[Zone]:
        stmt = select(ZoneRow)
        stmt = with_view(stmt, ZoneRow, query.view)
        if query.releases is not None:
            stmt = stmt.where(ZoneRow.release.in_(sorted(r.value for r in query.releases)))
        if query.kind is not None:
            stmt = stmt.where(ZoneRow.kind == query.kind.value)
        if query.agreement is not None:
            stmt = stmt.where(ZoneRow.agreement_id.in_(
                select(AgreementRow.id).where(AgreementRow.key == query.agreement)))
        if query.bbox is not None:
            ids = self._spatial_ids(query.bbox.polygon(), "intersects", query.at)
            stmt = stmt.where(ZoneRow.id.in_(ids))
        elif query.at is not None:
            stmt = stmt.where(exists(select(ZoneVersionRow.id).where(
                ZoneVersionRow.zone_id == ZoneRow.id, in_force_clause(query.at))))
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(ZoneRow.name, ZoneRow.id)
                                    .limit(page.limit).offset(page.offset)).all()
        return Paged(self._to_domain(rows), count)

    def containing(self, point: Point, at: date) -> builtins.list[Zone]:
        return self._zones(self._spatial_ids(point, "covers", at))

    def intersecting(self, geometry: BaseGeometry, at: date) -> builtins.list[Zone]:
        return self._zones(self._spatial_ids(geometry, "intersects", at))

    def _spatial_ids(self, geometry: BaseGeometry, predicate: str, at: date | None) -> set[int]:
        """Ids of zones with a version (in force on ``at`` when given) that covers/intersects ``geometry``."""
        where: list[ColumnElement[bool]] = [] if at is None else [in_force_clause(at)]
        if self.session.get_bind().dialect.name == "postgresql":
            wkb = bindparam("search_wkb", shapely.to_wkb(geometry), type_=LargeBinary, unique=True)
            other = func.ST_GeomFromWKB(wkb, 4326)
            sql_test = func.ST_Covers if predicate == "covers" else func.ST_Intersects
            stmt = select(ZoneVersionRow.zone_id).where(*where, sql_test(ZoneVersionRow.geometry, other))
            return set(self.session.scalars(stmt))
        box = bbox_of(geometry)
        stmt2: Select[tuple[int, BaseGeometry]] = select(ZoneVersionRow.zone_id, ZoneVersionRow.geometry).where(
            *where,
            ZoneVersionRow.min_lon <= box.max_lon, ZoneVersionRow.max_lon >= box.min_lon,
            ZoneVersionRow.min_lat <= box.max_lat, ZoneVersionRow.max_lat >= box.min_lat,
        )
        exact: Callable[[BaseGeometry], bool] = (
            (lambda g: bool(g.covers(geometry))) if predicate == "covers" else (lambda g: bool(g.intersects(geometry)))
        )
        return {zone_id for zone_id, geom in self.session.execute(stmt2) if exact(as_shape(geom))}

    def _zones(self, ids: set[int]) -> builtins.list[Zone]:
        if not ids:
            return []
        rows = self.session.scalars(select(ZoneRow).where(ZoneRow.id.in_(ids))
                                    .order_by(ZoneRow.name, ZoneRow.id)).all()
        return self._to_domain(rows)

    def _fill(self, row: ZoneRow, zone: Zone) -> None:
        row.key = zone.key
        row.name = zone.name
        row.kind = zone.kind.value
        row.agreement_id = None if zone.agreement is None else self._agreement_id(zone.agreement)
        row.admin_areas = list(zone.admin_areas)
        row.approximate = zone.approximate
        row.description = zone.description
        row.release = zone.release.value
        row.released_to = zone.released_to
        row.version = zone.version
        row.created_at = zone.created_at
        row.updated_at = zone.updated_at
        versions = []
        for v in zone.versions:
            box = v.bbox()
            versions.append(ZoneVersionRow(
                number=v.number, valid_from=v.valid_from, valid_until=v.valid_until, status=v.status.value,
                note=v.note, geometry=v.geometry, min_lon=box.min_lon, min_lat=box.min_lat,
                max_lon=box.max_lon, max_lat=box.max_lat))
        row.versions = versions

    def _agreement_id(self, key: str) -> int:
        found = self.session.scalar(select(AgreementRow.id).where(AgreementRow.key == key))
        assert found is not None, f"zone names unknown agreement {key}"
        return int(found)

    def _agreement_keys(self, ids: Iterable[int]) -> dict[int, str]:
        wanted = set(ids)
        if not wanted:
            return {}
        rows = self.session.execute(select(AgreementRow.id, AgreementRow.key).where(AgreementRow.id.in_(wanted)))
        return {int(i): str(k) for i, k in rows}

    def _to_domain(self, rows: Iterable[ZoneRow]) -> builtins.list[Zone]:
        rows = list(rows)
        keys = self._agreement_keys(r.agreement_id for r in rows if r.agreement_id is not None)
        return [_zone(r, None if r.agreement_id is None else keys[r.agreement_id]) for r in rows]


def _zone(row: ZoneRow, agreement: str | None) -> Zone:
    return Zone(
        id=row.id, key=row.key, name=row.name, kind=ZoneKind(row.kind), agreement=agreement,
        admin_areas=list(row.admin_areas or []), approximate=row.approximate, description=row.description,
        release=ReleaseLevel(row.release), released_to=row.released_to, version=row.version,
        created_at=row.created_at, updated_at=row.updated_at,
        versions=[_version(v) for v in row.versions],
    )


def _version(row: ZoneVersionRow) -> ZoneVersion:
    return ZoneVersion(number=row.number, valid_from=row.valid_from, valid_until=row.valid_until,
                       status=ZoneStatus(row.status), geometry=row.geometry, note=row.note)
