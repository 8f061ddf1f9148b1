"""The place-and-time index of incidents: what makes "this box, this week" fast on a million incidents.

A map query filters by a bounding box and a time window. Separate B-trees on longitude, latitude and time
each match a wide slice of the table; a multi-dimensional index matches the few incidents inside all three
ranges at once. Each engine has its own:

- **SQLite**: an R*Tree virtual table ``incidents_rtree`` (id, lon, lat, start/end as Unix seconds), kept
  in step with ``incidents`` by triggers, so every writer (the repository, bulk loads, migrations) updates it.
  R*Tree stores 32-bit floats rounded outwards, so it may return a few extra candidates and never misses one;
  the exact predicates on ``incidents`` still apply.
- **PostgreSQL**: a composite GiST index over ``event_type`` (``btree_gist``),
  ``box(point(lon, lat), point(lon, lat))`` and ``tstzrange(start_at, end_at, '[]')``; the query repeats the
  same expressions with ``&&``. The type comes first: GiST then groups each type's incidents by place and
  time, and a map filtered by type reads a fifth of the pages (a query without a type still uses it).

:func:`candidate_filter` gives the extra WHERE clause for one engine; :func:`install` writes the DDL (used
by ``create_all`` through table events and by the migration that introduced the index).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ColumnElement, Float, Integer, MetaData, Table, and_, func, literal, select, text
from sqlalchemy.dialects.postgresql import TSTZRANGE

RTREE = "incidents_rtree"
GIST = "ix_incidents_place_time"

# Outside the models' metadata: ``create_all`` must not try to create a virtual table as a plain one.
rtree = Table(RTREE, MetaData(), Column("id", Integer, primary_key=True), Column("min_lon", Float),
              Column("max_lon", Float), Column("min_lat", Float), Column("max_lat", Float),
              Column("min_t", Float), Column("max_t", Float))

_EPOCH = "CAST(strftime('%s', {}) AS INTEGER)"
_ROW = f"new.id, new.lon, new.lon, new.lat, new.lat, {_EPOCH.format('new.start_at')}, {_EPOCH.format('new.end_at')}"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {RTREE} USING rtree(id, min_lon, max_lon, min_lat, max_lat, min_t, max_t)",
    f"CREATE TRIGGER IF NOT EXISTS {RTREE}_insert AFTER INSERT ON incidents BEGIN "
    f"INSERT INTO {RTREE} VALUES ({_ROW}); END",
    f"CREATE TRIGGER IF NOT EXISTS {RTREE}_update AFTER UPDATE OF id, lon, lat, start_at, end_at ON incidents BEGIN "
    f"DELETE FROM {RTREE} WHERE id = old.id; INSERT INTO {RTREE} VALUES ({_ROW}); END",
    f"CREATE TRIGGER IF NOT EXISTS {RTREE}_delete AFTER DELETE ON incidents BEGIN "
    f"DELETE FROM {RTREE} WHERE id = old.id; END",
)
SQLITE_FILL = (f"INSERT INTO {RTREE} SELECT id, lon, lon, lat, lat, {_EPOCH.format('start_at')}, "
               f"{_EPOCH.format('end_at')} FROM incidents")
SQLITE_DROP = (f"DROP TRIGGER IF EXISTS {RTREE}_insert", f"DROP TRIGGER IF EXISTS {RTREE}_update",
               f"DROP TRIGGER IF EXISTS {RTREE}_delete", f"DROP TABLE IF EXISTS {RTREE}")

POSTGRES_DDL = (f"CREATE INDEX IF NOT EXISTS {GIST} ON incidents USING gist "
                "(event_type, box(point(lon, lat), point(lon, lat)), tstzrange(start_at, end_at, '[]'))",)
POSTGRES_DROP = (f"DROP INDEX IF EXISTS {GIST}",)

# names the index owns, which Alembic's comparison of models and database must leave alone
OWNED_TABLES = {RTREE, f"{RTREE}_node", f"{RTREE}_rowid", f"{RTREE}_parent"}
OWNED_INDEXES = {GIST}

_FAR = 1e12  # beyond any coordinate or Unix time: stands for an open side


def install(connection: Any, *, fill: bool = False) -> None:
    """Create the index for ``connection``'s engine; ``fill`` indexes rows already in ``incidents``."""
    dialect = connection.dialect.name
    statements = SQLITE_DDL if dialect == "sqlite" else POSTGRES_DDL if dialect == "postgresql" else ()
    for statement in statements:
        connection.execute(text(statement))
    if fill and dialect == "sqlite":
        connection.execute(text(f"DELETE FROM {RTREE}"))
        connection.execute(text(SQLITE_FILL))


def uninstall(connection: Any) -> None:
    dialect = connection.dialect.name
    for statement in SQLITE_DROP if dialect == "sqlite" else POSTGRES_DROP if dialect == "postgresql" else ():
        connection.execute(text(statement))


def candidate_filter(dialect: str, id_col: Any, lon: Any, lat: Any, start_at: Any, end_at: Any, *,
                     bbox: Any | None, start: datetime | None, end: datetime | None) -> ColumnElement[bool] | None:
    """The WHERE clause that lets ``dialect`` use the index for a box and a window (either may be open),
    or None when there is nothing to narrow by or the engine has no such index."""
    if bbox is None and start is None and end is None:
        return None
    if dialect == "sqlite":
        t0 = -_FAR if start is None else start.timestamp()
        t1 = _FAR if end is None else end.timestamp()
        box = (-_FAR, -_FAR, _FAR, _FAR) if bbox is None else (bbox.min_lon, bbox.min_lat, bbox.max_lon, bbox.max_lat)
        inside = select(rtree.c.id).where(rtree.c.max_lon >= box[0], rtree.c.min_lon <= box[2],
                                          rtree.c.max_lat >= box[1], rtree.c.min_lat <= box[3],
                                          rtree.c.max_t >= t0, rtree.c.min_t <= t1)
        return id_col.in_(inside)
    if dialect == "postgresql":
        clauses = []
        if bbox is not None:
            here = func.box(func.point(lon, lat), func.point(lon, lat))
            clauses.append(here.op("&&")(func.box(func.point(bbox.min_lon, bbox.min_lat),
                                                  func.point(bbox.max_lon, bbox.max_lat))))
        if start is not None or end is not None:
            span = func.tstzrange(start_at, end_at, literal("[]"), type_=TSTZRANGE)
            window = func.tstzrange(start, end, literal("[]"), type_=TSTZRANGE)
            clauses.append(span.op("&&")(window))
        return and_(*clauses)
    return None
