"""Benchmark: incident list queries by bbox + time range + type over N synthetic incidents.

    .venv/bin/python -m bench.bench_incident_queries --n 1000000 --url sqlite:////tmp/bench-incidents.db
    .venv/bin/python -m bench.bench_incident_queries --n 1000000 --url postgresql+psycopg://postgres@127.0.0.1/bench

The database is created (or emptied) and filled with bulk inserts, then ``--queries`` random queries run
through the real repository (``SqlIncidentRepository.list``, page of 100 with its total count): a box of
about 50 x 50 km, a 7-day window and one event type. Prints p50, p95 and max in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import delete, insert, text

from bench.generate import SYRIA_BBOX, T0, VIOLENT
from truceline.common.paging import Page
from truceline.db.base import Base, load_all_tables
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.migrate import upgrade
from truceline.geo.geometry import BBox
from truceline.incidents.clustering import TYPES
from truceline.incidents.models import IncidentQuery
from truceline.incidents.repository import IncidentRow, SqlIncidentRepository


def fill(engine, n: int, *, seed: int = 1, chunk: int = 50_000) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(delete(IncidentRow))
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        t = T0 + rng.uniform(0, 365 * 86400, m)
        lon = rng.uniform(SYRIA_BBOX[0], SYRIA_BBOX[2], m)
        lat = rng.uniform(SYRIA_BBOX[1], SYRIA_BBOX[3], m)
        types = rng.choice(VIOLENT, m)
        rows = [{"uid": f"b{start + k:012d}", "event_type": TYPES[types[k]].value, "status": "received",
                 "start_at": datetime.fromtimestamp(t[k], UTC), "end_at": datetime.fromtimestamp(t[k] + 3600, UTC),
                 "lon": float(lon[k]), "lat": float(lat[k]), "perpetrators": "[]", "targets": "[]",
                 "published": False, "release": "mechanism", "version": 1, "created_at": now, "updated_at": now}
                for k in range(m)]
        with engine.begin() as conn:
            conn.execute(insert(IncidentRow), rows)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE incidents"))


def measure(engine, queries: int, *, seed: int = 2) -> list[float]:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    session = make_sessionmaker(engine)()
    repo = SqlIncidentRepository(session)
    out = []
    for _ in range(queries):
        lon0 = rng.uniform(SYRIA_BBOX[0], SYRIA_BBOX[2] - 0.5)
        lat0 = rng.uniform(SYRIA_BBOX[1], SYRIA_BBOX[3] - 0.5)
        t0 = T0 + rng.uniform(0, 358 * 86400)
        query = IncidentQuery(start=datetime.fromtimestamp(t0, UTC), end=datetime.fromtimestamp(t0 + 7 * 86400, UTC),
                              event_type=TYPES[int(rng.choice(VIOLENT))],
                              bbox=BBox(min_lon=lon0, min_lat=lat0, max_lon=lon0 + 0.5, max_lat=lat0 + 0.45))
        began = time.perf_counter()
        repo.list(query, Page(limit=100))
        out.append((time.perf_counter() - began) * 1000)
    session.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--url", default="sqlite:////tmp/bench-incidents.db")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="reuse the incidents already loaded if there are --n")
    args = parser.parse_args()
    engine = make_engine(args.url)
    load_all_tables()
    upgrade(engine)
    assert Base.metadata.tables["incidents"] is not None
    with engine.connect() as conn:
        loaded = conn.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    if args.keep and loaded == args.n:
        print(f"{engine.dialect.name}: reusing the {loaded} incidents loaded before")
    else:
        began = time.perf_counter()
        fill(engine, args.n)
        print(f"{engine.dialect.name}: {args.n} incidents loaded in {time.perf_counter() - began:.0f} s")
    times = sorted(measure(engine, args.queries))
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{engine.dialect.name}: {len(times)} queries  p50 {statistics.median(times):.1f} ms  "
          f"p95 {p95:.1f} ms  max {times[-1]:.1f} ms")
    engine.dispose()


if __name__ == "__main__":
    main()
