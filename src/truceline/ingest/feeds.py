"""RSS and Atom feeds: parsing a fetched feed (feedparser) into ``Incoming`` items, one per entry.

An entry's text is its title and its content (or summary) with the markup removed and paragraphs kept;
its date (else the feed's, else the fetch date) is the reference date that gives a dateline without a year
its year. A body that is not a feed is refused (``FeedMalformed``); a malformed or truncated feed keeps
the entries that parsed whole (a truncated feed's last entry is dropped: it is cut off) and the origin
reports the problem, so the feed is retried with back-off.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from truceline.errors import EmptyDocument, FeedMalformed, TrucelineError
from truceline.extract.pipeline import Failure
from truceline.extract.reading import DEFAULT_MAX_BYTES
from truceline.ingest.fetch import Fetcher
from truceline.ingest.models import OriginKind
from truceline.ingest.origins import Incoming, Item

_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article")
_CLOSED = re.compile(rb"</(?:rss|feed|rdf:RDF)>\s*$", re.I)


@dataclass(frozen=True)
class ParsedFeed:
    entries: list[dict[str, Any]]
    feed_date: date | None
    problem: TrucelineError | None  # malformed or truncated: entries kept, but the feed is failing


def parse_feed(body: bytes, *, url: str) -> ParsedFeed:
    import feedparser

    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    entries = list(parsed.entries)
    exc = parsed.get("bozo_exception")
    malformed = bool(parsed.get("bozo")) and not isinstance(exc, feedparser.CharacterEncodingOverride)
    if not parsed.get("version") and not entries:
        why = f": {exc}" if malformed and exc else ""
        raise FeedMalformed(f"{url} is not an RSS or Atom feed{why}", details=[{"url": url}])
    problem = None
    truncated = not _CLOSED.search(body.rstrip()[-200:])
    if malformed or truncated:
        if truncated and entries:
            entries = entries[:-1]  # the last entry of a cut-off feed is cut off too
        what = "truncated" if truncated else "malformed"
        problem = FeedMalformed(f"{url} is a {what} feed ({exc or 'no closing tag'}); "
                                f"{len(entries)} complete entries kept", details=[{"url": url}])
    return ParsedFeed(entries=entries, feed_date=_date(parsed.get("feed", {})), problem=problem)


def entry_text(html: str) -> str:
    """Plain text of an entry's HTML fragment: scripts and styles dropped, block ends as blank lines."""
    from lxml import html as lxml_html

    if "<" not in html:
        return html.strip()
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types on hostile markup; fall back to tag removal
        return re.sub(r"<[^>]+>", " ", html).strip()
    for bad in list(root.iter("script", "style")):
        bad.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    return re.sub(r"\n\s*\n\s*", "\n\n", text).strip()


@dataclass
class FeedOrigin:
    """The entries of one feed as ``Incoming`` items; ``problem`` is set after iterating a malformed feed.
    Feed-level failures (unreachable, HTTP error, not a feed) are raised from ``items``."""

    url: str
    fetcher: Fetcher
    source: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    kind: OriginKind = OriginKind.feed
    problem: TrucelineError | None = None

    def items(self) -> Iterator[Item]:
        fetched = self.fetcher.get(self.url)
        now = self.clock()
        feed = parse_feed(fetched.body, url=self.url)
        self.problem = feed.problem
        for n, entry in enumerate(feed.entries, start=1):
            location = str(entry.get("link") or f"{self.url}#{entry.get('id') or n}")
            title = str(entry.get("title") or "").strip()
            content = entry.get("content") or []
            body_html = str(content[0].get("value", "")) if content else str(entry.get("summary") or "")
            body = entry_text(body_html)
            if not body:
                yield Failure(source=location, error=EmptyDocument(f"{location}: the feed entry has no text"))
                continue
            text = f"{entry_text(title)}\n\n{body}" if title else body
            published = _date(entry)
            yield Incoming(data=text.encode("utf-8"), origin=OriginKind.feed, location=location, suffix=".txt",
                           fetched_at=now, reference_date=published or feed.feed_date or now.date(),
                           published_on=published,
                           title=entry_text(title)[:500] or None, author=str(entry.get("author") or "")[:300] or None,
                           source=self.source)


def _date(node: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = node.get(key) if hasattr(node, "get") else None
        if isinstance(value, time.struct_time):
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None
