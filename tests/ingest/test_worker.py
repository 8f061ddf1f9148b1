"""The worker on the local PostgreSQL: procrastinate's schema, the periodic feed poll registered, a deferred
poll run by a one-shot worker (no sleeps); SQLite is refused with a code."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from tests.conftest import PG_ADMIN_URL, REQUIRE_PG, prepare_schema
from tests.ingest.feedserver import feed_server, rss
from tests.ingest.helpers import FakeExtractor, event, seed
from truceline.cli.main import app as cli_app
from truceline.clock import SystemClock
from truceline.common.context import Ctx
from truceline.common.paging import Page
from truceline.config import get_settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import store_scope
from truceline.errors import WorkerNeedsPostgres
from truceline.ingest.feed_service import add_feed, get_feed
from truceline.ingest.fetch import HttpFetcher
from truceline.ingest.models import DocumentQuery
from truceline.ingest.worker import QUEUE, TASK_NAME, libpq_url, make_worker_app


def in_thread(fn, *args, **kwargs):
    """Run ``fn`` in a thread of its own: procrastinate's sync entry points start an asyncio loop, which a
    thread that already runs one (the browser tests' Playwright, in the same test session) cannot."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result(timeout=120)


BODY = rss(("Shelling in Idlib", "one", "Sat, 30 Sep 2017 10:00:00 +0000", "Militants shelled Idlib, killing 3."))


@pytest.fixture
def worker_db() -> Iterator[str]:
    """A database of its own (procrastinate adds its tables and functions), dropped afterwards."""
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"truceline_worker_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required but unreachable: {exc}")
        pytest.skip("PostgreSQL unreachable")
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    prepare_schema(engine)
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_worker_refuses_sqlite_with_a_code(monkeypatch, tmp_path):
    with pytest.raises(WorkerNeedsPostgres):
        libpq_url("sqlite:///x.db")
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    get_settings.cache_clear()
    try:
        r = CliRunner().invoke(cli_app, ["worker", "--one-shot"])
    finally:
        get_settings.cache_clear()
    assert r.exit_code == 2 and "E715" in r.output


def test_libpq_url_drops_the_driver():
    assert libpq_url("postgresql+psycopg://postgres@127.0.0.1:5432/db") == "postgresql://postgres@127.0.0.1:5432/db"


@pytest.mark.postgres
def test_a_one_shot_worker_polls_the_due_feeds(worker_db):
    db = make_engine(worker_db)
    factory = make_sessionmaker(db)
    with feed_server() as server:
        server.routes["/rss"] = (200, BODY)
        with store_scope(factory) as store:
            seed(store)
            add_feed(store, Ctx(actor="t", clock=SystemClock()), url=server.url("/rss"), source="wire", key="wire")
            add_feed(store, Ctx(actor="t", clock=SystemClock()), url=server.url("/down"), source="wire", key="down")
        app = make_worker_app(worker_db, cron="*/5 * * * *", fetcher=HttpFetcher(timeout_seconds=5),
                              extractor=FakeExtractor(events=[event()]))
        with app.open():
            app.schema_manager.apply_schema()
            assert [p.task.name for p in app.periodic_registry.periodic_tasks.values()] == [TASK_NAME]
            app.tasks[TASK_NAME].defer(timestamp=0)
        in_thread(app.run_worker, queues=[QUEUE], wait=False, install_signal_handlers=False, listen_notify=False)
        assert "/rss" in server.hits and "/down" in server.hits
    with store_scope(factory) as store:
        docs = store.documents.list(DocumentQuery(), Page()).items
        wire, down = get_feed(store, "wire"), get_feed(store, "down")
    db.dispose()
    assert [d.origin for d in docs] == ["feed"] and docs[0].submitted_by == "worker"
    assert wire.status == "ok" and wire.documents_ingested == 1
    assert down.status == "failing" and down.last_error_code == "E712"
    engine = make_engine(worker_db)
    with engine.connect() as conn:
        statuses = conn.execute(text("SELECT status FROM procrastinate_jobs")).scalars().all()
    engine.dispose()
    assert "succeeded" in statuses


@pytest.mark.postgres
def test_worker_command_applies_the_schema_once_and_runs_one_shot(worker_db, monkeypatch):
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", worker_db)
    get_settings.cache_clear()
    try:
        first = in_thread(CliRunner().invoke, cli_app, ["worker", "--apply-schema", "--one-shot"])
        again = in_thread(CliRunner().invoke, cli_app, ["worker", "--apply-schema", "--one-shot"])
    finally:
        get_settings.cache_clear()
    assert first.exit_code == 0, first.output
    assert "procrastinate schema applied" in first.output
    assert again.exit_code == 0 and "procrastinate schema already there" in again.output
