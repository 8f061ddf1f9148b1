"""Routes of reports: intake, review queue, attachments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import Response

from truceline.accounts.models import STAFF_ROLES
from truceline.accounts.policy import Action, Resource
from truceline.accounts.web_deps import require_on
from truceline.audit.schemas import ChangesPublic
from truceline.common.models import ReleaseLevel, as_utc
from truceline.errors import NotAllowed, NotFound
from truceline.geo.geometry import parse_bbox
from truceline.reports import service
from truceline.reports.attachments import (
    MAX_ATTACHMENT_BYTES,
    AttachmentStore,
    FileAttachmentStore,
    check_size,
    stripped,
)
from truceline.reports.models import Attachment, ReportQuery, ReportStatus
from truceline.reports.schemas import (
    ReportAccept,
    ReportCreate,
    ReportLock,
    ReportPublic,
    ReportReject,
    ReportsPublic,
    ReportUpdate,
)
from truceline.reports.taxonomy import EventType
from truceline.web.deps import CtxDep, PageDep, PrincipalNow, StoreDep, ViewDep, parse_ref, visible

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])


def get_attachment_store(request: Request) -> AttachmentStore:
    store = getattr(request.app.state, "attachment_store", None)
    if store is None:
        store = FileAttachmentStore(request.app.state.settings.data_dir / "attachments")
    return store


FilesDep = Annotated[AttachmentStore, Depends(get_attachment_store)]


def _attach(store: Any, ctx: Any, report: Any) -> object:
    from truceline.incidents.service import attach_report

    return attach_report(store, ctx, report)


def _public(report: Any) -> ReportPublic:
    return ReportPublic.model_validate(report.model_dump())


@router.get("", response_model=ReportsPublic)
def list_reports(store: StoreDep, view: ViewDep, page: PageDep, status: ReportStatus | None = None,
                 source: str | None = None,
                 event_type: EventType | None = None, incident_id: int | None = None,
                 occurred_from: datetime | None = None, occurred_to: datetime | None = None,
                 bbox: str | None = None, submitted_by: str | None = None,
                 document_id: int | None = None) -> ReportsPublic:
    query = ReportQuery(status=status, source=source, event_type=event_type, incident_id=incident_id,
                        occurred_from=as_utc(occurred_from) if occurred_from else None,
                        occurred_to=as_utc(occurred_to) if occurred_to else None,
                        bbox=tuple(parse_bbox(bbox)) if bbox else None, submitted_by=submitted_by,
                        document_id=document_id, view=view)
    paged = service.list_reports(store, query, page)
    return ReportsPublic(data=[_public(r) for r in paged.items], count=paged.count)


@router.post("", response_model=ReportPublic, status_code=201)
def submit_report(data: ReportCreate, store: StoreDep, ctx: CtxDep, principal: PrincipalNow) -> ReportPublic:
    _release_by_staff(principal, data)
    return _public(service.submit_report(store, ctx, data))


def _release_by_staff(principal: Any, data: ReportCreate | ReportUpdate) -> None:
    """Who may read a claim is the mechanism's decision: others leave ``release`` and ``released_to`` alone."""
    if principal.role in STAFF_ROLES:
        return
    chosen = data.model_fields_set & {"release", "released_to"}
    default = data.release in (None, ReleaseLevel.mechanism) and not data.released_to
    if chosen and not default:
        raise NotAllowed(f"a {principal.role.value} may not set a report's release level; the mechanism's "
                         "staff decide who may read it", details=[{"field": f} for f in sorted(chosen)])


@router.get("/{ref}", response_model=ReportPublic)
def get_report(ref: str, store: StoreDep, view: ViewDep) -> ReportPublic:
    return _public(visible(view, service.get_report(store, parse_ref(ref)), what="report", ref=ref))


def _own(store: Any, ref: str, view: Any, principal: Any, action: Action) -> Any:
    """The report, when the caller may see it and ``action`` it (a field reporter: their own candidates)."""
    report = visible(view, service.get_report(store, parse_ref(ref)), what="report", ref=ref)
    require_on(principal, action, Resource.reports, report)
    return report


@router.patch("/{ref}", response_model=ReportPublic)
def update_report(ref: str, data: ReportUpdate, store: StoreDep, ctx: CtxDep, view: ViewDep,
                  principal: PrincipalNow) -> ReportPublic:
    report = _own(store, ref, view, principal, Action.update)
    _release_by_staff(principal, data)
    return _public(service.update_report(store, ctx, report.id, data))


@router.post("/{ref}/accept", response_model=ReportPublic)
def accept_report(ref: str, store: StoreDep, ctx: CtxDep, data: ReportAccept | None = None) -> ReportPublic:
    """Accept a candidate: clustering places it in an incident, or ``incident`` names the one to merge it into
    (the report is pinned there, with ``reason``)."""
    if data is None or data.incident is None:
        return _public(service.accept_report(store, ctx, parse_ref(ref), attach=_attach))
    target, why = data.incident, data.reason or "merged into this incident by the reviewer"

    def into_incident(store_: Any, ctx_: Any, report: Any) -> object:
        from truceline.incidents.service import move_report

        return move_report(store_, ctx_, report.id, parse_ref(target), reason=why)

    return _public(service.accept_report(store, ctx, parse_ref(ref), attach=into_incident))


@router.post("/{ref}/lock", response_model=ReportPublic)
def lock_report(ref: str, store: StoreDep, ctx: CtxDep, data: ReportLock | None = None) -> ReportPublic:
    """Hold a candidate for review (default 10 minutes) so that no other reviewer decides it meanwhile."""
    minutes = data.minutes if data is not None else service.REVIEW_LOCK_MINUTES
    return _public(service.lock_report(store, ctx, parse_ref(ref), minutes=minutes))


@router.post("/{ref}/unlock", response_model=ReportPublic)
def unlock_report(ref: str, store: StoreDep, ctx: CtxDep) -> ReportPublic:
    return _public(service.unlock_report(store, ctx, parse_ref(ref)))


@router.post("/{ref}/reject", response_model=ReportPublic)
def reject_report(ref: str, data: ReportReject, store: StoreDep, ctx: CtxDep) -> ReportPublic:
    return _public(service.reject_report(store, ctx, parse_ref(ref), reason=data.reason))


@router.get("/{ref}/history", response_model=ChangesPublic)
def report_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = service.report_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))


@router.post("/{ref}/attachments", response_model=ReportPublic, status_code=201)
async def add_attachment(ref: str, file: UploadFile, store: StoreDep, ctx: CtxDep, files: FilesDep, view: ViewDep,
                         principal: PrincipalNow) -> ReportPublic:
    _own(store, ref, view, principal, Action.update)  # 404 or 403 before reading the upload
    data = await file.read(MAX_ATTACHMENT_BYTES + 1)
    check_size(len(data), limit=MAX_ATTACHMENT_BYTES)
    digest = files.put(data)
    media_type = file.content_type or "application/octet-stream"
    attachment = Attachment(sha256=digest, filename=(file.filename or digest)[:255], media_type=media_type,
                            size=len(data), acquired_at=ctx.clock.now(),
                            metadata_stripped=media_type in ("image/jpeg", "image/png", "image/webp"))
    return _public(service.add_attachment(store, ctx, parse_ref(ref), attachment))


@router.get("/{ref}/attachments/{sha256}")
def get_attachment(ref: str, sha256: str, store: StoreDep, files: FilesDep, view: ViewDep) -> Response:
    report = visible(view, service.get_report(store, parse_ref(ref)), what="report", ref=ref)
    attachment = next((a for a in report.attachments if a.sha256 == sha256), None)
    data = files.get(sha256) if attachment is not None else None
    if attachment is None or data is None:
        raise NotFound(f"report {report.id} has no attachment {sha256!r}")
    safe_name = attachment.filename.replace('"', "")
    return Response(content=stripped(data, attachment.media_type), media_type=attachment.media_type,
                    headers={"content-disposition": f'attachment; filename="{safe_name}"'})
