"""What people do on an incident's page: the analyst's workflow and a party liaison's position.

Each form posts here and calls the same use-case as the API (``incidents/workflow.py``,
``incidents/confirmations.py``); the page comes back with what was done or why it was refused. Access is
the API's: triage, grade, publish and confirmation requests for the staff; a party liaison records the
position of their own party, on an incident they may read.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from truceline.accounts.policy import Action, Resource
from truceline.accounts.web_deps import require_on
from truceline.common.models import ReleaseLevel
from truceline.errors import InvalidValue, TrucelineError
from truceline.incidents import confirmations, workflow
from truceline.incidents import service as incidents_service
from truceline.incidents.models import Grade, IncidentStatus, Position
from truceline.web.access import Rule
from truceline.web.deps import CtxDep, PrincipalNow, StoreDep, ViewDep, visible

router = APIRouter(include_in_schema=False)
A, R = Action, Resource
RULES = {
    ("POST", "/incidents/{ref}/status"): Rule(A.triage, R.incidents),
    ("POST", "/incidents/{ref}/grade"): Rule(A.grade, R.incidents),
    ("POST", "/incidents/{ref}/publish"): Rule(A.publish, R.incidents),
    ("POST", "/incidents/{ref}/release"): Rule(A.publish, R.incidents),
    ("POST", "/incidents/{ref}/confirmations"): Rule(A.create, R.confirmations),
    ("POST", "/incidents/{ref}/position"): Rule(A.confirm, R.confirmations),
}


def _back(ref: str, *, done: str | None = None, error: TrucelineError | None = None) -> Response:
    query = f"done={quote(done)}" if done else f"error={quote(f'{error.user_message} ({error.code})')}" if error else ""
    return RedirectResponse(f"/incidents/{ref}?{query}#actions", status_code=303)


def _text(form: object, name: str) -> str:
    value = form.get(name) if hasattr(form, "get") else None
    return value.strip() if isinstance(value, str) else ""


def _run(store: Any, ref: str, done: str, action: Callable[[], object]) -> Response:
    """Do one step; back to the page saying it was done, or (nothing kept) why it was refused."""
    try:
        action()
    except (TrucelineError, ValueError) as err:
        store.session.rollback()
        return _back(ref, error=_as_error(err))
    return _back(ref, done=done)


@router.post("/incidents/{ref}/status")
async def change_status(ref: str, request: Request, store: StoreDep, ctx: CtxDep) -> Response:
    form = await request.form()
    if _text(form, "status") == incidents_service.get_incident(store, ref).status:
        return _back(ref, done="status unchanged")  # the select shows the current status; sent as it was
    return _run(store, ref, "status changed", lambda: workflow.set_status(
        store, ctx, ref, IncidentStatus(_text(form, "status")), reason=_text(form, "reason") or None))


@router.post("/incidents/{ref}/grade")
async def grade(ref: str, request: Request, store: StoreDep, ctx: CtxDep) -> Response:
    form = await request.form()
    return _run(store, ref, "graded", lambda: workflow.grade(
        store, ctx, ref, Grade(_text(form, "grade")), rationale=_text(form, "rationale")))


@router.post("/incidents/{ref}/publish")
async def publish(ref: str, request: Request, store: StoreDep, ctx: CtxDep) -> Response:
    form = await request.form()
    published = _text(form, "published") != "false"
    return _run(store, ref, "published" if published else "withdrawn from publication", lambda: workflow.publish(
        store, ctx, ref, published=published, reason=_text(form, "reason") or None))


@router.post("/incidents/{ref}/release")
async def release(ref: str, request: Request, store: StoreDep, ctx: CtxDep) -> Response:
    form = await request.form()
    parties = [p for p in form.getlist("released_to") if isinstance(p, str) and p]
    return _run(store, ref, "release changed", lambda: workflow.set_release(
        store, ctx, ref, ReleaseLevel(_text(form, "release") or "mechanism"), released_to=parties,
        reason=_text(form, "reason") or None))


@router.post("/incidents/{ref}/confirmations")
async def ask_confirmation(ref: str, request: Request, store: StoreDep, ctx: CtxDep) -> Response:
    form = await request.form()
    deadline = _text(form, "deadline")
    return _run(store, ref, "confirmation requested", lambda: confirmations.request_confirmation(
        store, ctx, ref, _text(form, "party"), deadline=date.fromisoformat(deadline) if deadline else None))


@router.post("/incidents/{ref}/position")
async def record_position(ref: str, request: Request, store: StoreDep, ctx: CtxDep, view: ViewDep,
                          principal: PrincipalNow) -> Response:
    form = await request.form()
    party = _text(form, "party") or (principal.party or "")
    visible(view, incidents_service.get_incident(store, ref), what="incident", ref=ref)
    require_on(principal, Action.confirm, Resource.confirmations, {"party": party})
    return _run(store, ref, f"position of {party} recorded", lambda: confirmations.record_position(
        store, ctx, ref, party, Position(_text(form, "position")),
        counter_evidence=_text(form, "counter_evidence") or None))


def _as_error(err: Exception) -> TrucelineError:
    """A bad value typed into a form (an unknown status, a malformed date) as our input error."""
    return err if isinstance(err, TrucelineError) else InvalidValue(f"not a valid value: {err}")
