"""Column types that differ by engine behind one name.

``Geometry`` holds a shapely geometry in WGS84 (SRID 4326):

* on PostgreSQL it is a PostGIS ``geometry(Geometry, 4326)`` column; values travel as WKB through
  ``ST_GeomFromWKB`` / ``ST_AsBinary`` so spatial SQL (``ST_Intersects``, GiST indexes) works on it;
* on SQLite it is a BLOB of the same WKB; spatial work is done with shapely and bounding-box columns.

The Python side is the same on both engines: shapely in, shapely out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy.dialects.postgresql.base import ischema_names as pg_ischema_names
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement, type_coerce
from sqlalchemy.types import DateTime, Text, TypeDecorator, UserDefinedType


class Geometry(UserDefinedType[BaseGeometry]):
    cache_ok = True

    def __init__(self, *_reflected: Any) -> None:
        """Always ``geometry(Geometry, 4326)``; arguments reflected from PostGIS are ignored."""

    def get_col_spec(self, **kw: Any) -> str:  # overridden per dialect below
        return "BLOB"

    def bind_processor(self, dialect: Any) -> Any:
        def process(value: BaseGeometry | None) -> bytes | None:
            return None if value is None else shapely.to_wkb(value)

        return process

    def result_processor(self, dialect: Any, coltype: Any) -> Any:
        def process(value: Any) -> BaseGeometry | None:
            if value is None:
                return None
            if isinstance(value, str):  # psycopg may hand back hex for untyped results
                return shapely.from_wkb(bytes.fromhex(value))
            return shapely.from_wkb(bytes(value))

        return process

    def bind_expression(self, bindvalue: Any) -> ColumnElement[Any]:
        return _FromWKB(bindvalue)

    def column_expression(self, col: Any) -> ColumnElement[Any]:
        return _AsWKB(col)


@compiles(Geometry, "postgresql")
def _pg_geometry_type(element: Geometry, compiler: Any, **kw: Any) -> str:
    return "geometry(Geometry,4326)"


@compiles(Geometry, "sqlite")
def _sqlite_geometry_type(element: Geometry, compiler: Any, **kw: Any) -> str:
    return "BLOB"


# Let reflection (Alembic's comparisons) recognise PostGIS columns as ours.
pg_ischema_names["geometry"] = Geometry


class _FromWKB(FunctionElement[Any]):
    inherit_cache = True
    name = "from_wkb"


class _AsWKB(FunctionElement[Any]):
    inherit_cache = True
    name = "as_wkb"

    def __init__(self, *clauses: Any, **kw: Any) -> None:
        super().__init__(*clauses, **kw)
        self.type = Geometry()  # so the result processor turns WKB back into shapely


@compiles(_FromWKB)
def _from_wkb_default(element: _FromWKB, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(_FromWKB, "postgresql")
def _from_wkb_pg(element: _FromWKB, compiler: Any, **kw: Any) -> str:
    return f"ST_GeomFromWKB({compiler.process(element.clauses, **kw)}, 4326)"


@compiles(_AsWKB)
def _as_wkb_default(element: _AsWKB, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)


@compiles(_AsWKB, "postgresql")
def _as_wkb_pg(element: _AsWKB, compiler: Any, **kw: Any) -> str:
    return f"ST_AsBinary({compiler.process(element.clauses, **kw)})"


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class KeyList(TypeDecorator[list[str]]):
    """A short list of keys (``[a-z0-9-]``) as text between commas, ``",russia,turkey,"``, so that one
    ``LIKE '%,russia,%'`` finds a member on every engine (``key_list_contains``). Empty is NULL."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[str] | None, dialect: Any) -> str | None:
        if not value:
            return None
        for key in value:
            assert "," not in key and "%" not in key, f"not a key: {key!r}"
        return "," + ",".join(sorted(set(value))) + ","

    def process_result_value(self, value: str | None, dialect: Any) -> list[str]:
        return [k for k in (value or "").split(",") if k]


def key_list_contains(column: Any, key: str) -> ColumnElement[bool]:
    """True where the ``KeyList`` column lists ``key``."""
    return type_coerce(column, Text).like(f"%,{key},%")
