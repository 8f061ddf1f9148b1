"""Routes of reports: intake, review queue, attachments."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, UploadFile
from fastapi.responses import Response

from truceline.audit.schemas import ChangesPublic
from truceline.common.models import as_utc
from truceline.errors import NotFound
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
from truceline.reports.schemas import ReportCreate, ReportPublic, ReportReject, ReportsPublic, ReportUpdate
from truceline.reports.taxonomy import EventType
from truceline.web.deps import CtxDep, PageDep, StoreDep, parse_ref

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
def list_reports(store: StoreDep, page: PageDep, status: ReportStatus | None = None, source: str | None = None,
                 event_type: EventType | None = None, incident_id: int | None = None,
                 occurred_from: datetime | None = None, occurred_to: datetime | None = None,
                 bbox: str | None = None, submitted_by: str | None = None,
                 document_id: int | None = None) -> ReportsPublic:
    query = ReportQuery(status=status, source=source, event_type=event_type, incident_id=incident_id,
                        occurred_from=as_utc(occurred_from) if occurred_from else None,
                        occurred_to=as_utc(occurred_to) if occurred_to else None,
                        bbox=tuple(parse_bbox(bbox)) if bbox else None, submitted_by=submitted_by,
                        document_id=document_id)
    paged = service.list_reports(store, query, page)
    return ReportsPublic(data=[_public(r) for r in paged.items], count=paged.count)


@router.post("", response_model=ReportPublic, status_code=201)
def submit_report(data: ReportCreate, store: StoreDep, ctx: CtxDep) -> ReportPublic:
    return _public(service.submit_report(store, ctx, data))


@router.get("/{ref}", response_model=ReportPublic)
def get_report(ref: str, store: StoreDep) -> ReportPublic:
    return _public(service.get_report(store, parse_ref(ref)))


@router.patch("/{ref}", response_model=ReportPublic)
def update_report(ref: str, data: ReportUpdate, store: StoreDep, ctx: CtxDep) -> ReportPublic:
    return _public(service.update_report(store, ctx, parse_ref(ref), data))


@router.post("/{ref}/accept", response_model=ReportPublic)
def accept_report(ref: str, store: StoreDep, ctx: CtxDep) -> ReportPublic:
    return _public(service.accept_report(store, ctx, parse_ref(ref), attach=_attach))


@router.post("/{ref}/reject", response_model=ReportPublic)
def reject_report(ref: str, data: ReportReject, store: StoreDep, ctx: CtxDep) -> ReportPublic:
    return _public(service.reject_report(store, ctx, parse_ref(ref), reason=data.reason))


@router.get("/{ref}/history", response_model=ChangesPublic)
def report_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = service.report_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))


@router.post("/{ref}/attachments", response_model=ReportPublic, status_code=201)
async def add_attachment(ref: str, file: UploadFile, store: StoreDep, ctx: CtxDep, files: FilesDep) -> ReportPublic:
    service.get_report(store, parse_ref(ref))  # 404 before reading the upload
    data = await file.read(MAX_ATTACHMENT_BYTES + 1)
    check_size(len(data), limit=MAX_ATTACHMENT_BYTES)
    digest = files.put(data)
    media_type = file.content_type or "application/octet-stream"
    attachment = Attachment(sha256=digest, filename=(file.filename or digest)[:255], media_type=media_type,
                            size=len(data), acquired_at=ctx.clock.now(),
                            metadata_stripped=media_type in ("image/jpeg", "image/png", "image/webp"))
    return _public(service.add_attachment(store, ctx, parse_ref(ref), attachment))


@router.get("/{ref}/attachments/{sha256}")
def get_attachment(ref: str, sha256: str, store: StoreDep, files: FilesDep) -> Response:
    report = service.get_report(store, parse_ref(ref))
    attachment = next((a for a in report.attachments if a.sha256 == sha256), None)
    data = files.get(sha256) if attachment is not None else None
    if attachment is None or data is None:
        raise NotFound(f"report {report.id} has no attachment {sha256!r}")
    safe_name = attachment.filename.replace('"', "")
    return Response(content=stripped(data, attachment.media_type), media_type=attachment.media_type,
                    headers={"content-disposition": f'attachment; filename="{safe_name}"'})
