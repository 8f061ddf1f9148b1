"""The ingested documents as pages: the list, and one document with its provenance, its text, the statements
found in it (speakers linked to parties) and what became of its events (candidate reports in the review
queue, events with no place, events that are not reports). Staff see every document; a field reporter
the documents they pushed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from truceline.accounts.policy import Action, Resource, can
from truceline.common.paging import Page
from truceline.errors import NotFound
from truceline.ingest import service
from truceline.ingest.models import DocumentQuery, OriginKind
from truceline.web.access import Rule
from truceline.web.deps import PrincipalNow, StoreDep, ViewDep, parse_ref
from truceline.web.routes.pages import page_context, templates

router = APIRouter(include_in_schema=False)
RULES = {("GET", "/documents"): Rule(Action.read, Resource.documents),
         ("GET", "/documents/{ref}"): Rule(Action.read, Resource.documents)}
PAGE = 100


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, store: StoreDep, view: ViewDep, principal: PrincipalNow,
                   source: str | None = None, origin: OriginKind | None = None, offset: int = 0) -> HTMLResponse:
    query = DocumentQuery(source=source or None, origin=origin,
                          submitted_by=None if view.everything else principal.username)
    paged = service.list_documents(store, query, Page(limit=PAGE, offset=max(offset, 0)))
    counts = store.statements.count_for([d.id for d in paged.items])
    return templates.TemplateResponse(request, "documents.html", page_context(
        request, "documents", documents=paged.items, count=paged.count, statement_counts=counts, offset=offset,
        page_size=PAGE, origins=[o.value for o in OriginKind], source=source or "",
        origin=origin.value if origin else ""))


@router.get("/documents/{ref}", response_class=HTMLResponse)
def document_page(ref: str, request: Request, store: StoreDep, principal: PrincipalNow) -> HTMLResponse:
    doc = service.get_document(store, parse_ref(ref))
    if not can(principal, Action.read, Resource.documents, record=doc):
        raise NotFound(f"no document with id {ref!r}")  # others' documents are not shown to exist
    return templates.TemplateResponse(request, "document.html", page_context(
        request, "documents", doc=doc, statements=service.document_statements(store, doc.id),
        reports=service.document_reports(store, doc.id)))
