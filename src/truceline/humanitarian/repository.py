"""SQLAlchemy adapters of the humanitarian registers.

A hazard area is a row of ``hazard_areas``; a humanitarian window a row of ``humanitarian_windows``. Each
stores its geometry as ``Geometry`` (PostGIS ``geometry(Geometry,4326)`` with a GiST index on PostgreSQL,
WKB on SQLite) and the bounding box in ``min_lon``/``min_lat``/``max_lon``/``max_lat`` columns, which the
``bbox`` filters use on both engines (the exact spatial test is made in the service, with shapely). A
window's stored geometry is its footprint (the area, or the buffered route); the route itself is kept
too. Land-release steps, clearance records, accidents, status steps and guarantees are JSON columns:
they are read and written with their record, never queried apart from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from shapely.geometry.base import BaseGeometry
from sqlalchemy import JSON, Float, Index, Integer, Select, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import Geometry, KeyList, UTCDateTime
from truceline.db.visibility import with_view
from truceline.geo.geometry import BBox, bbox_of
from truceline.humanitarian.hazard_models import HazardArea, HazardQuery
from truceline.humanitarian.window_models import HumanitarianWindow, WindowQuery

R = TypeVar("R")
M = TypeVar("M", bound=BaseModel)


class BoxColumns:
    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)


class HazardAreaRow(BoxColumns, Base):
    __tablename__ = "hazard_areas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    geometry: Mapped[BaseGeometry] = mapped_column(Geometry())
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    clearances: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    accidents: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    description: Mapped[str | None] = mapped_column(Text)
    release: Mapped[str] = mapped_column(String(20))
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_hazard_areas_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),
        Index("ix_hazard_areas_geometry", "geometry", postgresql_using="gist").ddl_if(dialect="postgresql"),
    )


class WindowRow(BoxColumns, Base):
    __tablename__ = "humanitarian_windows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    footprint: Mapped[BaseGeometry] = mapped_column(Geometry())
    area: Mapped[BaseGeometry | None] = mapped_column(Geometry(), nullable=True)
    route: Mapped[BaseGeometry | None] = mapped_column(Geometry(), nullable=True)
    buffer_m: Mapped[float | None] = mapped_column(Float)
    start: Mapped[datetime] = mapped_column(UTCDateTime())
    end: Mapped[datetime] = mapped_column(UTCDateTime())
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    parties_notified: Mapped[list[str]] = mapped_column(JSON)
    guarantees: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    description: Mapped[str | None] = mapped_column(Text)
    release: Mapped[str] = mapped_column(String(20))
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_humanitarian_windows_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),
        Index("ix_humanitarian_windows_time", "start", "end"),
        Index("ix_humanitarian_windows_footprint", "footprint", postgresql_using="gist")
        .ddl_if(dialect="postgresql"),
    )


def _set_box(row: BoxColumns, geometry: BaseGeometry) -> None:
    row.min_lon, row.min_lat, row.max_lon, row.max_lat = bbox_of(geometry)


def _overlapping(stmt: Select[Any], table: type[BoxColumns], box: BBox) -> Select[Any]:
    return stmt.where(table.min_lon <= box.max_lon, table.max_lon >= box.min_lon,
                      table.min_lat <= box.max_lat, table.max_lat >= box.min_lat)


def _paged(session: Session, stmt: Select[Any], order: Sequence[Any], page: Page) -> tuple[list[Any], int]:
    count = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(*order).limit(page.limit).offset(page.offset)).all()
    return list(rows), count


class _KeyedRows(Generic[R, M]):
    """get / get_by_key / add / save of one register whose rows have ``key``; subclasses say the row class,
    how a record fills a row (``_fill``) and how a row becomes a record (``_to_domain``)."""

    row_class: type[Any]
    what: str

    def __init__(self, session: Session) -> None:
        self.session = session

    def _fill(self, row: R, record: M) -> None:
        raise NotImplementedError

    def _to_domain(self, row: R) -> M:
        raise NotImplementedError

    def get(self, record_id: int) -> M | None:
        row = self.session.get(self.row_class, record_id)
        return None if row is None else self._to_domain(row)

    def get_by_key(self, key: str) -> M | None:
        row = self.session.scalars(select(self.row_class).where(self.row_class.key == key)).first()
        return None if row is None else self._to_domain(row)

    def add(self, record: M) -> M:
        row = self.row_class()
        self._fill(row, record)
        self.session.add(row)
        self.session.flush()
        return record.model_copy(update={"id": row.id})

    def save(self, record: M) -> None:
        row = self.session.get(self.row_class, record.id)  # type: ignore[attr-defined]
        assert row is not None, f"{self.what} {record.id} vanished"  # type: ignore[attr-defined]
        self._fill(row, record)
        self.session.flush()


class SqlHazardRepository(_KeyedRows[HazardAreaRow, HazardArea]):
    row_class = HazardAreaRow
    what = "hazard area"

    def _to_domain(self, row: HazardAreaRow) -> HazardArea:
        return _hazard(row)

    def list(self, query: HazardQuery, page: Page) -> Paged[HazardArea]:
        stmt = with_view(select(HazardAreaRow), HazardAreaRow, query.view)
        if query.type is not None:
            stmt = stmt.where(HazardAreaRow.type == query.type.value)
        if query.status is not None:
            stmt = stmt.where(HazardAreaRow.status == query.status.value)
        if query.bbox is not None:
            stmt = _overlapping(stmt, HazardAreaRow, query.bbox)
        rows, count = _paged(self.session, stmt, (HazardAreaRow.name, HazardAreaRow.id), page)
        return Paged([_hazard(r) for r in rows], count)

    def _fill(self, row: HazardAreaRow, hazard: HazardArea) -> None:
        data = hazard.model_dump(mode="json")
        row.key, row.name, row.type = hazard.key, hazard.name, hazard.type.value
        row.status = hazard.status.value
        row.geometry = hazard.geometry
        _set_box(row, hazard.geometry)
        row.history, row.clearances, row.accidents = data["history"], data["clearances"], data["accidents"]
        row.description, row.release, row.version = hazard.description, hazard.release.value, hazard.version
        row.released_to = hazard.released_to
        row.created_at, row.updated_at = hazard.created_at, hazard.updated_at


def _hazard(row: HazardAreaRow) -> HazardArea:
    return HazardArea.model_validate({
        "id": row.id, "key": row.key, "name": row.name, "type": row.type, "geometry": row.geometry,
        "history": row.history, "clearances": row.clearances, "accidents": row.accidents,
        "description": row.description, "release": ReleaseLevel(row.release), "version": row.version,
        "released_to": row.released_to,
        "created_at": row.created_at, "updated_at": row.updated_at})


class SqlWindowRepository(_KeyedRows[WindowRow, HumanitarianWindow]):
    row_class = WindowRow
    what = "humanitarian window"

    def _to_domain(self, row: WindowRow) -> HumanitarianWindow:
        return _window(row)

    def list(self, query: WindowQuery, page: Page) -> Paged[HumanitarianWindow]:
        stmt = with_view(select(WindowRow), WindowRow, query.view)
        if query.purpose is not None:
            stmt = stmt.where(WindowRow.purpose == query.purpose.value)
        if query.status is not None:
            stmt = stmt.where(WindowRow.status == query.status.value)
        if query.start is not None:
            stmt = stmt.where(WindowRow.end > query.start)
        if query.end is not None:
            stmt = stmt.where(WindowRow.start <= query.end)
        if query.bbox is not None:
            stmt = _overlapping(stmt, WindowRow, query.bbox)
        rows, count = _paged(self.session, stmt, (WindowRow.start, WindowRow.key), page)
        return Paged([_window(r) for r in rows], count)

    def _fill(self, row: WindowRow, window: HumanitarianWindow) -> None:
        data = window.model_dump(mode="json")
        row.key, row.name, row.purpose, row.status = window.key, window.name, window.purpose.value, window.status
        row.footprint, row.area, row.route, row.buffer_m = window.footprint, window.area, window.route, window.buffer_m
        _set_box(row, window.footprint)
        row.start, row.end = window.start, window.end
        row.steps, row.parties_notified, row.guarantees = data["steps"], data["parties_notified"], data["guarantees"]
        row.description, row.release, row.version = window.description, window.release.value, window.version
        row.released_to = window.released_to
        row.created_at, row.updated_at = window.created_at, window.updated_at


def _window(row: WindowRow) -> HumanitarianWindow:
    return HumanitarianWindow.model_validate({
        "id": row.id, "key": row.key, "name": row.name, "purpose": row.purpose, "status": row.status,
        "footprint": row.footprint, "area": row.area, "route": row.route, "buffer_m": row.buffer_m,
        "start": row.start, "end": row.end, "steps": row.steps, "parties_notified": row.parties_notified,
        "guarantees": row.guarantees, "description": row.description, "release": row.release,
        "released_to": row.released_to,
        "version": row.version, "created_at": row.created_at, "updated_at": row.updated_at})

