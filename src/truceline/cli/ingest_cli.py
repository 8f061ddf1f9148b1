"""`truceline ingest PATH...` (short for `truceline ingest files PATH...`), `ingest poll`, `ingest feeds`,
`ingest feed-add`: documents into the database, feeds polled once.

Exit codes of `ingest files` and `ingest poll`: 0 when something was stored or was already there (failed
documents are listed on stderr), 3 when nothing could be ingested (every document failed, or none was
found; for `poll`, every polled feed failed), 2 on usage errors (unknown source, bad option).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from typer.core import TyperGroup

from truceline.cli.common import cli_ctx, err_console, fail, open_store, out_console, run
from truceline.common.models import ReleaseLevel
from truceline.config import get_settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import store_scope
from truceline.errors import TrucelineError
from truceline.ingest.service import DUPLICATE, FAILED, BatchSummary, IngestResult

EXIT_OK, EXIT_NOTHING_INGESTED = 0, 3
PROGRESS_MIN_DOCS = 20  # shorter batches run without a progress bar


class _FilesByDefault(TyperGroup):
    """`truceline ingest PATH...` runs `ingest files PATH...` when PATH is no sub-command."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = ["files", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(cls=_FilesByDefault, no_args_is_help=True,
                  help="Ingestion: documents from files, e-mails and feeds into the review queue.")


@contextmanager
def _scopes() -> Iterator[Callable[[], Any]]:
    """A transaction per call (one per document), on one engine for the whole command."""
    engine = make_engine(get_settings().database_url)
    factory = make_sessionmaker(engine)
    try:
        yield lambda: store_scope(factory)
    finally:
        engine.dispose()


def _pipeline() -> Any:
    from truceline.ingest.service import shared_pipeline

    return run(shared_pipeline)


@app.command("files")
def files_cli(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (plain text, HTML, .eml).")],
    source: Annotated[str | None, typer.Option(help="Source key or name: who the claims come from (a new name is "
                                                    "registered, reliability F). An e-mail without it names its "
                                                    "From.")] = None,
    release: Annotated[ReleaseLevel, typer.Option(help="Release level of the documents and their reports.")]
    = ReleaseLevel.mechanism,
    max_bytes: Annotated[int | None, typer.Option(help="Refuse larger documents (default 5 MB).")] = None,
    reference_date: Annotated[datetime | None, typer.Option(
        "--reference-date", formats=["%Y-%m-%d"], help="The day that gives a dateline without a year its year "
        "(default: each file's modification date).")] = None,
) -> None:
    """Store documents with their provenance, extract them, queue candidate reports and statements."""
    from truceline.ingest.origins import build_origin, count_items

    new_source = source is not None and not _source_exists(source)
    pipeline = _pipeline()
    if max_bytes is not None:
        pipeline.max_bytes = max_bytes
    origin = build_origin("file", paths=paths, max_bytes=pipeline.max_bytes,
                          reference_date=reference_date.date() if reference_date else None)
    summary = ingest_files(origin, source=source, release=release, extractor=pipeline, total=count_items(origin))
    if new_source and summary.stored:
        err_console.print(f"new source '{source}' registered (kind unknown, reliability F until its track record "
                          "says otherwise)", highlight=False)
    raise typer.Exit(code=EXIT_NOTHING_INGESTED if summary.nothing_ingested else EXIT_OK)


def _source_exists(name: str) -> bool:
    from truceline.errors import UnknownReference
    from truceline.sources.service import resolve_source

    with open_store() as store:
        try:
            resolve_source(store, name)
        except UnknownReference:
            return False
    return True


def ingest_files(origin: Any, *, source: str | None, release: ReleaseLevel, extractor: Any,
                 total: int | None) -> BatchSummary:
    """Ingest every item of ``origin``, one line on stderr per failure or duplicate, a summary on stdout."""
    from truceline.ingest.service import ingest_all

    summary = BatchSummary()
    with _scopes() as scope, Progress(TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                                      console=err_console, transient=True,
                                      disable=(total or 0) < PROGRESS_MIN_DOCS) as bar:
        task = bar.add_task("ingest", total=total)
        for result in ingest_all(origin.items(), scope=scope, ctx=cli_ctx(), extractor=extractor, source=source,
                                 release=release, register_source=True):
            summary.add(result)
            _print_result(result)
            bar.advance(task)
    _print_summary(summary)
    return summary


@app.command("poll")
def poll_cli(feed: Annotated[str | None, typer.Option(help="Poll this feed (key) now, due or not.")] = None) -> None:
    """Poll the due feeds once: fetch, ingest new entries, record failures with back-off."""
    from truceline.ingest.feed_service import poll_due
    from truceline.ingest.fetch import HttpFetcher

    settings = get_settings()
    pipeline = _pipeline()
    fetcher = HttpFetcher(timeout_seconds=settings.feed_timeout_seconds, max_bytes=pipeline.max_bytes)
    with _scopes() as scope:
        polls = run(poll_due, scope=scope, ctx=cli_ctx(), extractor=pipeline, fetcher=fetcher,
                    cap_minutes=settings.feed_backoff_max_minutes, only=feed)
    for poll in polls:
        for result in poll.summary.results:
            _print_result(result)
        s = poll.summary
        status = "ok" if poll.ok else f"[bold red]error {poll.error.code}[/]: {poll.error.user_message}" \
            if poll.error else "failed"
        out_console.print(f"{poll.feed}: {s.stored} stored, {s.duplicates} duplicates, {s.failed} failed; {status}; "
                          f"next attempt {_when(poll.next_attempt_at)}", highlight=False, soft_wrap=True)
    if not polls:
        out_console.print("no feed is due", highlight=False)
    failed_all = bool(polls) and all(not p.ok and p.summary.nothing_ingested for p in polls)
    raise typer.Exit(code=EXIT_NOTHING_INGESTED if failed_all else EXIT_OK)


@app.command("feeds")
def feeds_cli() -> None:
    """List the feeds with their status: last poll, last error, failures in a row, next attempt."""
    from truceline.ingest.feed_service import list_feeds

    with open_store() as store:
        feeds = list_feeds(store).items
    if not feeds:
        out_console.print("no feeds: add one with `truceline ingest feed-add URL --source KEY`", highlight=False)
        return
    for f in feeds:
        out_console.print(f"{f.key}  {f.status}  every {f.interval_minutes} min  source {f.source}  {f.url}",
                          highlight=False, soft_wrap=True)
        out_console.print(f"    last polled {_when(f.last_polled_at)}, last ok {_when(f.last_ok_at)}, "
                          f"{f.consecutive_failures} failures in a row, next attempt {_when(f.next_attempt_at)}, "
                          f"{f.documents_ingested} documents", highlight=False, soft_wrap=True)
        if f.last_error:
            out_console.print(f"    last error {f.last_error_code}: {f.last_error}", highlight=False, soft_wrap=True)


@app.command("feed-add")
def feed_add_cli(
    url: Annotated[str, typer.Argument(help="The feed's http(s) URL (RSS or Atom).")],
    source: Annotated[str, typer.Option(help="Source key or name its documents are attributed to.")],
    key: Annotated[str | None, typer.Option(help="Key of the feed (default: made from the URL).")] = None,
    interval: Annotated[int, typer.Option(help="Minutes between polls when the feed is healthy.")] = 60,
) -> None:
    """Register a feed to poll."""
    from truceline.ingest.feed_service import add_feed

    try:
        with open_store() as store:
            feed = add_feed(store, cli_ctx(), url=url, source=source, key=key, interval_minutes=interval)
    except TrucelineError as err:
        fail(err)
    out_console.print(f"feed {feed.key} added: {feed.url}, source {feed.source}, every {feed.interval_minutes} min",
                      highlight=False)


def _print_result(result: IngestResult) -> None:
    if result.status == FAILED and result.error is not None:
        err_console.print(f"[bold red]error {result.error.code}[/] {result.location}: {result.error.user_message}",
                          highlight=False, soft_wrap=True)
    elif result.status == DUPLICATE and result.duplicate_of is not None:
        seen = result.duplicate_of
        err_console.print(f"duplicate {result.location}: already stored as document {seen.id} "
                          f"({seen.location or seen.uid})", highlight=False, soft_wrap=True)


def _print_summary(s: BatchSummary) -> None:
    out_console.print(f"{s.stored} stored ({s.reports} candidate reports, {s.statements} statements, "
                      f"{s.unplaced} unplaced events), {s.duplicates} duplicates, {s.failed} failed",
                      highlight=False)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "never"
