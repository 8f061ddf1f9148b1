"""The dashboard benchmark's data and measurement run end to end on a small SQLite database."""

from __future__ import annotations

from bench.bench_dashboard import CASES, fill, measure, prepare

from truceline.db.engine import make_engine


def test_dashboard_bench_counts_what_it_loaded(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'bench.db'}")
    prepare(engine, 0, keep=False)
    fill(engine, 3000, chunk=1000)
    results = {name: total for name, total, _median, _worst in measure(engine, runs=1)}
    engine.dispose()
    assert set(results) == {c[0] for c in CASES}
    everything, public = results["365 days (all), staff"], results["365 days (all), public"]
    assert 2800 < everything < 3000  # the dismissed ones are not counted
    assert 0.3 * everything < public < 0.5 * everything
    assert results["30 days, one zone, staff"] < results["30 days, staff"]
