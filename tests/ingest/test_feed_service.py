"""Polling feeds: due feeds only, new entries ingested once, failures recorded and backed off, never fatal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.ingest.feedserver import rss
from tests.ingest.helpers import FakeExtractor, event, same_store, seed
from truceline.errors import DuplicateName, FeedHttpError, InvalidValue
from truceline.ingest.feed_service import add_feed, get_feed, list_feeds, poll_due
from truceline.ingest.fetch import Fetched, MemoryFetcher

URL_A, URL_B = "http://a.example/rss", "http://b.example/rss"
FEED = rss(("Shelling in Idlib", "one", "Sat, 30 Sep 2017 10:00:00 +0000", "Militants shelled Idlib, killing 3."),
           ("Clashes near Hama", "two", "Sat, 30 Sep 2017 11:00:00 +0000", "Clashes were reported near Hama."))


@pytest.fixture
def store(any_store):
    seed(any_store)
    return any_store


def poll(store, ctx, fetcher, **kw):
    return poll_due(scope=lambda: same_store(store), ctx=ctx, extractor=FakeExtractor(events=[event()]),
                    fetcher=fetcher, cap_minutes=240, **kw)


def test_add_feed_checks_url_interval_source_and_duplicates(store, ctx):
    feed = add_feed(store, ctx, url=URL_A, source="Wire copy", interval_minutes=30)
    assert (feed.key, feed.source, feed.status) == ("a-example-rss", "wire", "new")
    assert feed.next_attempt_at == ctx.clock.now()
    with pytest.raises(DuplicateName):
        add_feed(store, ctx, url=URL_A, source="wire", key="other")
    with pytest.raises(InvalidValue):
        add_feed(store, ctx, url="ftp://x/feed", source="wire")
    with pytest.raises(InvalidValue):
        add_feed(store, ctx, url=URL_B, source="wire", interval_minutes=0)


def test_poll_ingests_new_entries_once_and_waits_an_interval(store, ctx, clock):
    add_feed(store, ctx, url=URL_A, source="wire", interval_minutes=30)
    fetcher = MemoryFetcher({URL_A: Fetched(url=URL_A, body=FEED.encode())})
    [first] = poll(store, ctx, fetcher)
    assert first.ok and first.summary.stored == 2 and first.summary.reports == 2
    assert first.next_attempt_at == clock.now() + timedelta(minutes=30)
    assert poll(store, ctx, fetcher) == []  # not due yet
    clock.advance(minutes=30)
    [again] = poll(store, ctx, fetcher)
    assert again.summary.stored == 0 and again.summary.duplicates == 2
    feed = get_feed(store, "a-example-rss")
    assert feed.documents_ingested == 2 and feed.status == "ok" and feed.last_ok_at == clock.now()


def test_a_failing_feed_backs_off_and_does_not_stop_the_others(store, ctx, clock):
    add_feed(store, ctx, url=URL_A, source="wire", interval_minutes=30)
    add_feed(store, ctx, url=URL_B, source="wire", interval_minutes=30)
    fetcher = MemoryFetcher({URL_A: FeedHttpError(f"{URL_A} answered HTTP 503"),
                             URL_B: Fetched(url=URL_B, body=FEED.encode())})
    waits = []
    for _ in range(5):
        polls = {p.feed: p for p in poll(store, ctx, fetcher, only="a-example-rss")}
        waits.append(polls["a-example-rss"].next_attempt_at - clock.now())
    assert waits == [timedelta(minutes=m) for m in (30, 60, 120, 240, 240)]  # doubling, capped at 240
    failing = get_feed(store, "a-example-rss")
    assert failing.status == "failing" and failing.consecutive_failures == 5
    assert failing.last_error_code == "E712" and "503" in failing.last_error
    clock.advance(hours=5)
    polls = {p.feed: p for p in poll(store, ctx, fetcher)}
    assert not polls["a-example-rss"].ok and polls["b-example-rss"].ok
    assert polls["b-example-rss"].summary.stored == 2
    fetcher.answers[URL_A] = Fetched(url=URL_A, body=FEED.encode())  # back up: failures reset
    clock.advance(hours=5)
    [recovered] = poll(store, ctx, fetcher, only="a-example-rss")
    assert recovered.ok and recovered.summary.duplicates == 2
    assert get_feed(store, "a-example-rss").consecutive_failures == 0
    assert [f.status for f in list_feeds(store).items] == ["ok", "ok"]


def test_a_truncated_feed_ingests_what_parsed_and_counts_as_a_failure(store, ctx):
    add_feed(store, ctx, url=URL_A, source="wire")
    cut = FEED[:FEED.index("Clashes were") + 6]
    [p] = poll(store, ctx, MemoryFetcher({URL_A: Fetched(url=URL_A, body=cut.encode())}))
    assert not p.ok and p.error.code == "E713" and p.summary.stored == 1
    assert get_feed(store, "a-example-rss").consecutive_failures == 1
