"""Use-cases of the feed register: add feeds, list their status, and poll the due ones once.

``poll_due`` is what ``truceline ingest poll`` runs and what the worker's periodic task runs on
PostgreSQL. Each due feed is fetched and its entries ingested (one transaction per document, duplicates
skipped); then its bookkeeping is saved in a transaction of its own: after a success the next attempt is
one interval later; after a failure (unreachable, HTTP error, not a feed, malformed or truncated XML) the
failure is recorded and the next attempt backs off exponentially up to a cap. One feed's failure never
stops the others.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from truceline.common.context import Ctx
from truceline.common.models import check_key, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import fetch
from truceline.errors import DuplicateName, ExtractionError, InvalidValue, TrucelineError
from truceline.ingest.feeds import FeedOrigin
from truceline.ingest.fetch import Fetcher
from truceline.ingest.models import Feed, FeedQuery, backoff_delay
from truceline.ingest.origins import build_origin
from truceline.ingest.service import BatchSummary, Extractor, ingest_all
from truceline.sources.service import resolve_source

DEFAULT_BACKOFF_CAP_MINUTES = 24 * 60


@dataclass(frozen=True)
class FeedPoll:
    feed: str  # key
    ok: bool
    error: TrucelineError | None
    summary: BatchSummary
    next_attempt_at: datetime


def add_feed(store: Any, ctx: Ctx, *, url: str, source: str, key: str | None = None,
             interval_minutes: int = 60) -> Feed:
    if not url.startswith(("http://", "https://")):
        raise InvalidValue(f"feed URL {url!r} is not http(s)", details=[{"field": "url", "value": url}])
    if interval_minutes < 1:
        raise InvalidValue("a feed's interval is at least 1 minute",
                           details=[{"field": "interval_minutes", "value": interval_minutes}])
    key = check_key(key) if key else slugify(url.split("://", 1)[1])
    if store.feeds.get_by_key(key) is not None:
        raise DuplicateName(f"a feed with key '{key}' already exists", details=[{"field": "key", "value": key}])
    if store.feeds.get_by_url(url) is not None:
        raise DuplicateName(f"the feed {url} is already registered", details=[{"field": "url", "value": url}])
    now = ctx.clock.now()
    return store.feeds.add(Feed(id=0, key=key, url=url, source=resolve_source(store, source).key,
                                interval_minutes=interval_minutes, next_attempt_at=now, created_at=now,
                                updated_at=now))


def get_feed(store: Any, ref: str | int) -> Feed:
    return fetch(store.feeds, ref, what="feed")


def list_feeds(store: Any, query: FeedQuery | None = None, page: Page | None = None) -> Paged[Feed]:
    return store.feeds.list(query or FeedQuery(), page or Page(limit=10_000))


def poll_due(*, scope: Callable[[], AbstractContextManager[Any]], ctx: Ctx, extractor: Extractor,
             fetcher: Fetcher, cap_minutes: int = DEFAULT_BACKOFF_CAP_MINUTES, only: str | None = None,
             ) -> list[FeedPoll]:
    """Poll every due feed once (or the feed ``only``, due or not); one ``FeedPoll`` per feed."""
    with scope() as store:
        feeds = [get_feed(store, only)] if only else store.feeds.due(ctx.clock.now())
    return [poll_one(feed, scope=scope, ctx=ctx, extractor=extractor, fetcher=fetcher, cap_minutes=cap_minutes)
            for feed in feeds]


def poll_one(feed: Feed, *, scope: Callable[[], AbstractContextManager[Any]], ctx: Ctx, extractor: Extractor,
             fetcher: Fetcher, cap_minutes: int = DEFAULT_BACKOFF_CAP_MINUTES) -> FeedPoll:
    summary = BatchSummary()
    origin = build_origin("feed", url=feed.url, fetcher=fetcher, source=feed.source, max_bytes=extractor.max_bytes,
                          clock=ctx.clock.now)
    error: TrucelineError | None = None
    try:
        for result in ingest_all(origin.items(), scope=scope, ctx=ctx, extractor=extractor, source=feed.source):
            summary.add(result)
    except TrucelineError as err:
        error = err
    except Exception as err:  # noqa: BLE001 - one feed's surprise must not stop the others
        error = ExtractionError(f"{feed.url}: unexpected {type(err).__name__}: {err}")
    if error is None and isinstance(origin, FeedOrigin):
        error = origin.problem
    with scope() as store:
        after = _after_poll(get_feed(store, feed.id), error, stored=summary.stored, now=ctx.clock.now(),
                            cap_minutes=cap_minutes)
        store.feeds.save(after)
    return FeedPoll(feed=feed.key, ok=error is None, error=error, summary=summary,
                    next_attempt_at=after.next_attempt_at)


def _after_poll(feed: Feed, error: TrucelineError | None, *, stored: int, now: datetime, cap_minutes: int) -> Feed:
    failures = feed.consecutive_failures + 1 if error is not None else 0
    delay = backoff_delay(interval_minutes=feed.interval_minutes, failures=failures, cap_minutes=cap_minutes)
    update: dict[str, Any] = {"last_polled_at": now, "consecutive_failures": failures, "next_attempt_at": now + delay,
                              "documents_ingested": feed.documents_ingested + stored, "updated_at": now,
                              "version": feed.version + 1}
    if error is None:
        update.update(last_ok_at=now, last_error=None, last_error_code=None)
    else:
        update.update(last_error=error.user_message[:2000], last_error_code=error.code)
    return feed.model_copy(update=update)
