"""The report form and the review queue: where claims enter and where analysts decide them.

* ``/reports/new`` — the report form (map picker, precision, parties, casualty ranges, attachments); a field
  reporter's reports come from their own observer source, staff choose the source. ``/reports/{id}/edit``
  edits a candidate (its submitter while it is a candidate, or the staff). ``/reports/mine`` lists a field
  reporter's submissions and what became of them.
* ``/review`` — the queue of candidates (staff). Opening one takes the review lock so two analysts do not
  decide it at once; then accept (clustering places it), merge into a chosen incident, edit, or reject with
  a reason. Keyboard: ``j``/``k`` move and open, ``Enter`` opens, ``a`` accepts, ``m`` merges, ``e`` edits,
  ``r`` rejects, always the highlighted report (``static/js/review.js``).

The forms post to these routes, which call the same services as the API; errors come back beside their
fields (``web/forms.py``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from truceline.accounts.models import STAFF_ROLES
from truceline.accounts.policy import Action, Resource
from truceline.accounts.web_deps import require_on
from truceline.common.context import Ctx
from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page
from truceline.errors import InputError, Locked, TrucelineError
from truceline.incidents.service import attach_report, move_report
from truceline.ingest.models import StatementQuery, StatementStatus
from truceline.registry import service as parties_service
from truceline.registry.models import PartyQuery
from truceline.reports import review
from truceline.reports import service as reports_service
from truceline.reports.attachments import MAX_ATTACHMENT_BYTES, check_size
from truceline.reports.models import Attachment, PlacePrecision, Report, ReportQuery, TimePrecision
from truceline.reports.schemas import ReportCreate, ReportUpdate
from truceline.reports.taxonomy import EventType
from truceline.sources import service as sources_service
from truceline.sources.models import SourceQuery
from truceline.web import i18n
from truceline.web.access import Rule
from truceline.web.deps import CtxDep, PrincipalNow, StoreDep, ViewDep, visible
from truceline.web.forms import form_errors, report_fields
from truceline.web.report_checks import check_report_form, field_labels
from truceline.web.routes.pages import basemap_layers, page_context, templates
from truceline.web.routes.reports import get_attachment_store

router = APIRouter(include_in_schema=False)
A, R = Action, Resource
RULES = {
    ("GET", "/reports/new"): Rule(A.create, R.reports),
    ("POST", "/reports/new"): Rule(A.create, R.reports),
    ("GET", "/reports/mine"): Rule(A.read, R.reports),
    ("GET", "/reports/{report_id}/edit"): Rule(A.update, R.reports),
    ("POST", "/reports/{report_id}/edit"): Rule(A.update, R.reports),
    ("GET", "/review"): Rule(A.triage, R.reports),
    ("POST", "/review/{report_id}/open"): Rule(A.triage, R.reports),
    ("POST", "/review/{report_id}/accept"): Rule(A.triage, R.reports),
    ("POST", "/review/{report_id}/reject"): Rule(A.triage, R.reports),
    ("POST", "/review/{report_id}/release"): Rule(A.triage, R.reports),
}
ALL = Page(limit=5000, offset=0)
QUEUE_PAGE = 200


def _choices(store: Any, *, staff: bool) -> dict[str, Any]:
    parties = parties_service.list_parties(store, PartyQuery(), ALL).items
    sources = sources_service.list_sources(store, SourceQuery(), ALL).items if staff else []
    return {"parties": parties, "sources": sources, "event_types": list(EventType),
            "time_precisions": list(TimePrecision), "place_precisions": list(PlacePrecision),
            "releases": list(ReleaseLevel)}


def _form_page(request: Request, store: Any, *, values: dict[str, Any], errors: dict[str, str],
               report: Report | None, status_code: int = 200, dropped: list[str] | None = None) -> HTMLResponse:
    """The form; with ``errors`` a summary on top and each message beside its field, and the names of the
    attachments the browser sent (``dropped``), which a form coming back cannot keep."""
    principal = request.state.principal
    staff = principal.role in STAFF_ROLES
    config = {"basemap": basemap_layers(), "tile_url": request.app.state.settings.tile_url}
    labels = field_labels(i18n.translator(i18n.request_language(request)))
    order = {name: n for n, name in enumerate(labels)}
    errors = dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))  # the form's order
    return templates.TemplateResponse(request, "report_form.html", page_context(
        request, "report_form", values=values, errors=errors, report=report, staff_form=staff,
        config=config, field_names=labels, dropped=dropped or [], **_choices(store, staff=staff)),
        status_code=status_code)


def _refused_form(request: Request, store: Any, form: Any, *, values: dict[str, Any], errors: dict[str, str],
                  report: Report | None, status_code: int) -> HTMLResponse:
    dropped = [upload.filename for upload in _uploads(form) if upload.filename]
    return _form_page(request, store, values=values, errors=errors, report=report, status_code=status_code,
                      dropped=dropped)


def _form_problems(request: Request, form: Any, *, needs_source: bool) -> dict[str, str]:
    """What the fields show by themselves, every problem at once, in the reader's language."""
    translations = i18n.translator(i18n.request_language(request))
    return check_report_form(form, translations, needs_source=needs_source)


def _values_of(report: Report) -> dict[str, Any]:
    values: dict[str, Any] = report.model_dump(mode="json")
    values.update(values.pop("casualties"))
    for name in ("occurred_at", "occurred_until"):
        value = getattr(report, name)
        values[name] = value.strftime("%Y-%m-%dT%H:%M") if value else ""
    return values


async def _store_attachments(request: Request, store: Any, ctx: Ctx, report: Report,
                             uploads: list[UploadFile]) -> Report:
    files = get_attachment_store(request)
    for upload in uploads:
        if not upload.filename:
            continue
        data = await upload.read(MAX_ATTACHMENT_BYTES + 1)
        check_size(len(data), limit=MAX_ATTACHMENT_BYTES)
        media_type = upload.content_type or "application/octet-stream"
        attachment = Attachment(sha256=files.put(data), filename=upload.filename[:255], media_type=media_type,
                                size=len(data), acquired_at=ctx.clock.now(),
                                metadata_stripped=media_type in ("image/jpeg", "image/png", "image/webp"))
        report = reports_service.add_attachment(store, ctx, report.id, attachment)
    return report


def _uploads(form: Any) -> list[UploadFile]:
    return [f for f in form.getlist("attachments") if hasattr(f, "filename")]


@router.get("/reports/new", response_class=HTMLResponse)
def new_report(request: Request, store: StoreDep) -> HTMLResponse:
    now = request.app.state.clock.now()
    values = {"occurred_at": now.strftime("%Y-%m-%dT%H:%M"), "time_precision": "exact", "place_precision": "town",
              "credibility": 6, "release": "mechanism"}
    return _form_page(request, store, values=values, errors={}, report=None)


@router.post("/reports/new", response_class=HTMLResponse)
async def submit_report(request: Request, store: StoreDep, ctx: CtxDep, principal: PrincipalNow) -> Response:
    form = await request.form()
    try:
        return await _submit(request, store, ctx, principal, form)
    finally:
        await form.close()  # uploaded files are spooled to disk until closed


async def _submit(request: Request, store: Any, ctx: Ctx, principal: Any, form: Any) -> Response:
    staff = principal.role in STAFF_ROLES
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    problems = _form_problems(request, form, needs_source=staff)
    if problems:
        return _refused_form(request, store, form, values=values, errors=problems, report=None, status_code=422)
    try:
        data = report_fields(form, staff=staff)
        if not staff:
            data["source"] = sources_service.observer_source(store, ctx, principal.username or "anonymous").key
        report = reports_service.submit_report(store, ctx, ReportCreate.model_validate(data))
        report = await _store_attachments(request, store, ctx, report, _uploads(form))
    except (ValidationError, InputError, TrucelineError) as err:
        store.session.rollback()  # nothing of a refused report is kept
        status = err.http_status if isinstance(err, TrucelineError) else 422
        return _refused_form(request, store, form, values=values, errors=form_errors(err), report=None,
                             status_code=status)
    target = f"/review?id={report.id}&done=submitted" if staff else f"/reports/mine?done={report.id}"
    return RedirectResponse(target, status_code=303)


@router.get("/reports/mine", response_class=HTMLResponse)
def my_reports(request: Request, store: StoreDep, principal: PrincipalNow, done: int | None = None) -> HTMLResponse:
    reports = reports_service.list_reports(store, ReportQuery(submitted_by=principal.username or "-"),
                                           Page(limit=500, offset=0)).items
    reports.sort(key=lambda r: r.created_at, reverse=True)
    return templates.TemplateResponse(request, "my_reports.html", page_context(
        request, "my_reports", reports=reports, done=done))


def _editable(store: Any, report_id: int, view: Any, principal: Any) -> Report:
    report = visible(view, reports_service.get_report(store, report_id), what="report", ref=report_id)
    require_on(principal, Action.update, Resource.reports, report)
    return report


@router.get("/reports/{report_id}/edit", response_class=HTMLResponse)
def edit_report(report_id: int, request: Request, store: StoreDep, view: ViewDep,
                principal: PrincipalNow) -> HTMLResponse:
    report = _editable(store, report_id, view, principal)
    return _form_page(request, store, values=_values_of(report), errors={}, report=report)


@router.post("/reports/{report_id}/edit", response_class=HTMLResponse)
async def save_report(report_id: int, request: Request, store: StoreDep, ctx: CtxDep, view: ViewDep,
                      principal: PrincipalNow) -> Response:
    report = _editable(store, report_id, view, principal)
    form = await request.form()
    try:
        return await _save(request, store, ctx, principal, report, form)
    finally:
        await form.close()


async def _save(request: Request, store: Any, ctx: Ctx, principal: Any, report: Report, form: Any) -> Response:
    staff = principal.role in STAFF_ROLES
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    problems = _form_problems(request, form, needs_source=False)
    if problems:
        return _refused_form(request, store, form, values=values, errors=problems, report=report, status_code=422)
    try:
        data = report_fields(form, staff=staff)
        data.pop("source", None)  # the source of a claim does not change
        data["reason"] = (values.get("reason") or "").strip() or "edited in review"
        data["expected_version"] = int(values.get("version") or report.version)
        updated = reports_service.update_report(store, ctx, report.id, ReportUpdate.model_validate(data))
        await _store_attachments(request, store, ctx, updated, _uploads(form))
    except (ValidationError, TrucelineError) as err:
        store.session.rollback()
        status = err.http_status if isinstance(err, TrucelineError) else 422
        return _refused_form(request, store, form, values=values, errors=form_errors(err), report=report,
                             status_code=status)
    return RedirectResponse(f"/review?id={report.id}&done=edited" if staff else f"/reports/mine?done={report.id}",
                            status_code=303)


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, store: StoreDep, id: int | None = None,  # noqa: A002
                done: str | None = None, error: str | None = None, source: str | None = None,
                type: EventType | None = None) -> HTMLResponse:  # noqa: A002
    queue = review.review_queue(store, Page(limit=QUEUE_PAGE, offset=0), source=source, event_type=type)
    sources = {s.key: sources_service.to_public(store, s)
               for s in sources_service.list_sources(store, SourceQuery(), ALL).items}
    waiting = store.statements.list(StatementQuery(status=StatementStatus.candidate), Page(limit=1)).count
    return templates.TemplateResponse(request, "review.html", page_context(
        request, "review", queue=queue.items, count=queue.count, selected=id, done=done, error=error,
        sources=sources, statements_waiting=waiting,
        event_types=list(EventType), source_filter=source, type_filter=type.value if type else None,
        now=request.app.state.clock.now()))


def _detail(request: Request, store: Any, report: Report, *, locked_by_other: str | None = None,
            error: str | None = None, status_code: int = 200) -> HTMLResponse:
    source = sources_service.to_public(store, sources_service.get_source(store, report.source))
    suggestions = review.merge_suggestions(store, report)
    return templates.TemplateResponse(request, "review_detail.html", page_context(
        request, "review", report=report, source=source, suggestions=suggestions,
        locked_by_other=locked_by_other, error=error), status_code=status_code)


@router.post("/review/{report_id}/open", response_class=HTMLResponse)
def open_candidate(report_id: int, request: Request, store: StoreDep, ctx: CtxDep) -> HTMLResponse:
    """The candidate's review panel; opening it takes (or renews) the review lock."""
    report = reports_service.get_report(store, report_id)
    try:
        report = reports_service.lock_report(store, ctx, report_id)
    except Locked:
        return _detail(request, store, report, locked_by_other=report.locked_by)
    except InputError as err:  # no longer a candidate: decided meanwhile
        return _detail(request, store, report, error=err.user_message)
    return _detail(request, store, report)


def _is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def _go(request: Request, target: str) -> Response:
    """Send the browser on: HTMX follows ``HX-Redirect``, a plain form a 303."""
    if _is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _decided(request: Request, report_id: int, what: str) -> Response:
    return _go(request, f"/review?done={what}:{report_id}")


def _refused(request: Request, store: Any, report_id: int, err: TrucelineError) -> Response:
    """A decision the services refused: the panel again with the reason (HTMX), or the queue with it."""
    store.session.rollback()
    message = f"{err.user_message} ({err.code})"
    if _is_htmx(request):
        return _detail(request, store, reports_service.get_report(store, report_id), error=message,
                       status_code=err.http_status)
    return RedirectResponse(f"/review?id={report_id}&error={quote(message)}", status_code=303)


@router.post("/review/{report_id}/accept", response_class=HTMLResponse)
async def accept_candidate(report_id: int, request: Request, store: StoreDep, ctx: CtxDep) -> Response:
    form = await request.form()
    incident = str(form.get("incident") or "").strip()
    reason = str(form.get("reason") or "").strip()
    try:
        if incident:
            def into(store_: Any, ctx_: Any, report: Report) -> object:
                return move_report(store_, ctx_, report.id, int(incident) if incident.isdigit() else incident,
                                   reason=reason or "merged into this incident in review")
            reports_service.accept_report(store, ctx, report_id, attach=into)
        else:
            reports_service.accept_report(store, ctx, report_id, attach=attach_report)
    except TrucelineError as err:
        return _refused(request, store, report_id, err)
    return _decided(request, report_id, "merged" if incident else "accepted")


@router.post("/review/{report_id}/reject", response_class=HTMLResponse)
async def reject_candidate(report_id: int, request: Request, store: StoreDep, ctx: CtxDep) -> Response:
    form = await request.form()
    reason = str(form.get("reason") or "").strip()
    try:
        if not reason:
            raise InputError("a rejection needs a reason, for the history and the submitter")
        reports_service.reject_report(store, ctx, report_id, reason=reason)
    except TrucelineError as err:
        return _refused(request, store, report_id, err)
    return _decided(request, report_id, "rejected")


@router.post("/review/{report_id}/release", response_class=HTMLResponse)
def release_candidate(report_id: int, request: Request, store: StoreDep, ctx: CtxDep) -> Response:
    """Let go of the review lock without deciding (back to the queue for others)."""
    try:
        reports_service.unlock_report(store, ctx, report_id)
    except TrucelineError as err:
        return _refused(request, store, report_id, err)
    return _go(request, "/review")
