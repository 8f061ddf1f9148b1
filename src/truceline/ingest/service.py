"""Use-cases of ingestion: take a document in (read, deduplicate, extract, store with its provenance),
turn its events into candidate reports and its statements into stored statements, and read documents back.

``ingest_item`` works in the caller's transaction and raises on failure, so the adapter rolls back
everything it wrote; ``ingest_all`` runs a batch with one transaction per document (``scope`` opens one)
and turns each failure into a per-document result, so bad input never stops a batch. A document whose raw
bytes or cleaned text were seen before is a *duplicate*: reported, not stored again, not an error.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any, Protocol

from truceline.audit.service import record_change
from truceline.common.context import Ctx
from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page, Paged
from truceline.errors import InputError, NoDocumentSource, NotFound, TrucelineError, UnreadableDocument
from truceline.extract.cleaning import clean
from truceline.extract.models import Event, Extraction, SourceDocument
from truceline.extract.pipeline import Failure
from truceline.extract.reading import read_bytes
from truceline.ingest import queue
from truceline.ingest.models import Document, DocumentQuery, OriginKind, Statement
from truceline.ingest.origins import Incoming, Item
from truceline.ingest.parties import PartyMatcher, matcher_for
from truceline.reports.models import Report, ReportQuery
from truceline.reports.service import ENTITY as REPORT_ENTITY
from truceline.reports.service import prepare_report
from truceline.sources.service import ensure_source, resolve_source

STORED, DUPLICATE, FAILED = "stored", "duplicate", "failed"


class Extractor(Protocol):
    """What ingestion needs of the extraction pipeline (``extract.pipeline.Pipeline`` is one)."""

    @property
    def max_bytes(self) -> int: ...

    def run(self, doc: SourceDocument) -> Extraction: ...


@dataclass(frozen=True)
class IngestResult:
    location: str
    status: str  # stored | duplicate | failed
    document: Document | None = None
    duplicate_of: Document | None = None
    error: TrucelineError | None = None
    reports: int = 0
    statements: int = 0
    unplaced: int = 0


@dataclass
class BatchSummary:
    stored: int = 0
    duplicates: int = 0
    failed: int = 0
    reports: int = 0
    statements: int = 0
    unplaced: int = 0
    results: list[IngestResult] = field(default_factory=list)

    def add(self, result: IngestResult) -> None:
        self.results.append(result)
        if result.status == STORED:
            self.stored += 1
            self.reports += result.reports
            self.statements += result.statements
            self.unplaced += result.unplaced
        elif result.status == DUPLICATE:
            self.duplicates += 1
        else:
            self.failed += 1

    @property
    def nothing_ingested(self) -> bool:
        """Nothing stored and nothing already there: every document failed (or there were none)."""
        return self.stored == 0 and self.duplicates == 0


def shared_pipeline() -> Extractor:
    """The extraction pipeline of the committed config, loaded once per process (about 10 s)."""
    from truceline.extract.pipeline import Pipeline

    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline.from_config()
    return _PIPELINE


_PIPELINE: Extractor | None = None


class LazyPipeline:
    """The shared pipeline, loaded only when a document is actually extracted (a worker polling no due
    feed never loads spaCy)."""

    @property
    def max_bytes(self) -> int:
        return shared_pipeline().max_bytes

    def run(self, doc: SourceDocument) -> Extraction:
        return shared_pipeline().run(doc)


def text_hash(text: str) -> str:
    """SHA-256 of the cleaned text with its whitespace collapsed: the same story in other wrapping."""
    return hashlib.sha256(" ".join(clean(text).split()).encode("utf-8")).hexdigest()


def ingest_item(store: Any, ctx: Ctx, extractor: Extractor, item: Incoming, *, source: str | None = None,
                release: ReleaseLevel = ReleaseLevel.mechanism, matcher: PartyMatcher | None = None,
                register_source: bool = False) -> IngestResult:
    """Take one document in, in the caller's transaction; raises a coded error when it cannot. With
    ``register_source`` an unknown ``source`` name is registered (the operator's command line); otherwise
    it must be in the sources register (``E201``)."""
    doc = read_bytes(item.data, source=item.location, suffix=item.suffix, max_bytes=extractor.max_bytes,
                     reference_date=item.reference_date, fallback_date=(item.fetched_at or ctx.clock.now()).date(),
                     metadata_date=item.published_on)
    raw_sha, txt_sha = doc.content_hash, text_hash(doc.text)
    seen = store.documents.find_by_hash(raw_sha256=raw_sha, text_sha256=txt_sha)
    if seen is not None:
        return IngestResult(location=item.location, status=DUPLICATE, duplicate_of=seen)
    source_key = _source_key(store, ctx, source or item.source, author=item.author or doc.author,
                             location=item.location, register=register_source and source is not None)
    extraction = extractor.run(doc)
    now = ctx.clock.now()
    origin = OriginKind.mail if doc.kind == "eml" and item.origin == OriginKind.file else item.origin
    unplaced, unreportable, drafts = _sort_events(store, ctx, extraction, source_key=source_key, release=release,
                                                  fallback_day=(item.fetched_at or now).date())
    document = store.documents.add(Document(
        id=0, uid=uuid.uuid4().hex, source=source_key, origin=origin, location=item.location,
        title=(item.title or doc.title or None), author=item.author or doc.author,
        fetched_at=item.fetched_at or now, published_on=extraction.publication_date, raw_sha256=raw_sha,
        text_sha256=txt_sha, content_kind=doc.kind, text=extraction.text or doc.text,
        extraction=extraction.to_dict(), unplaced_events=unplaced, unreportable_events=unreportable,
        release=release, submitted_by=ctx.actor, created_at=now))
    for report, claimed_by in drafts:
        stored = store.reports.add(report.model_copy(update={"document_id": document.id, "claimed_by": claimed_by}))
        record_change(store.changes, ctx, entity=REPORT_ENTITY, before=None, after=stored,
                      reason=f"extracted from document {document.id}")
    matcher = matcher or matcher_for(store)
    statements = store.statements.add_many([
        Statement(id=0, document_id=document.id, speaker=s.speaker[:300], speaker_role=_cut(s.speaker_role),
                  organisation=_cut(s.organisation), party=matcher.match(s.organisation, s.speaker_role, s.speaker),
                  text=s.text, direct=s.direct, start=s.start, end=s.end, said_on=extraction.publication_date)
        for s in extraction.statements])
    return IngestResult(location=item.location, status=STORED, document=document, reports=len(drafts),
                        statements=len(statements), unplaced=len(unplaced))


def ingest_all(items: Iterable[Item], *, scope: Callable[[], AbstractContextManager[Any]], ctx: Ctx,
               extractor: Extractor, source: str | None = None, release: ReleaseLevel = ReleaseLevel.mechanism,
               register_source: bool = False) -> Iterator[IngestResult]:
    """One result per item, in order, each document in its own transaction; a failure rolls back only
    its own document."""
    matcher: PartyMatcher | None = None
    for item in items:
        if isinstance(item, Failure):
            yield IngestResult(location=item.source, status=FAILED, error=item.error)
            continue
        try:
            with scope() as store:
                matcher = matcher or matcher_for(store)
                result = ingest_item(store, ctx, extractor, item, source=source, release=release, matcher=matcher,
                                     register_source=register_source)
        except TrucelineError as err:
            result = IngestResult(location=item.location, status=FAILED, error=err)
        except (UnicodeError, ValueError, RecursionError) as err:  # a parser choking on hostile input
            result = IngestResult(location=item.location, status=FAILED,
                                  error=UnreadableDocument(f"{item.location}: {type(err).__name__}: {err}"))
        yield result


def get_document(store: Any, ref: int | str) -> Document:
    doc = store.documents.get(ref) if isinstance(ref, int) else store.documents.get_by_uid(ref)
    if doc is None:
        raise NotFound(f"no document with {'id' if isinstance(ref, int) else 'uid'} {ref!r}")
    return doc


def list_documents(store: Any, query: DocumentQuery, page: Page) -> Paged[Document]:
    return store.documents.list(query, page)


def document_statements(store: Any, document_id: int) -> list[Statement]:
    return store.statements.for_document(document_id)


def document_reports(store: Any, document_id: int) -> list[Report]:
    """Every report extracted from the document, whatever its status (rejected ones keep their link)."""
    return store.reports.list(ReportQuery(document_id=document_id), Page(limit=10_000)).items


Held = list[dict[str, Any]]
Drafts = list[tuple[Report, str | None]]


def _sort_events(store: Any, ctx: Ctx, extraction: Extraction, *, source_key: str, release: ReleaseLevel,
                 fallback_day: Any) -> tuple[Held, Held, Drafts]:
    """Events held on the document (unplaced, unreportable) and checked candidate reports with claimants."""
    unplaced: Held = []
    unreportable: Held = []
    drafts: Drafts = []
    firsts: dict[tuple[object, ...], int] = {}  # happening -> index of its first telling in ``reportable``
    reportable: list[Event] = []
    for event in extraction.events:
        reason = queue.held_reason(event)
        if reason == queue.NO_PLACE:
            unplaced.append(queue.held(event, reason))
        elif reason is not None:
            unreportable.append(queue.held(event, reason))
        elif (key := queue.happening_key(event)) in firsts:
            reportable[firsts[key]] = queue.merged(reportable[firsts[key]], event)
            unreportable.append(queue.held(event, queue.SAME_AS_EARLIER))
        else:
            firsts[key] = len(reportable)
            reportable.append(event)
    for event in reportable:
        data = queue.report_draft(event, source=source_key, release=release,
                                  fallback_day=extraction.publication_date or fallback_day)
        try:
            drafts.append((prepare_report(store, ctx, data, source_key=source_key), _cut(event.claimed_by)))
        except InputError as err:
            why = queue.FUTURE if data.occurred_at > ctx.clock.now() else queue.REFUSED
            unreportable.append(queue.held(event, why, detail=err.user_message))
    return unplaced, unreportable, drafts


def _source_key(store: Any, ctx: Ctx, ref: str | None, *, author: str | None, location: str,
                register: bool = False) -> str:
    """The key of the source named ``ref`` (with ``register``, registered when new, kind unknown, reliability
    F, in the same transaction as the document: a run that stores nothing registers nothing), else an
    e-mail's From."""
    if ref and register:
        source, _created = ensure_source(store, ctx, ref)
        return str(source.key)
    if ref:
        return str(resolve_source(store, ref).key)
    if author:
        name, address = parseaddr(author)
        source, _created = ensure_source(store, ctx, (name or address or author).strip()[:200])
        return str(source.key)
    raise NoDocumentSource(f"{location}: no source for this document: give --source KEY (a key of the sources "
                           f"register); only an e-mail names its own (its From)")


def _cut(value: str | None, limit: int = 300) -> str | None:
    return value[:limit] if value else value
