"""Use-cases of incidents: incremental clustering, the analyst's split/merge/move, reading, scope upkeep.

``attach_report`` is the incremental path: a new report joins the incident(s) it links to, or starts one;
when it links to several incidents they are merged into the one with the smallest id (the others become
``duplicate`` and keep their history). Every change is recorded with its reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from truceline.audit.models import Change
from truceline.audit.service import record_change
from truceline.common.context import Ctx
from truceline.common.paging import Page, Paged
from truceline.errors import InvalidValue, NotFound
from truceline.incidents.base import ENTITY, IncidentStore, check_lock, commit, get_incident
from truceline.incidents.clustering import ClusterSettings, links_for, search_box
from truceline.incidents.derive import cluster_item, derived_values
from truceline.incidents.models import Incident, IncidentQuery, IncidentStatus, ReportLink
from truceline.incidents.scope import check_scope
from truceline.reports.models import Report

ALL = Page(limit=10**9, offset=0)
__all__ = ["attach_report", "get_incident", "incident_history", "list_incidents", "merge", "move_report",
           "reevaluate_scope", "split"]


def list_incidents(store: IncidentStore, query: IncidentQuery, page: Page) -> Paged[Incident]:
    return store.incidents.list(query, page)


def incident_history(store: IncidentStore, ref: str | int) -> list[Change]:
    return store.changes.for_record(ENTITY, get_incident(store, ref).id)


def refreshed(store: IncidentStore, ctx: Ctx, incident: Incident) -> Incident:
    """``incident`` with its derived values recomputed from its reports and its scope re-evaluated."""
    reports = store.reports.by_incident(incident.id)
    updated = incident.model_copy(update={**derived_values(reports),
                                          "report_ids": sorted(lk.report_id for lk in incident.links)})
    return updated.model_copy(update={"scope": check_scope(store, updated, now=ctx.clock.now())})


def _get_report(store: IncidentStore, report_id: int) -> Report:
    report = store.reports.get(report_id)
    if report is None:
        raise NotFound(f"no report with id {report_id}")
    return report


def _link(report_id: int, rule: str, reason: dict[str, Any], ctx: Ctx, *, pinned: bool = False) -> ReportLink:
    return ReportLink(report_id=report_id, rule=rule, reason=reason, at=ctx.clock.now(), by=ctx.actor,
                      pinned=pinned)


def _new_incident(store: IncidentStore, ctx: Ctx, reports: Sequence[Report], links: list[ReportLink],
                  *, reason: str) -> Incident:
    now = ctx.clock.now()
    draft = Incident(id=0, uid=uuid.uuid4().hex, created_at=now, updated_at=now, links=links,
                     report_ids=sorted(lk.report_id for lk in links), **derived_values(reports))
    incident = store.incidents.add(draft)
    store.reports.set_incident([lk.report_id for lk in links], incident.id)
    incident = refreshed(store, ctx, incident)
    store.incidents.save(incident)
    record_change(store.changes, ctx, entity=ENTITY, before=None, after=incident, reason=reason)
    return incident


def attach_report(store: IncidentStore, ctx: Ctx, report: Report, *,
                  settings: ClusterSettings = ClusterSettings()) -> Incident:
    """Place one report: join the incident it links to, merge those it links together, or start one."""
    if report.incident_id is not None:
        existing = store.incidents.get(report.incident_id)
        if existing is not None:
            return existing
    item = cluster_item(report)
    candidates = [r for r in store.reports.in_box(*search_box(item, settings))
                  if r.id != report.id and r.incident_id is not None]
    incidents = {i: get_incident(store, i) for i in sorted({r.incident_id for r in candidates if r.incident_id})}
    pinned = {lk.report_id for inc in incidents.values() for lk in inc.links if lk.pinned}
    links = links_for(item, [cluster_item(r, pinned=r.id in pinned) for r in candidates], settings,
                      cannot_link=store.incidents.separations_of([report.id]))
    of_report = {r.id: r.incident_id for r in candidates}
    targets = sorted({int(of_report[lk.b]) for lk in links if of_report[lk.b] is not None})  # type: ignore[arg-type]
    if not targets:
        return _new_incident(store, ctx, [report], [_link(report.id, "first", {"rule": "first"}, ctx)],
                             reason=f"report {report.id} starts a new incident: it links to no other report")
    keep = incidents[targets[0]]
    if len(targets) > 1:
        why = (f"report {report.id} links to reports of incidents {', '.join(map(str, targets))}: "
               f"merged into incident {keep.id}")
        keep = _absorb(store, ctx, keep, [incidents[t] for t in targets[1:]], reason=why)
    best = links[0]
    link = _link(report.id, "auto", {**best.reason(), "linked_to": best.b}, ctx)
    before = keep
    after = keep.model_copy(update={"links": [*keep.links, link]})
    store.reports.set_incident([report.id], keep.id)
    reason = f"report {report.id} joins: linked to report {best.b} (score {best.reason()['score']})"
    if after.status == IncidentStatus.graded:
        after = after.model_copy(update={"status": IncidentStatus.under_verification})
        reason += "; reopened for verification by the new evidence"
    return commit(store, ctx, before, refreshed(store, ctx, after), reason=reason)


def _absorb(store: IncidentStore, ctx: Ctx, keep: Incident, others: Sequence[Incident], *, reason: str,
            analyst: dict[str, Any] | None = None) -> Incident:
    """Move every report of ``others`` into ``keep``; the others become duplicates of it."""
    moved: list[ReportLink] = []
    for other in others:
        links = other.links
        if analyst is not None:
            links = [_link(lk.report_id, "analyst", {**analyst, "from_incident": other.id}, ctx, pinned=True)
                     for lk in links]
        moved.extend(links)
        store.reports.set_incident([lk.report_id for lk in other.links], keep.id)
        commit(store, ctx, other, other.model_copy(update={
            "status": IncidentStatus.duplicate, "duplicate_of": keep.id, "links": [], "report_ids": []}),
               reason=f"{reason} (this incident is now a duplicate of incident {keep.id})")
    after = keep.model_copy(update={"links": [*keep.links, *moved]})
    return commit(store, ctx, keep, refreshed(store, ctx, after), reason=reason)


def _check_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidValue("an analyst's decision needs a reason", details=[{"field": "reason", "value": reason}])
    return reason.strip()


def _check_editable(incident: Incident, ctx: Ctx) -> None:
    check_lock(incident, ctx)
    if incident.status == IncidentStatus.duplicate:
        raise InvalidValue(f"incident {incident.id} is a duplicate of incident {incident.duplicate_of}: "
                           "change that one instead")


def merge(store: IncidentStore, ctx: Ctx, refs: Sequence[str | int], *, reason: str) -> Incident:
    """An analyst merges incidents into the one with the smallest id."""
    reason = _check_reason(reason)
    incidents = sorted({i.id: i for i in (get_incident(store, r) for r in refs)}.values(), key=lambda i: i.id)
    if len(incidents) < 2:
        raise InvalidValue("a merge needs at least two different incidents")
    for incident in incidents:
        _check_editable(incident, ctx)
    why = f"analyst merged incidents {', '.join(str(i.id) for i in incidents)}: {reason}"
    return _absorb(store, ctx, incidents[0], incidents[1:], reason=why,
                   analyst={"rule": "analyst", "action": "merge", "reason": reason})


def move_report(store: IncidentStore, ctx: Ctx, report_id: int, target_ref: str | int, *,
                reason: str) -> Incident:
    """An analyst moves one report to another incident; it is pinned there."""
    reason = _check_reason(reason)
    report = _get_report(store, report_id)
    target = get_incident(store, target_ref)
    _check_editable(target, ctx)
    if report.incident_id == target.id:
        raise InvalidValue(f"report {report_id} is already in incident {target.id}")
    source = None if report.incident_id is None else get_incident(store, report.incident_id)
    if source is not None:
        _check_editable(source, ctx)
    link = _link(report_id, "analyst", {"rule": "analyst", "action": "move", "reason": reason,
                                        "from_incident": None if source is None else source.id}, ctx, pinned=True)
    store.reports.set_incident([report_id], target.id)
    why = f"analyst moved report {report_id} to incident {target.id}: {reason}"
    if source is not None:
        left = [lk for lk in source.links if lk.report_id != report_id]
        if left:
            commit(store, ctx, source, refreshed(store, ctx, source.model_copy(update={"links": left})), reason=why)
        else:
            commit(store, ctx, source, source.model_copy(update={
                "status": IncidentStatus.duplicate, "duplicate_of": target.id, "links": [], "report_ids": []}),
                   reason=f"{why} (its last report: this incident is now a duplicate)")
    after = target.model_copy(update={"links": [*target.links, link]})
    return commit(store, ctx, target, refreshed(store, ctx, after), reason=why)


def split(store: IncidentStore, ctx: Ctx, ref: str | int, report_ids: Sequence[int], *, reason: str) -> Incident:
    """An analyst splits reports off into a new incident; auto-clustering never joins them back."""
    reason = _check_reason(reason)
    incident = get_incident(store, ref)
    _check_editable(incident, ctx)
    wanted = sorted(set(report_ids))
    mine = {lk.report_id for lk in incident.links}
    strangers = [r for r in wanted if r not in mine]
    if strangers:
        raise InvalidValue(f"reports {strangers} are not in incident {incident.id}",
                           details=[{"field": "report_ids", "value": strangers}])
    if not wanted or len(wanted) == len(mine):
        raise InvalidValue("a split moves some, but not all, of the incident's reports",
                           details=[{"field": "report_ids", "value": wanted}])
    left = [lk for lk in incident.links if lk.report_id not in wanted]
    now = ctx.clock.now()
    for a in wanted:
        for b in (lk.report_id for lk in left):
            store.incidents.add_separation(a, b, reason=reason, by=ctx.actor, at=now)
    why = f"analyst split reports {wanted} off incident {incident.id}: {reason}"
    store.reports.set_incident(wanted, None)
    commit(store, ctx, incident, refreshed(store, ctx, incident.model_copy(update={"links": left})), reason=why)
    links = [_link(r, "analyst", {"rule": "analyst", "action": "split", "reason": reason,
                                  "from_incident": incident.id}, ctx, pinned=True) for r in wanted]
    return _new_incident(store, ctx, [_get_report(store, r) for r in wanted], links, reason=why)


def reevaluate_scope(store: IncidentStore, ctx: Ctx, incident_ids: Sequence[int] | None = None) -> list[Incident]:
    """Re-run the agreement-in-force check (after the registers changed); returns the incidents whose
    classification, agreement, provision, zones or posts changed."""
    if incident_ids is None:
        incidents = [i for i in store.incidents.list(IncidentQuery(), ALL).items]
    else:
        incidents = [get_incident(store, i) for i in incident_ids]
    changed = []
    for incident in incidents:
        if incident.status == IncidentStatus.duplicate:
            continue
        scope = check_scope(store, incident, now=ctx.clock.now())
        old = incident.scope
        if old is not None and scope.model_dump(exclude={"evaluated_at"}) == old.model_dump(exclude={"evaluated_at"}):
            continue
        changed.append(commit(store, ctx, incident, incident.model_copy(update={"scope": scope}),
                              reason=f"scope re-evaluated after the registers changed: {scope.scope}"))
    return changed
