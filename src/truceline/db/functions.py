"""SQL functions whose spelling differs by engine, behind one name (as ``types.py`` does for columns).

``utc_day(column)``: the UTC calendar day of a ``UTCDateTime`` column, for GROUP BY. SQLite stores the
UTC time as text (``date()`` reads it); PostgreSQL stores ``timestamptz``, whose day depends on the
session's time zone unless it is taken ``AT TIME ZONE 'UTC'`` first. Results come back as ISO text on
SQLite and as ``date`` on PostgreSQL: :func:`iso_day` reads both.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import String


class utc_day(FunctionElement[str]):  # noqa: N801 - used like an SQL function
    inherit_cache = True
    name = "utc_day"
    type = String()


@compiles(utc_day)
def _utc_day_default(element: utc_day, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_day, "postgresql")
def _utc_day_pg(element: utc_day, compiler: Any, **kw: Any) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC') AS DATE)"


def iso_day(value: Any) -> str:
    """``YYYY-MM-DD`` from what either engine returns for ``utc_day``."""
    return value.isoformat() if isinstance(value, date) else str(value)[:10]
