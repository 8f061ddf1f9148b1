"""SQLAlchemy adapters of ingestion: ``documents``, ``statements`` and ``feeds``.

A document is a row of ``documents``: provenance columns, the two content hashes (the raw one unique, so a
document is stored once even when two processes take it in at the same moment), the cleaned text, and the
extraction result and the events that did not become reports as JSON (read and written with the document,
never queried apart from it). Statements are rows of ``statements`` that belong to their document; their
party is a foreign key to ``parties``; their review status is indexed (the review queue lists candidates).
Candidate reports point to their document (``reports.document_id``).
"""

from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, func, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import UTCDateTime
from truceline.ingest.models import (
    Document,
    DocumentQuery,
    Feed,
    FeedQuery,
    OriginKind,
    Statement,
    StatementQuery,
    StatementStatus,
)
from truceline.registry.repository import PartyRow, party_id_for
from truceline.sources.repository import SourceRow


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    origin: Mapped[str] = mapped_column(String(16), index=True)
    location: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(String(500))
    author: Mapped[str | None] = mapped_column(String(300))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    raw_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text_sha256: Mapped[str] = mapped_column(String(64), index=True)
    content_kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    extraction: Mapped[dict[str, Any]] = mapped_column(JSON)
    unplaced_events: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    unreportable_events: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    release: Mapped[str] = mapped_column(String(20), default=ReleaseLevel.mechanism.value)
    submitted_by: Mapped[str | None] = mapped_column(String(120), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    source: Mapped[SourceRow] = relationship(lazy="joined")


class StatementRow(Base):
    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    speaker: Mapped[str] = mapped_column(String(300))
    speaker_role: Mapped[str | None] = mapped_column(String(300))
    organisation: Mapped[str | None] = mapped_column(String(300))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    direct: Mapped[bool] = mapped_column(Boolean)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    said_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=StatementStatus.candidate.value,
                                        server_default=StatementStatus.candidate.value, index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    party: Mapped[PartyRow | None] = relationship(lazy="joined")


class FeedRow(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    interval_minutes: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_code: Mapped[str | None] = mapped_column(String(8))
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    documents_ingested: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    source: Mapped[SourceRow] = relationship(lazy="joined")


def _source_id(session: Session, key: str) -> int:
    source_id = session.scalar(select(SourceRow.id).where(SourceRow.key == key))
    assert source_id is not None, f"unknown source {key}: services check it exists"
    return source_id


class SqlDocumentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, document_id: int) -> Document | None:
        row = self.session.get(DocumentRow, document_id)
        return None if row is None else _document(row)

    def get_by_uid(self, uid: str) -> Document | None:
        row = self.session.scalars(select(DocumentRow).where(DocumentRow.uid == uid)).first()
        return None if row is None else _document(row)

    def find_by_hash(self, *, raw_sha256: str, text_sha256: str) -> Document | None:
        """The document already stored with the same raw bytes or the same cleaned text."""
        row = self.session.scalars(select(DocumentRow).where(or_(DocumentRow.raw_sha256 == raw_sha256,
                                                                 DocumentRow.text_sha256 == text_sha256))
                                   .order_by(DocumentRow.id)).first()
        return None if row is None else _document(row)

    def add(self, doc: Document) -> Document:
        row = DocumentRow(
            uid=doc.uid, source_id=_source_id(self.session, doc.source), origin=doc.origin.value,
            location=doc.location, title=doc.title, author=doc.author, fetched_at=doc.fetched_at,
            published_on=doc.published_on, raw_sha256=doc.raw_sha256, text_sha256=doc.text_sha256,
            content_kind=doc.content_kind, text=doc.text, extraction=doc.extraction,
            unplaced_events=doc.unplaced_events, unreportable_events=doc.unreportable_events,
            release=doc.release.value, submitted_by=doc.submitted_by, created_at=doc.created_at)
        self.session.add(row)
        self.session.flush()
        return doc.model_copy(update={"id": row.id})

    def list(self, query: DocumentQuery, page: Page) -> Paged[Document]:
        stmt = select(DocumentRow)
        if query.source is not None:
            stmt = stmt.where(DocumentRow.source_id.in_(select(SourceRow.id).where(SourceRow.key == query.source)))
        if query.origin is not None:
            stmt = stmt.where(DocumentRow.origin == query.origin.value)
        if query.submitted_by is not None:
            stmt = stmt.where(DocumentRow.submitted_by == query.submitted_by)
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(DocumentRow.id).limit(page.limit).offset(page.offset)).all()
        return Paged([_document(r) for r in rows], count)


class SqlStatementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_many(self, statements: builtins.list[Statement]) -> builtins.list[Statement]:
        out = []
        for s in statements:
            row = StatementRow(document_id=s.document_id)
            self._fill(row, s)
            self.session.add(row)
            self.session.flush()
            out.append(s.model_copy(update={"id": row.id}))
        return out

    def get(self, statement_id: int) -> Statement | None:
        row = self.session.get(StatementRow, statement_id)
        return None if row is None else _statement(row)

    def save(self, statement: Statement) -> None:
        row = self.session.get(StatementRow, statement.id)
        assert row is not None, f"statement {statement.id} vanished"
        self._fill(row, statement)
        self.session.flush()
        self.session.expire(row, ["party"])  # the party link may have changed: read it again

    def list(self, query: StatementQuery, page: Page) -> Paged[Statement]:
        stmt = select(StatementRow)
        if query.status is not None:
            stmt = stmt.where(StatementRow.status == query.status.value)
        if query.document_id is not None:
            stmt = stmt.where(StatementRow.document_id == query.document_id)
        count = self.session.scalar(select(func.count()).select_from(stmt.with_only_columns(StatementRow.id)
                                                                     .subquery())) or 0
        rows = self.session.scalars(stmt.order_by(StatementRow.document_id, StatementRow.start_offset, StatementRow.id)
                                    .limit(page.limit).offset(page.offset)).unique().all()
        return Paged([_statement(r) for r in rows], count)

    def _fill(self, row: StatementRow, s: Statement) -> None:
        row.speaker, row.speaker_role, row.organisation = s.speaker, s.speaker_role, s.organisation
        row.party_id = party_id_for(self.session, s.party, what="statement") if s.party else None
        row.text, row.direct, row.start_offset, row.end_offset = s.text, s.direct, s.start, s.end
        row.said_on, row.status, row.version = s.said_on, s.status.value, s.version
        row.reviewed_by, row.reviewed_at = s.reviewed_by, s.reviewed_at

    def for_document(self, document_id: int) -> builtins.list[Statement]:
        rows = self.session.scalars(select(StatementRow).where(StatementRow.document_id == document_id)
                                    .order_by(StatementRow.start_offset, StatementRow.id)).unique().all()
        return [_statement(r) for r in rows]

    def count_for(self, document_ids: builtins.list[int]) -> dict[int, int]:
        if not document_ids:
            return {}
        rows = self.session.execute(select(StatementRow.document_id, func.count(StatementRow.id))
                                    .where(StatementRow.document_id.in_(document_ids))
                                    .group_by(StatementRow.document_id))
        return {doc_id: int(n) for doc_id, n in rows}


class SqlFeedRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, feed_id: int) -> Feed | None:
        row = self.session.get(FeedRow, feed_id)
        return None if row is None else _feed(row)

    def get_by_key(self, key: str) -> Feed | None:
        row = self.session.scalars(select(FeedRow).where(FeedRow.key == key)).first()
        return None if row is None else _feed(row)

    def get_by_url(self, url: str) -> Feed | None:
        row = self.session.scalars(select(FeedRow).where(FeedRow.url == url)).first()
        return None if row is None else _feed(row)

    def add(self, feed: Feed) -> Feed:
        row = FeedRow()
        self._fill(row, feed)
        self.session.add(row)
        self.session.flush()
        return feed.model_copy(update={"id": row.id})

    def save(self, feed: Feed) -> None:
        row = self.session.get(FeedRow, feed.id)
        assert row is not None, f"feed {feed.id} vanished"
        self._fill(row, feed)
        self.session.flush()

    def list(self, query: FeedQuery, page: Page) -> Paged[Feed]:
        stmt = select(FeedRow)
        if query.active is not None:
            stmt = stmt.where(FeedRow.active == query.active)
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(FeedRow.key).limit(page.limit).offset(page.offset)).all()
        return Paged([_feed(r) for r in rows], count)

    def due(self, now: datetime) -> builtins.list[Feed]:
        """Active feeds whose next attempt is now or past, the most overdue first."""
        rows = self.session.scalars(select(FeedRow).where(FeedRow.active.is_(True), FeedRow.next_attempt_at <= now)
                                    .order_by(FeedRow.next_attempt_at, FeedRow.id)).all()
        return [_feed(r) for r in rows]

    def _fill(self, row: FeedRow, feed: Feed) -> None:
        values = feed.model_dump(exclude={"id", "source"})
        for name, value in values.items():
            setattr(row, name, value)
        row.source_id = _source_id(self.session, feed.source)


def _document(row: DocumentRow) -> Document:
    return Document(
        id=row.id, uid=row.uid, source=row.source.key, origin=OriginKind(row.origin), location=row.location,
        title=row.title, author=row.author, fetched_at=row.fetched_at, published_on=row.published_on,
        raw_sha256=row.raw_sha256, text_sha256=row.text_sha256, content_kind=row.content_kind, text=row.text,
        extraction=row.extraction or {}, unplaced_events=row.unplaced_events or [],
        unreportable_events=row.unreportable_events or [], release=ReleaseLevel(row.release),
        submitted_by=row.submitted_by, created_at=row.created_at)


def _statement(row: StatementRow) -> Statement:
    return Statement(id=row.id, document_id=row.document_id, speaker=row.speaker, speaker_role=row.speaker_role,
                     organisation=row.organisation, party=row.party.key if row.party is not None else None,
                     text=row.text, direct=row.direct, start=row.start_offset, end=row.end_offset,
                     said_on=row.said_on, status=StatementStatus(row.status), reviewed_by=row.reviewed_by,
                     reviewed_at=row.reviewed_at, version=row.version)


def _feed(row: FeedRow) -> Feed:
    return Feed(id=row.id, key=row.key, url=row.url, source=row.source.key, interval_minutes=row.interval_minutes,
                active=row.active, last_polled_at=row.last_polled_at, last_ok_at=row.last_ok_at,
                last_error=row.last_error, last_error_code=row.last_error_code,
                consecutive_failures=row.consecutive_failures, next_attempt_at=row.next_attempt_at,
                documents_ingested=row.documents_ingested, version=row.version, created_at=row.created_at,
                updated_at=row.updated_at)
