"""Use-cases of reports: submit, review (update, accept, reject), list, history."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from truceline.audit.models import Change
from truceline.audit.service import record_change
from truceline.common.context import Ctx
from truceline.common.models import as_utc
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version
from truceline.errors import DatesOutOfOrder, InvalidTransition, InvalidValue, Locked, NotFound, UnknownReference
from truceline.geo.geometry import POLYGONAL, make_point, parse_geometry, to_geojson
from truceline.registry.service import resolve_party
from truceline.reports.models import Casualties, Report, ReportQuery, ReportStatus
from truceline.reports.schemas import ReportCreate, ReportUpdate
from truceline.sources.service import resolve_source

ENTITY = "report"
FUTURE_TOLERANCE = timedelta(hours=1)
REVIEW_LOCK_MINUTES = 10  # how long a reviewer holds a candidate by default
MAX_REVIEW_LOCK_MINUTES = 4 * 60
Attach = Callable[[Any, Ctx, Report], object]


def get_report(store: Any, ref: str | int) -> Report:
    """A report by id or uid."""
    rep = store.reports.get(ref) if isinstance(ref, int) else store.reports.get_by_uid(ref)
    if rep is None:
        raise NotFound(f"no report with {'id' if isinstance(ref, int) else 'uid'} {ref!r}")
    return rep


def list_reports(store: Any, query: ReportQuery, page: Page) -> Paged[Report]:
    return store.reports.list(query, page)


def prepare_report(store: Any, ctx: Ctx, data: ReportCreate, *, source_key: str) -> Report:
    """A checked, not yet stored report from ``data`` (the source is taken as given: ``source_key``)."""
    now = ctx.clock.now()
    report = Report(id=0, uid=uuid.uuid4().hex, source=source_key, received_at=data.received_at or now,
                    occurred_at=data.occurred_at, occurred_until=data.occurred_until,
                    time_precision=data.time_precision, lon=data.lon if data.lon is not None else 0.0,
                    lat=data.lat if data.lat is not None else 0.0, area=data.area,
                    place_precision=data.place_precision, place_name=data.place_name, admin_area=data.admin_area,
                    event_type=data.event_type, sub_type=data.sub_type, perpetrator=data.perpetrator,
                    target=data.target, casualties=data.casualties, text=data.text, language=data.language,
                    credibility=data.credibility, status=ReportStatus.candidate, submitted_by=ctx.actor,
                    release=data.release, released_to=data.released_to, created_at=now, updated_at=now)
    return checked(store, ctx, report, point_given=data.lon is not None or data.lat is not None)


def submit_report(store: Any, ctx: Ctx, data: ReportCreate) -> Report:
    """Store a new claim as a candidate; its source must be registered (key or name)."""
    source = resolve_source(store, data.source)
    report = store.reports.add(prepare_report(store, ctx, data, source_key=source.key))
    record_change(store.changes, ctx, entity=ENTITY, before=None, after=report)
    return report


def update_report(store: Any, ctx: Ctx, ref: str | int, data: ReportUpdate) -> Report:
    before = get_report(store, ref)
    _require_candidate(before, "changed")
    check_review_lock(before, ctx)
    check_version(before, data.expected_version, what=f"report {before.id}")
    after = apply_update(before, data, updated_at=ctx.clock.now())
    moved = "lon" in data.model_fields_set or "lat" in data.model_fields_set
    after = checked(store, ctx, after, point_given=moved or before.area is None)
    store.reports.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def reject_report(store: Any, ctx: Ctx, ref: str | int, *, reason: str) -> Report:
    before = get_report(store, ref)
    _require_candidate(before, "rejected")
    check_review_lock(before, ctx)
    after = before.model_copy(update={"status": ReportStatus.rejected, "updated_at": ctx.clock.now(),
                                      "version": before.version + 1, "locked_by": None, "locked_until": None})
    store.reports.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=reason)
    return after


def accept_report(store: Any, ctx: Ctx, ref: str | int, *, attach: Attach) -> Report:
    """Accept a candidate and hand it to ``attach`` (which places it in an incident)."""
    before = get_report(store, ref)
    _require_candidate(before, "accepted")
    check_review_lock(before, ctx)
    after = before.model_copy(update={"status": ReportStatus.accepted, "updated_at": ctx.clock.now(),
                                      "version": before.version + 1, "locked_by": None, "locked_until": None})
    store.reports.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after)
    attach(store, ctx, after)
    return get_report(store, after.id)


def lock_report(store: Any, ctx: Ctx, ref: str | int, *, minutes: int = REVIEW_LOCK_MINUTES) -> Report:
    """Take (or extend) the review lock on a candidate, so that two reviewers do not decide it at once."""
    if not 1 <= minutes <= MAX_REVIEW_LOCK_MINUTES:
        raise InvalidValue(f"a review lock lasts 1 to {MAX_REVIEW_LOCK_MINUTES} minutes, not {minutes}",
                           details=[{"field": "minutes", "value": minutes}])
    before = get_report(store, ref)
    _require_candidate(before, "locked for review")
    check_review_lock(before, ctx)
    until = ctx.clock.now() + timedelta(minutes=minutes)
    after = before.model_copy(update={"locked_by": ctx.actor, "locked_until": until})
    store.reports.save(after)  # a lock is not a change of the claim: no new version, no history entry
    return after


def unlock_report(store: Any, ctx: Ctx, ref: str | int) -> Report:
    """Release the review lock (its holder, or anyone once it has run out)."""
    before = get_report(store, ref)
    check_review_lock(before, ctx)
    after = before.model_copy(update={"locked_by": None, "locked_until": None})
    store.reports.save(after)
    return after


def check_review_lock(report: Report, ctx: Ctx) -> None:
    """Refuse a decision on a candidate that another reviewer holds."""
    if report.is_locked_against(ctx.actor, ctx.clock.now()):
        assert report.locked_until is not None
        raise Locked(f"report {report.id} is being reviewed by {report.locked_by} until "
                     f"{report.locked_until.isoformat()}", details=[{"field": "locked_by", "value": report.locked_by}])


def report_history(store: Any, ref: str | int) -> list[Change]:
    return store.changes.for_record(ENTITY, get_report(store, ref).id)


def add_attachment(store: Any, ctx: Ctx, ref: str | int, attachment: Any) -> Report:
    """Record a stored file on a report (any status: evidence may arrive late); the same file once."""
    before = get_report(store, ref)
    if any(a.sha256 == attachment.sha256 for a in before.attachments):
        return before
    after = before.model_copy(update={"attachments": [*before.attachments, attachment],
                                      "updated_at": ctx.clock.now(), "version": before.version + 1})
    store.reports.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason="attachment added")
    return after


def checked(store: Any, ctx: Ctx, report: Report, *, point_given: bool = True) -> Report:
    """Validate the domain rules of a report; resolve perpetrator/target to party keys."""
    report = report.model_copy(update={
        "occurred_at": as_utc(report.occurred_at), "received_at": as_utc(report.received_at),
        "occurred_until": as_utc(report.occurred_until) if report.occurred_until else None})
    limit = ctx.clock.now() + FUTURE_TOLERANCE
    _not_future(report.occurred_at, limit, "occurred_at")
    _not_future(report.received_at, limit, "received_at")
    if report.occurred_until is not None:
        _not_future(report.occurred_until, limit, "occurred_until")
        if report.occurred_until < report.occurred_at:
            raise DatesOutOfOrder(
                f"occurred_until {report.occurred_until.isoformat()} is before occurred_at "
                f"{report.occurred_at.isoformat()}", details=[{"field": "occurred_until"}])
    lon, lat, area = report.lon, report.lat, report.area
    if area is not None:
        shape = parse_geometry(area, allowed=POLYGONAL, what="area")
        area = to_geojson(shape)
        if point_given:
            point = make_point(lon, lat)
            if not shape.covers(point):
                raise InvalidValue(f"the point ({lon}, {lat}) lies outside the report's area",
                                   details=[{"field": "lon", "value": lon}, {"field": "lat", "value": lat}])
        else:
            rp = shape.representative_point()
            lon, lat = rp.x, rp.y
    elif not point_given:
        raise InvalidValue("a report needs a place: lon and lat, or an area", details=[{"field": "lon"}])
    else:
        make_point(lon, lat)
    _check_casualties(report.casualties)
    return report.model_copy(update={
        "lon": lon, "lat": lat, "area": area,
        "perpetrator": _party_key(store, report.perpetrator, "perpetrator"),
        "target": _party_key(store, report.target, "target"),
    })




def _party_key(store: Any, ref: str | None, field: str) -> str | None:
    if ref is None or not ref.strip():
        return None
    try:
        return resolve_party(store, ref.strip()).key
    except UnknownReference as err:
        raise UnknownReference(f"{field}: {err.user_message}", details=[{"field": field, "value": ref}]) from None


def _check_casualties(c: Casualties) -> None:
    for name in ("killed", "injured", "civilians_killed", "combatants_killed"):
        lo, hi = getattr(c, f"{name}_min"), getattr(c, f"{name}_max")
        if lo is not None and hi is not None and lo > hi:
            raise InvalidValue(f"casualties: {name}_min {lo} is above {name}_max {hi}",
                               details=[{"field": f"casualties.{name}_min", "value": lo}])


def _not_future(value: datetime, limit: datetime, field: str) -> None:
    if value > limit:
        raise InvalidValue(f"{field} {value.isoformat()} is in the future",
                           details=[{"field": field, "value": value.isoformat()}])


def _require_candidate(report: Report, verb: str) -> None:
    if report.status != ReportStatus.candidate:
        raise InvalidTransition(f"report {report.id} is {report.status.value}: only a candidate can be {verb}")
