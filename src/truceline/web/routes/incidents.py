"""Routes of incidents: listing, the analyst's actions, the workflow, confirmations; and coverage."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from truceline.accounts.policy import Action, Resource
from truceline.accounts.web_deps import require_on
from truceline.audit.schemas import ChangesPublic
from truceline.common.visibility import Visibility
from truceline.geo.geometry import parse_bbox
from truceline.incidents import confirmations, service, workflow
from truceline.incidents.coverage import coverage
from truceline.incidents.models import Grade, Incident, IncidentQuery, IncidentStatus, Scope
from truceline.incidents.schemas import (
    AssignIn,
    ConfirmationRequestIn,
    CoveragePublic,
    GradeIn,
    IncidentPublic,
    IncidentsPublic,
    LockIn,
    MergeIn,
    MoveIn,
    PositionIn,
    PublishIn,
    ReevaluateIn,
    ReleaseIn,
    SplitIn,
    StatusChange,
)
from truceline.reports.taxonomy import EventType
from truceline.web.deps import CtxDep, PageDep, PrincipalNow, StoreDep, ViewDep, visible

router = APIRouter(prefix="/api/v1/incidents", tags=["incidents"])
coverage_router = APIRouter(prefix="/api/v1/coverage", tags=["incidents"])


def _out(incident: Incident, view: Visibility | None = None) -> IncidentPublic:
    """Staff answers (writes need the staff, or a liaison's own position) carry the working data."""
    return IncidentPublic.for_reader(incident, working=view is None or view.everything)


@router.get("", response_model=IncidentsPublic)
def list_incidents(store: StoreDep, view: ViewDep, page: PageDep,
                   start: Annotated[datetime | None, Query(alias="from")] = None,
                   end: Annotated[datetime | None, Query(alias="to")] = None,
                   zone: str | None = None, type: EventType | None = None, party: str | None = None,  # noqa: A002
                   grade: Grade | None = None, status: IncidentStatus | None = None, scope: Scope | None = None,
                   bbox: str | None = None, published: bool | None = None) -> IncidentsPublic:
    query = IncidentQuery(start=start, end=end, zone=zone, event_type=type, party=party, grade=grade,
                          status=status, scope=scope, bbox=None if bbox is None else parse_bbox(bbox),
                          published=published, view=view)
    paged = service.list_incidents(store, query, page)
    return IncidentsPublic(data=[_out(i, view) for i in paged.items], count=paged.count)


@router.post("/reevaluate", response_model=IncidentsPublic)
def reevaluate(data: ReevaluateIn, store: StoreDep, ctx: CtxDep) -> IncidentsPublic:
    changed = service.reevaluate_scope(store, ctx, data.incident_ids)
    return IncidentsPublic(data=[_out(i) for i in changed], count=len(changed))


@router.get("/{ref}", response_model=IncidentPublic)
def get_incident(ref: str, store: StoreDep, view: ViewDep) -> IncidentPublic:
    return _out(visible(view, service.get_incident(store, ref), what="incident", ref=ref), view)


@router.get("/{ref}/history", response_model=ChangesPublic)
def incident_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = service.incident_history(store, ref)
    return ChangesPublic(data=changes, count=len(changes))


@router.post("/{ref}/status", response_model=IncidentPublic)
def set_status(ref: str, data: StatusChange, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    return _out(workflow.set_status(store, ctx, ref, data.status, reason=data.reason))


@router.post("/{ref}/grade", response_model=IncidentPublic)
def grade(ref: str, data: GradeIn, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    return _out(workflow.grade(store, ctx, ref, data.grade, rationale=data.rationale))


@router.post("/{ref}/publish", response_model=IncidentPublic)
def publish(ref: str, data: PublishIn, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    """Publish a graded incident (``published: false`` withdraws it); public readers see published ones."""
    return _out(workflow.publish(store, ctx, ref, published=data.published, reason=data.reason))


@router.post("/{ref}/release", response_model=IncidentPublic)
def release(ref: str, data: ReleaseIn, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    """Set who may read the incident: ``public`` (once published), ``mechanism``, or ``party_restricted`` to
    the parties in ``released_to`` (their liaisons see it, e.g. to record their party's confirmation)."""
    return _out(workflow.set_release(store, ctx, ref, data.release, released_to=data.released_to,
                                     reason=data.reason))


@router.post("/{ref}/assign", response_model=IncidentPublic)
def assign(ref: str, data: AssignIn, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    return _out(workflow.assign(store, ctx, ref, data.user, reason=data.reason))


@router.post("/{ref}/lock", response_model=IncidentPublic)
def lock(ref: str, data: LockIn, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    return _out(workflow.lock(store, ctx, ref, minutes=data.minutes))


@router.post("/{ref}/unlock", response_model=IncidentPublic)
def unlock(ref: str, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    return _out(workflow.unlock(store, ctx, ref))


@router.post("/{ref}/split", response_model=IncidentPublic, status_code=201)
def split(ref: str, data: SplitIn, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    return _out(service.split(store, ctx, ref, data.report_ids, reason=data.reason))


@router.post("/{ref}/merge", response_model=IncidentPublic)
def merge(ref: str, data: MergeIn, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    return _out(service.merge(store, ctx, [ref, *data.incidents], reason=data.reason))


@router.post("/{ref}/move", response_model=IncidentPublic)
def move(ref: str, data: MoveIn, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    return _out(service.move_report(store, ctx, data.report_id, ref, reason=data.reason))


@router.post("/{ref}/confirmations", response_model=IncidentPublic)
def request_confirmation(ref: str, data: ConfirmationRequestIn, store: StoreDep, ctx: CtxDep) -> IncidentPublic:
    return _out(confirmations.request_confirmation(store, ctx, ref, data.party, deadline=data.deadline))


@router.post("/{ref}/confirmations/{party}", response_model=IncidentPublic)
def record_position(ref: str, party: str, data: PositionIn, store: StoreDep, ctx: CtxDep, view: ViewDep,
                    principal: PrincipalNow) -> IncidentPublic:
    """Record a party's position; a party liaison records their own party's, on incidents they may read."""
    visible(view, service.get_incident(store, ref), what="incident", ref=ref)
    require_on(principal, Action.confirm, Resource.confirmations, {"party": party})
    return _out(view=view, incident=confirmations.record_position(store, ctx, ref, party, data.position,
                                              counter_evidence=data.counter_evidence))


@coverage_router.get("", response_model=CoveragePublic)
def zone_coverage(store: StoreDep, zone: str, start: Annotated[date, Query(alias="from")],
                  end: Annotated[date, Query(alias="to")]) -> CoveragePublic:
    return CoveragePublic.model_validate(coverage(store, zone, start, end))
