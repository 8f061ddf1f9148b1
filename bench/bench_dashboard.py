"""Benchmark: the dashboard's counts over N synthetic incidents (GROUP BY in the database).

    .venv/bin/python -m bench.bench_dashboard --n 1000000 --url sqlite:////tmp/bench-dashboard.db
    .venv/bin/python -m bench.bench_dashboard --n 1000000 --url postgresql+psycopg://postgres@127.0.0.1/bench

The database is built by the migrations, holds the demo registers (zones, posts, parties) and is filled
with bulk inserts: incidents spread over a year, five violent types, a grade, a scope class, zero to two
alleged parties, 70 % in one of the demo zones (a few in two), 40 % published public, 3 % dismissed.
Then ``dashboard.service.build_dashboard`` runs (every count, coverage included) for each case, a few
times; the median and the worst time of each case are printed in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import UTC, datetime, timedelta

import numpy as np
from sqlalchemy import delete, insert, text

from bench.generate import T0, VIOLENT
from truceline.accounts.models import Role
from truceline.accounts.policy import Principal
from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.dashboard.service import build_dashboard
from truceline.db.base import load_all_tables
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.migrate import upgrade
from truceline.db.store import SqlStore, store_scope
from truceline.demo.loader import load_demo
from truceline.incidents.clustering import TYPES
from truceline.incidents.repository import IncidentRow, IncidentZoneRow

ZONES = ["idlib", "eastern-ghouta", "northern-homs", "south-west"]
PARTIES = ["syrian-government", "hts", "isil", "faylaq-al-rahman", "jaysh-al-islam", "russia", "turkey"]
GRADES = [None, "confirmed", "fair", "weak", "contested", "discounted"]
SCOPES = [None, "violation", "excluded_party", "outside_zones", "undetermined"]
DAY0 = datetime.fromtimestamp(T0, UTC).date()
ANALYST = Principal(role=Role.analyst, username="bench")
CASES: list[tuple[str, Principal, int, int, str | None]] = [  # name, reader, first day, days, zone
    ("30 days, staff", ANALYST, 180, 30, None),
    ("30 days, public", Principal.anonymous(), 180, 30, None),
    ("30 days, one zone, staff", ANALYST, 180, 30, "idlib"),
    ("365 days (all), staff", ANALYST, 0, 365, None),
    ("365 days (all), public", Principal.anonymous(), 0, 365, None),
]


def fill(engine, n: int, *, seed: int = 3, chunk: int = 50_000) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(seed)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(delete(IncidentZoneRow))
        conn.execute(delete(IncidentRow))
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        t = T0 + rng.uniform(0, 365 * 86400, m)
        types = rng.choice(VIOLENT, m)
        grades = rng.integers(0, len(GRADES), m)
        scopes = rng.integers(0, len(SCOPES), m)
        n_parties = rng.choice([0, 1, 1, 1, 2], m)
        parties = rng.integers(0, len(PARTIES), (m, 2))
        zone = np.where(rng.random(m) < 0.7, rng.integers(0, len(ZONES), m), -1)
        second = np.where(rng.random(m) < 0.05, rng.integers(0, len(ZONES), m), -1)
        public = rng.random(m) < 0.4
        dismissed = rng.random(m) < 0.03
        rows, links = [], []
        for k in range(m):
            ident = start + k + 1
            perps = sorted({PARTIES[parties[k, j]] for j in range(n_parties[k])})
            rows.append({"id": ident, "uid": f"d{ident:012d}", "event_type": TYPES[types[k]].value,
                         "status": "dismissed" if dismissed[k] else "graded", "grade": GRADES[grades[k]],
                         "start_at": datetime.fromtimestamp(t[k], UTC),
                         "end_at": datetime.fromtimestamp(t[k] + 3600, UTC), "lon": 37.0, "lat": 35.0,
                         "perpetrators": json.dumps(perps), "targets": "[]", "scope_class": SCOPES[scopes[k]],
                         "published": bool(public[k]), "release": "public" if public[k] else "mechanism",
                         "version": 1, "created_at": now, "updated_at": now})
            for z in sorted({int(zone[k]), int(second[k])} - {-1}):
                links.append({"incident_id": ident, "zone_key": ZONES[z]})
        with engine.begin() as conn:
            conn.execute(insert(IncidentRow), rows)
            if links:
                conn.execute(insert(IncidentZoneRow), links)


def measure(engine, *, runs: int) -> list[tuple[str, int, float, float]]:  # type: ignore[no-untyped-def]
    session = make_sessionmaker(engine)()
    store = SqlStore(session)
    out = []
    for name, reader, first, days, zone in CASES:
        start = DAY0 + timedelta(days=first)
        times, total = [], 0
        for _ in range(runs):
            began = time.perf_counter()
            board = build_dashboard(store, reader, start=start, end=start + timedelta(days=days - 1), zone=zone)
            times.append((time.perf_counter() - began) * 1000)
            total = board.total
        out.append((name, total, statistics.median(times), max(times)))
    session.close()
    return out


def prepare(engine, n: int, *, keep: bool) -> None:  # type: ignore[no-untyped-def]
    load_all_tables()
    upgrade(engine)
    with store_scope(make_sessionmaker(engine)) as store:
        if store.zones.get_by_key("idlib") is None:
            load_demo(store, Ctx(actor="bench", clock=FixedClock(datetime(2018, 1, 1, tzinfo=UTC))))
    with engine.connect() as conn:
        loaded = conn.execute(text("SELECT count(*) FROM incidents")).scalar_one()
    if keep and loaded == n:
        print(f"{engine.dialect.name}: reusing the {loaded} incidents loaded before")
    else:
        began = time.perf_counter()
        fill(engine, n)
        print(f"{engine.dialect.name}: {n} incidents loaded in {time.perf_counter() - began:.0f} s")
    if engine.dialect.name == "postgresql":  # what autovacuum does after a big load: statistics, visibility map
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE incidents"))
            conn.execute(text("VACUUM ANALYZE incident_zones"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--url", default="sqlite:////tmp/bench-dashboard.db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="reuse the incidents already loaded if there are --n")
    args = parser.parse_args()
    engine = make_engine(args.url)
    prepare(engine, args.n, keep=args.keep)
    for name, total, median, worst in measure(engine, runs=args.runs):
        print(f"{engine.dialect.name}: {name:<28} {total:>8} incidents  median {median:8.1f} ms  max {worst:8.1f} ms")
    engine.dispose()


if __name__ == "__main__":
    main()
