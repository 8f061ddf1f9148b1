"""Feeds: parsing RSS/Atom (feedparser), malformed and truncated feeds, the HTTP fetcher over loopback."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.ingest.feedserver import ATOM, feed_server, rss
from truceline.errors import DocumentTooLarge, EmptyDocument, FeedHttpError, FeedMalformed, FeedUnreachable
from truceline.extract.pipeline import Failure
from truceline.ingest.feeds import FeedOrigin, entry_text, parse_feed
from truceline.ingest.fetch import Fetched, HttpFetcher, MemoryFetcher
from truceline.ingest.models import OriginKind
from truceline.ingest.origins import Incoming

NOW = datetime(2017, 10, 1, 9, 0, tzinfo=UTC)
TWO = rss(("Shelling in Idlib", "one", "Sat, 30 Sep 2017 10:00:00 +0000",
           "MOSCOW, September 30. /TASS/. Militants shelled Idlib, killing 3."),
          ("Talks in Astana", "two", "Sun, 01 Oct 2017 07:00:00 +0000", "ASTANA, October 1. /TASS/. Talks began."))


def origin(body: str | bytes, url: str = "http://feeds.example/rss") -> FeedOrigin:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return FeedOrigin(url=url, fetcher=MemoryFetcher({url: Fetched(url=url, body=data)}), source="wire",
                      clock=lambda: NOW)


def test_feed_origin_yields_one_item_per_entry_with_text_and_dates():
    feed = origin(TWO)
    items = list(feed.items())
    assert feed.problem is None
    assert [i.location for i in items] == ["http://example.org/one", "http://example.org/two"]
    first = items[0]
    assert isinstance(first, Incoming) and first.origin == OriginKind.feed and first.source == "wire"
    assert first.reference_date == date(2017, 9, 30) == first.published_on and first.fetched_at == NOW
    text = first.data.decode()
    assert text.startswith("Shelling in Idlib\n\nMOSCOW, September 30. /TASS/.") and "track()" not in text


def test_atom_entries_are_read_too():
    [item] = list(origin(ATOM).items())
    assert item.location == "http://monitor.example/1" and item.reference_date == date(2018, 3, 5)
    assert "killed at least 12 civilians in Douma" in item.data.decode()


def test_a_truncated_feed_keeps_its_complete_entries_and_reports_the_problem():
    cut = TWO[:TWO.index("Talks began") + 4]
    feed = origin(cut)
    items = list(feed.items())
    assert [i.location for i in items] == ["http://example.org/one"]
    assert isinstance(feed.problem, FeedMalformed) and "truncated" in feed.problem.user_message


@pytest.mark.parametrize("body", ["<html><body>Not a feed</body></html>", "", "{\"json\": true}"])
def test_a_body_that_is_no_feed_is_refused(body):
    with pytest.raises(FeedMalformed):
        list(origin(body).items())


def test_a_feed_cut_inside_its_first_entry_yields_nothing_and_is_failing():
    feed = origin("<rss version='2.0'><channel><item><title>Shelling in Id")
    assert list(feed.items()) == [] and isinstance(feed.problem, FeedMalformed)


def test_an_entry_without_text_is_a_per_item_failure():
    body = rss(("", "blank", "Sat, 30 Sep 2017 10:00:00 +0000", ""))
    [item] = list(origin(body).items())
    assert isinstance(item, Failure) and isinstance(item.error, EmptyDocument)


def test_entry_text_keeps_paragraphs_and_drops_scripts():
    assert entry_text("<p>One.</p><p>Two <b>bold</b>.</p><script>x()</script>") == "One.\n\nTwo bold."
    assert entry_text("plain text") == "plain text"


def test_http_fetcher_over_loopback_gets_feeds_and_codes_failures():
    with feed_server() as server:
        server.routes["/rss"] = (200, TWO)
        server.routes["/gone"] = (500, "oops")
        server.hang.add("/slow")
        fetcher = HttpFetcher(timeout_seconds=0.5, max_bytes=100_000)
        assert b"Shelling in Idlib" in fetcher.get(server.url("/rss")).body
        with pytest.raises(FeedHttpError, match="HTTP 500"):
            fetcher.get(server.url("/gone"))
        with pytest.raises(FeedHttpError, match="HTTP 404"):
            fetcher.get(server.url("/missing"))
        with pytest.raises(FeedUnreachable, match="did not answer"):
            fetcher.get(server.url("/slow"))
        with pytest.raises(DocumentTooLarge):
            HttpFetcher(max_bytes=100).get(server.url("/rss"))
    with pytest.raises(FeedUnreachable):
        HttpFetcher(timeout_seconds=1).get(server.url("/rss"))  # the server is gone: refused


def test_feed_date_gives_a_dateline_its_year():
    _parsed = parse_feed(TWO.encode(), url="u")
    assert _parsed.feed_date == date(2017, 10, 1) and _parsed.problem is None
