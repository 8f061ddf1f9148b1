"""The statements waiting for review, as a page: ``/review/statements`` (staff).

Each candidate shows the sentence of its document around it, the speaker and the party they speak for;
the analyst accepts it as extracted, edits it and accepts it, or rejects it with a reason. ``?document=ID``
narrows the queue to one document (linked from the document page). The forms post to these routes, which
call the same services as the API and come back to the queue with what was done or why it was refused.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from truceline.accounts.policy import Action, Resource
from truceline.common.paging import Page
from truceline.errors import InputError, TrucelineError
from truceline.ingest import review
from truceline.ingest.models import StatementQuery, StatementStatus
from truceline.ingest.schemas import StatementEdit
from truceline.registry import service as parties_service
from truceline.registry.models import PartyQuery
from truceline.web.access import Rule
from truceline.web.deps import CtxDep, StoreDep
from truceline.web.forms import blank_to_none
from truceline.web.routes.pages import page_context, templates
from truceline.web.routes.statements import with_context

router = APIRouter(include_in_schema=False)
A, R = Action, Resource
RULES = {
    ("GET", "/review/statements"): Rule(A.triage, R.statements),
    ("POST", "/review/statements/{statement_id}/accept"): Rule(A.triage, R.statements),
    ("POST", "/review/statements/{statement_id}/reject"): Rule(A.triage, R.statements),
}
QUEUE_PAGE = 100
EDITABLE = ("speaker", "speaker_role", "organisation", "party", "text")


@router.get("/review/statements", response_class=HTMLResponse)
def statements_page(request: Request, store: StoreDep, document: int | None = None, done: str | None = None,
                    error: str | None = None, offset: int = 0) -> HTMLResponse:
    query = StatementQuery(status=StatementStatus.candidate, document_id=document)
    paged = review.list_statements(store, query, Page(limit=QUEUE_PAGE, offset=max(offset, 0)))
    parties = parties_service.list_parties(store, PartyQuery(), Page(limit=5000)).items
    return templates.TemplateResponse(request, "review_statements.html", page_context(
        request, "review", statements=with_context(store, paged.items), count=paged.count, document=document,
        parties=parties, done=done, error=error, offset=max(offset, 0), page_size=QUEUE_PAGE))


def edit_of(form: Any) -> StatementEdit:
    """The edit form's fields: an emptied role, organisation or party is removed; speaker and text stay."""
    data: dict[str, Any] = {name: blank_to_none(form, name) for name in EDITABLE if name in form}
    if "direct" in form:
        data["direct"] = form.get("direct") in ("true", "on", "1")
    for name in ("speaker", "text"):
        if name in data and data[name] is None:
            data[name] = ""  # refused by the schema beside its field: a statement keeps a speaker and a text
    return StatementEdit.model_validate(data)


def _version(form: Any) -> int | None:
    """The version the form was drawn from: a decision on a statement changed meanwhile is refused (E302)."""
    version = blank_to_none(form, "version")
    return int(version) if version and version.isdigit() else None


def _back(document: str | None, **params: str) -> Response:
    query = {"document": document, **params} if document else params
    return RedirectResponse(f"/review/statements?{urlencode(query)}", status_code=303)


def _refused(store: Any, document: str | None, statement_id: int, err: Exception) -> Response:
    store.session.rollback()
    if isinstance(err, TrucelineError):
        message = f"{err.user_message} ({err.code})"
    else:
        assert isinstance(err, ValidationError)
        message = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in err.errors()) + " (E101)"
    return _back(document, error=f"statement {statement_id}: {message}")


@router.post("/review/statements/{statement_id}/accept", response_class=HTMLResponse)
async def accept_statement(statement_id: int, request: Request, store: StoreDep, ctx: CtxDep) -> Response:
    form = await request.form()
    document = blank_to_none(form, "document")
    try:
        review.accept_statement(store, ctx, statement_id, edit=edit_of(form), expected_version=_version(form),
                                reason=blank_to_none(form, "reason"))
    except (TrucelineError, ValidationError) as err:
        return _refused(store, document, statement_id, err)
    return _back(document, done=f"accepted:{statement_id}")


@router.post("/review/statements/{statement_id}/reject", response_class=HTMLResponse)
async def reject_statement(statement_id: int, request: Request, store: StoreDep, ctx: CtxDep) -> Response:
    form = await request.form()
    document = blank_to_none(form, "document")
    reason = blank_to_none(form, "reason")
    try:
        if reason is None:
            raise InputError("a rejection needs a reason, for the history")
        review.reject_statement(store, ctx, statement_id, reason=reason, expected_version=_version(form))
    except TrucelineError as err:
        return _refused(store, document, statement_id, err)
    return _back(document, done=f"rejected:{statement_id}")
