"""The place-and-time index: kept in step with the incidents on every write, and used by queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, inspect, text, update

from truceline.common.paging import Page
from truceline.geo.geometry import BBox
from truceline.incidents import place_time_index
from truceline.incidents.models import Incident, IncidentQuery
from truceline.incidents.repository import IncidentRow

T0 = datetime(2017, 10, 20, 6, 0, tzinfo=UTC)


def _incident(uid: str, *, hours: float, lon: float, lat: float) -> Incident:
    return Incident(id=0, uid=uid, event_type="shelling", start=T0 + timedelta(hours=hours),
                    end=T0 + timedelta(hours=hours + 2), lon=lon, lat=lat, created_at=T0, updated_at=T0)


def _rtree(session) -> dict[int, tuple[float, ...]]:
    rows = session.execute(text(f"SELECT * FROM {place_time_index.RTREE}")).all()
    return {int(r[0]): tuple(r[1:]) for r in rows}


def _check_sqlite_rtree(sql_store) -> None:
    session = sql_store.session
    a = sql_store.incidents.add(_incident("a", hours=0, lon=36.6, lat=35.9))
    b = sql_store.incidents.add(_incident("b", hours=5, lon=38.0, lat=34.0))
    tree = _rtree(session)
    assert set(tree) == {a.id, b.id}
    lon0, lon1, lat0, lat1, t0, t1 = tree[a.id]
    assert lon0 <= 36.6 <= lon1 and lat0 <= 35.9 <= lat1
    assert t0 <= T0.timestamp() and t1 >= (T0 + timedelta(hours=2)).timestamp()
    session.execute(update(IncidentRow).where(IncidentRow.id == a.id).values(lon=40.0))
    assert _rtree(session)[a.id][0] <= 40.0 <= _rtree(session)[a.id][1]
    session.execute(delete(IncidentRow).where(IncidentRow.id == b.id))
    assert set(_rtree(session)) == {a.id}


def _check_postgres_gist(sql_store) -> None:
    session = sql_store.session
    assert place_time_index.GIST in {ix["name"] for ix in inspect(session.get_bind()).get_indexes("incidents")}
    sql_store.incidents.add(_incident("a", hours=0, lon=36.6, lat=35.9))
    session.execute(text("SET LOCAL enable_seqscan = off"))  # a tiny table would be scanned otherwise
    plan = "\n".join(r[0] for r in session.execute(text(
        "EXPLAIN SELECT id FROM incidents WHERE box(point(lon, lat), point(lon, lat)) && "
        "box(point(36, 35), point(37, 36)) AND tstzrange(start_at, end_at, '[]') && "
        "tstzrange('2017-10-20', '2017-10-27', '[]')")))
    assert place_time_index.GIST in plan


def test_place_time_index_is_installed_and_follows_writes(sql_store):
    """SQLite: the R*Tree follows inserts, updates and deletes (triggers). PostgreSQL: the GiST serves the
    query's expressions."""
    if sql_store.session.get_bind().dialect.name == "sqlite":
        _check_sqlite_rtree(sql_store)
    else:
        _check_postgres_gist(sql_store)


@pytest.mark.parametrize(("bbox", "start", "end", "expected"), [
    (BBox(min_lon=36.0, min_lat=35.0, max_lon=37.0, max_lat=36.0), None, None, {"a"}),
    (None, T0 + timedelta(hours=4), None, {"b", "c"}),
    (None, None, T0 + timedelta(hours=1), {"a"}),
    (BBox(min_lon=37.0, min_lat=33.0, max_lon=39.0, max_lat=35.0), T0 + timedelta(hours=6),
     T0 + timedelta(hours=6, minutes=30), {"b"}),
    (BBox(min_lon=37.0, min_lat=33.0, max_lon=39.0, max_lat=35.0), T0 + timedelta(hours=8), None, set()),
])
def test_place_time_index_queries_match_the_exact_rule(any_store, bbox, start, end, expected):
    any_store.incidents.add(_incident("a", hours=0, lon=36.6, lat=35.9))
    any_store.incidents.add(_incident("b", hours=5, lon=38.0, lat=34.0))  # ends at hour 7
    any_store.incidents.add(_incident("c", hours=30, lon=41.0, lat=36.5))
    got = any_store.incidents.list(IncidentQuery(bbox=bbox, start=start, end=end), Page(limit=10))
    assert {i.uid for i in got.items} == expected and got.count == len(expected)


def test_place_time_index_page_past_the_end_keeps_the_total(any_store):
    for n in range(3):
        any_store.incidents.add(_incident(f"p{n}", hours=n, lon=36.6, lat=35.9))
    query = IncidentQuery(bbox=BBox(min_lon=36.0, min_lat=35.0, max_lon=37.0, max_lat=36.0), start=T0)
    first = any_store.incidents.list(query, Page(limit=2))
    assert [i.uid for i in first.items] == ["p0", "p1"] and first.count == 3
    beyond = any_store.incidents.list(query, Page(limit=2, offset=10))
    assert beyond.items == [] and beyond.count == 3
