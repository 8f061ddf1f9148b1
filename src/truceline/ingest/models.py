"""Pure domain objects of ingestion: the ``Document`` taken in with its provenance, the ``Statement`` stored
from it (the speaker linked to a party where they speak for one), and the ``Feed`` polled on a schedule.

A document's provenance: its *source* (a key of the sources register: who the claims come from), its
*origin* (how it arrived: a file, a feed, an HTTP push, an e-mail), where from (path or URL), when it was
fetched, and two content hashes (SHA-256 of the raw bytes and of the cleaned text) by which a document
already seen is recognised.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from truceline.common.models import ReleaseLevel


class OriginKind(StrEnum):
    file = "file"  # a file or a folder of files (plain text, HTML)
    feed = "feed"  # an RSS or Atom feed item
    push = "push"  # POST /api/v1/documents
    mail = "mail"  # an e-mail (.eml): the From header is part of the provenance


class Document(BaseModel):
    id: int
    uid: str  # globally unique, travels between instances
    source: str  # source key
    origin: OriginKind
    location: str | None = None  # URL or path
    title: str | None = None
    author: str | None = None  # an e-mail's From, a feed item's author
    fetched_at: datetime
    published_on: date | None = None  # the publication date the extraction found
    raw_sha256: str
    text_sha256: str
    content_kind: str = "text"  # text | html | eml
    text: str = ""  # the cleaned text: offsets in ``extraction`` index it
    extraction: dict[str, Any] = {}  # the extraction result (the JSON contract of ``truceline extract``)
    unplaced_events: list[dict[str, Any]] = []  # extracted events with no resolvable place
    unreportable_events: list[dict[str, Any]] = []  # placed events that are not a report (talks, agreements...)
    release: ReleaseLevel = ReleaseLevel.mechanism
    submitted_by: str | None = None
    created_at: datetime


class DocumentQuery(BaseModel):
    """Filters of the document list; ``matches`` is the reference meaning that repositories implement."""

    source: str | None = None
    origin: OriginKind | None = None
    submitted_by: str | None = None

    def matches(self, doc: Document) -> bool:
        return ((self.source is None or doc.source == self.source)
                and (self.origin is None or doc.origin == self.origin)
                and (self.submitted_by is None or doc.submitted_by == self.submitted_by))


class StatementStatus(StrEnum):
    candidate = "candidate"  # as extracted, waiting for an analyst
    accepted = "accepted"  # checked (possibly edited) by an analyst
    rejected = "rejected"  # not a statement, or not worth keeping: the reason is in its history


class Statement(BaseModel):
    """Who said what, when, in which document; direct or indirect. Extracted statements are candidates
    until an analyst accepts (possibly edited) or rejects them (``ingest/review.py``)."""

    id: int
    document_id: int
    speaker: str
    speaker_role: str | None = None
    organisation: str | None = None
    party: str | None = None  # party key when the speaker speaks for a party
    text: str
    direct: bool
    start: int
    end: int
    said_on: date | None = None  # the document's publication date
    status: StatementStatus = StatementStatus.candidate
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    version: int = 1


class StatementQuery(BaseModel):
    """Filters of the statement list; ``matches`` is the reference meaning that repositories implement."""

    status: StatementStatus | None = None
    document_id: int | None = None

    def matches(self, statement: Statement) -> bool:
        return ((self.status is None or statement.status == self.status)
                and (self.document_id is None or statement.document_id == self.document_id))


class Feed(BaseModel):
    """An RSS/Atom feed polled every ``interval_minutes``; failures back off exponentially."""

    id: int
    key: str
    url: str
    source: str  # source key given to its documents
    interval_minutes: int = 60
    active: bool = True
    last_polled_at: datetime | None = None
    last_ok_at: datetime | None = None
    last_error: str | None = None
    last_error_code: str | None = None
    consecutive_failures: int = 0
    next_attempt_at: datetime
    documents_ingested: int = 0
    version: int = 1
    created_at: datetime
    updated_at: datetime

    @property
    def status(self) -> str:
        if not self.active:
            return "paused"
        if self.consecutive_failures:
            return "failing"
        return "ok" if self.last_ok_at else "new"


class FeedQuery(BaseModel):
    active: bool | None = None

    def matches(self, feed: Feed) -> bool:
        return self.active is None or feed.active == self.active


def backoff_delay(*, interval_minutes: int, failures: int, cap_minutes: int) -> timedelta:
    """When to try a feed again: the interval after a success; after ``failures`` failures in a row the
    interval doubled for each failure past the first (1x, 2x, 4x, ...), never more than the cap (nor less
    than the interval)."""
    if failures <= 0:
        return timedelta(minutes=interval_minutes)
    factor = 2 ** min(failures - 1, 30)
    return timedelta(minutes=min(interval_minutes * factor, max(cap_minutes, interval_minutes)))
