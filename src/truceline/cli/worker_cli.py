"""`truceline worker`: the background worker on PostgreSQL (feeds polled on a schedule)."""

from __future__ import annotations

from typing import Annotated

import typer

from truceline.cli.common import fail, out_console
from truceline.config import get_settings
from truceline.errors import TrucelineError


def worker_cli(
    one_shot: Annotated[bool, typer.Option("--one-shot", help="Run the jobs waiting now, then stop.")] = False,
    with_schema: Annotated[bool, typer.Option("--apply-schema", help="Create procrastinate's job tables first "
                                                                      "(once per database).")] = False,
) -> None:
    """Run the worker: polls the due feeds every TRUCELINE_FEED_POLL_CRON (PostgreSQL only)."""
    from truceline.ingest.fetch import HttpFetcher
    from truceline.ingest.worker import QUEUE, apply_schema, make_worker_app

    settings = get_settings()
    try:
        app = make_worker_app(settings.database_url, cron=settings.feed_poll_cron,
                              fetcher=HttpFetcher(timeout_seconds=settings.feed_timeout_seconds),
                              cap_minutes=settings.feed_backoff_max_minutes)
    except TrucelineError as err:
        fail(err)
    if with_schema:
        created = apply_schema(app, settings.database_url)
        out_console.print("procrastinate schema applied" if created else "procrastinate schema already there",
                          highlight=False)
    app.run_worker(queues=[QUEUE], wait=not one_shot, install_signal_handlers=not one_shot)
