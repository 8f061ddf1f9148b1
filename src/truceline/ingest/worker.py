"""The background worker on PostgreSQL: a procrastinate app whose periodic task polls the due feeds.

``truceline worker`` runs it. Every ``TRUCELINE_FEED_POLL_CRON`` (each minute by default) procrastinate
defers one ``poll_feeds`` job into the ``ingest`` queue of its own tables (``procrastinate_*``, created by
``truceline worker --apply-schema``); a worker runs it, and the job polls the feeds that are due exactly as
``truceline ingest poll`` does (each feed's interval and back-off decide; one job at a time: lock
``poll-feeds``). Several workers may run; jobs survive restarts. SQLite has no worker: run
``truceline ingest poll`` from cron instead.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url

from truceline.common.context import Ctx
from truceline.errors import WorkerNeedsPostgres
from truceline.ingest.feed_service import DEFAULT_BACKOFF_CAP_MINUTES, poll_due
from truceline.ingest.fetch import Fetcher, HttpFetcher
from truceline.ingest.service import Extractor, LazyPipeline

TASK_NAME = "truceline.ingest.poll_feeds"
QUEUE = "ingest"


def libpq_url(database_url: str) -> str:
    """The SQLAlchemy URL as libpq understands it (no ``+psycopg`` driver suffix)."""
    if not database_url.startswith("postgresql"):
        raise WorkerNeedsPostgres("the worker runs on PostgreSQL only (procrastinate keeps its jobs there); on "
                                  "SQLite run `truceline ingest poll` from cron instead",
                                  details=[{"field": "database_url"}])
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def make_worker_app(database_url: str, *, cron: str = "* * * * *", fetcher: Fetcher | None = None,
                    extractor: Extractor | None = None,
                    cap_minutes: int = DEFAULT_BACKOFF_CAP_MINUTES, actor: str = "worker") -> Any:
    """The procrastinate app with the periodic feed poll (its fetcher and extractor may be given)."""
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=libpq_url(database_url)))

    @app.periodic(cron=cron, periodic_id="poll-feeds")
    @app.task(name=TASK_NAME, queue=QUEUE, lock="poll-feeds")
    def poll_feeds(timestamp: int) -> dict[str, int]:
        return run_poll(database_url, fetcher=fetcher or HttpFetcher(), extractor=extractor or LazyPipeline(),
                        cap_minutes=cap_minutes, actor=actor)

    del poll_feeds  # registered on the app: app.tasks[TASK_NAME]
    return app


def apply_schema(app: Any, database_url: str) -> bool:
    """Create procrastinate's tables unless they exist; True when they were created now."""
    from sqlalchemy import inspect

    from truceline.db.engine import make_engine

    engine = make_engine(database_url)
    try:
        if inspect(engine).has_table("procrastinate_jobs"):
            return False
    finally:
        engine.dispose()
    with app.open():
        app.schema_manager.apply_schema()
    return True


def run_poll(database_url: str, *, fetcher: Fetcher, extractor: Extractor, cap_minutes: int,
             actor: str) -> dict[str, int]:
    """One poll of the due feeds on ``database_url``; counts for the job's log."""
    from truceline.db.engine import make_engine, make_sessionmaker
    from truceline.db.store import store_scope

    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    try:
        polls = poll_due(scope=lambda: store_scope(factory), ctx=Ctx(actor=actor), extractor=extractor,
                         fetcher=fetcher, cap_minutes=cap_minutes)
    finally:
        engine.dispose()
    return {"feeds": len(polls), "failing": sum(not p.ok for p in polls),
            "stored": sum(p.summary.stored for p in polls)}
