"""SQLAlchemy adapter of explosive ordnance accidents: one row each, the point as ``Geometry`` with its
longitude and latitude in columns for the ``bbox`` filter on both engines."""

from __future__ import annotations

from datetime import date, datetime

from shapely.geometry.base import BaseGeometry
from sqlalchemy import Date, Float, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import Geometry, UTCDateTime
from truceline.db.visibility import with_view
from truceline.humanitarian.accident_models import AccidentQuery, ExplosiveAccident
from truceline.humanitarian.repository import _KeyedRows, _paged


class AccidentRow(Base):
    __tablename__ = "eo_accidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    on: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[BaseGeometry] = mapped_column(Geometry())
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    device: Mapped[str] = mapped_column(String(32))
    killed: Mapped[int] = mapped_column(Integer)
    injured: Mapped[int] = mapped_column(Integer)
    victims: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    release: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (Index("ix_eo_accidents_lon_lat", "lon", "lat"),)


FIELDS = ("key", "on", "place", "device", "killed", "injured", "victims", "note", "release", "version", "created_at",
          "updated_at")


class SqlAccidentRepository(_KeyedRows[AccidentRow, ExplosiveAccident]):
    row_class = AccidentRow
    what = "explosive ordnance accident"

    def _to_domain(self, row: AccidentRow) -> ExplosiveAccident:
        return ExplosiveAccident.model_validate({"id": row.id, **{f: getattr(row, f) for f in FIELDS}})

    def _fill(self, row: AccidentRow, accident: ExplosiveAccident) -> None:
        for f in FIELDS:
            value = getattr(accident, f)
            setattr(row, f, value.value if hasattr(value, "value") else value)
        row.lon, row.lat = accident.place.x, accident.place.y

    def list(self, query: AccidentQuery, page: Page) -> Paged[ExplosiveAccident]:
        stmt = with_view(select(AccidentRow), AccidentRow, query.view)
        if query.device is not None:
            stmt = stmt.where(AccidentRow.device == query.device.value)
        if query.since is not None:
            stmt = stmt.where(AccidentRow.on >= query.since)
        if query.until is not None:
            stmt = stmt.where(AccidentRow.on <= query.until)
        if query.bbox is not None:
            b = query.bbox
            stmt = stmt.where(AccidentRow.lon >= b.min_lon, AccidentRow.lon <= b.max_lon,
                              AccidentRow.lat >= b.min_lat, AccidentRow.lat <= b.max_lat)
        rows, count = _paged(self.session, stmt, (AccidentRow.on.desc(), AccidentRow.key), page)
        return Paged([self._to_domain(r) for r in rows], count)
