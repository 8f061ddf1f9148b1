"""Routes of ingested documents: push one (JSON or a raw text/HTML body), list them, read one with its
statements, candidate reports and unplaced events."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from truceline.accounts.policy import Action, Principal, Resource, can, visibility
from truceline.accounts.web_deps import require
from truceline.common.context import Ctx
from truceline.common.models import ReleaseLevel
from truceline.errors import InvalidValue, NotFound, SchemaError
from truceline.ingest import service
from truceline.ingest.models import DocumentQuery, OriginKind
from truceline.ingest.origins import Incoming, build_origin
from truceline.ingest.schemas import (
    MAX_PUSH_CHARS,
    DocumentPublic,
    DocumentPush,
    DocumentsPublic,
    DocumentSummary,
    IngestedPublic,
    StatementPublic,
)
from truceline.reports.schemas import ReportPublic
from truceline.web.deps import CtxDep, PageDep, StoreDep, parse_ref

router = APIRouter(prefix="/api/v1/documents", tags=["documents"])

Reader = Annotated[Principal, Depends(require(Action.read, Resource.documents))]
Pusher = Annotated[Principal, Depends(require(Action.create, Resource.documents))]
RAW_TYPES = {"text/plain": ".txt", "text/html": ".html"}


def get_extractor(request: Request) -> service.Extractor:
    """The app's extractor (tests set ``app.state.extractor``), else the shared pipeline, loaded once."""
    extractor = getattr(request.app.state, "extractor", None)
    return extractor if extractor is not None else service.shared_pipeline()


def _detail(store: Any, doc: Any) -> DocumentPublic:
    return DocumentPublic(**doc.model_dump(),
                          statements=[StatementPublic(**s.model_dump())
                                      for s in service.document_statements(store, doc.id)],
                          reports=[ReportPublic.model_validate(r.model_dump())
                                   for r in service.document_reports(store, doc.id)])


PUSH_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": DocumentPush.model_json_schema()},
    "text/plain": {"schema": {"type": "string"}}, "text/html": {"schema": {"type": "string"}}}}}


@router.post("", response_model=IngestedPublic, status_code=201, openapi_extra=PUSH_BODY,
             responses={200: {"model": IngestedPublic, "description": "Already ingested: the stored document"}})
async def push_document(request: Request, store: StoreDep, ctx: CtxDep, principal: Pusher,
                        source: str | None = None, url: str | None = None, title: str | None = None,
                        published_on: date | None = None,
                        release: ReleaseLevel = ReleaseLevel.mechanism) -> Any:
    """A JSON ``DocumentPush``, or a raw ``text/plain`` or ``text/html`` body with ``?source=KEY``."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if content_type in RAW_TYPES:
        if not source:
            raise InvalidValue("a raw text or HTML body needs ?source=KEY", details=[{"field": "source"}])
        if len(body) > MAX_PUSH_CHARS:
            raise InvalidValue(f"the body is over {MAX_PUSH_CHARS:,} bytes", details=[{"field": "body"}])
        data, suffix = body, RAW_TYPES[content_type]
    elif content_type in ("application/json", ""):
        push = DocumentPush.model_validate_json(body or b"{}")
        source, url, title, published_on, release = (push.source, push.url, push.title, push.published_on,
                                                     push.release)
        data, suffix = push.text.encode("utf-8"), ".html" if push.content_type == "html" else ".txt"
    else:
        raise SchemaError(f"unsupported content type {content_type!r}: send JSON, text/plain or text/html",
                          details=[{"field": "content-type", "value": content_type}])
    body_item = Incoming(data=data, origin=OriginKind.push, location=url or f"push:{principal.username}",
                         suffix=suffix, fetched_at=ctx.clock.now(), reference_date=published_on,
                         published_on=published_on, title=title)
    [item] = list(build_origin("push", bodies=[body_item]).items())
    assert isinstance(item, Incoming)
    actor = Ctx(actor=principal.username or ctx.actor, clock=ctx.clock)
    result = await run_in_threadpool(service.ingest_item, store, actor, get_extractor(request), item, source=source,
                                     release=release)  # spaCy and the database: off the event loop
    doc = result.document or result.duplicate_of
    assert doc is not None
    # a duplicate says that the text is in already; the earlier document itself only to those who may read it
    shown = _detail(store, doc) if can(principal, Action.read, Resource.documents, record=doc) else None
    out = IngestedPublic(status="stored" if result.document else "duplicate", document=shown)
    return JSONResponse(out.model_dump(mode="json"), status_code=201 if result.document else 200)


@router.get("", response_model=DocumentsPublic)
def list_documents(store: StoreDep, page: PageDep, principal: Reader, source: str | None = None,
                   origin: OriginKind | None = None) -> DocumentsPublic:
    view = visibility(principal)
    query = DocumentQuery(source=source, origin=origin, submitted_by=None if view.everything else principal.username)
    paged = service.list_documents(store, query, page)
    counts = store.statements.count_for([d.id for d in paged.items])
    return DocumentsPublic(data=[DocumentSummary(**d.model_dump(), statement_count=counts.get(d.id, 0))
                                 for d in paged.items], count=paged.count)


@router.get("/{ref}", response_model=DocumentPublic)
def get_document(ref: str, store: StoreDep, principal: Reader) -> DocumentPublic:
    doc = service.get_document(store, parse_ref(ref))
    if not can(principal, Action.read, Resource.documents, record=doc):
        raise NotFound(f"no document with id {ref!r}")  # others' documents are not shown to exist
    return _detail(store, doc)
