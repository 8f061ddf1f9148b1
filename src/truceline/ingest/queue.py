"""Into the review queue: an extracted event becomes a candidate report, or stays on its document.

An event becomes a ``ReportCreate`` when it has a place and its type maps onto the reports' taxonomy
(``EVENT_TYPES``); the report's text is the evidence sentence, its time the event's day, its place and
precision those of the extraction, its casualties a range ("at least 12" has no upper bound) and its
``claimed_by`` who makes the claim. Events without a place are *unplaced*; placed events of a type that is
not a report (talks, agreements, exchanges, deliveries...) are *unreportable*, and so is a second telling
of the same happening in the same document (same report type, point and day: a headline and its lead),
which completes the first instead; all stay listed on the document with their reason, never silently
dropped.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from truceline.common.models import ReleaseLevel
from truceline.extract.models import Event
from truceline.reports.models import Casualties, PlacePrecision, TimePrecision
from truceline.reports.schemas import ReportCreate
from truceline.reports.taxonomy import EventType

# extraction event type -> report event type; the types missing here are not reports of a happening the
# mechanism grades (talks_round, agreement, detainee/remains exchange, demining, humanitarian delivery)
EVENT_TYPES: dict[str, EventType] = {
    "attack": EventType.ceasefire_violation_claim,  # unspecified: matches any violent type when clustering
    "ceasefire_violation_claim": EventType.ceasefire_violation_claim,
    "shelling": EventType.shelling,
    "air_strike": EventType.air_strike,
    "armed_clash": EventType.armed_clash,
    "observer_deployment": EventType.deployment,
    "withdrawal": EventType.withdrawal,
    "defection": EventType.defection,
}
NO_PLACE, NOT_A_REPORT, FUTURE, REFUSED = "no_place", "not_a_report_type", "date_in_future", "refused"
SAME_AS_EARLIER = "same_as_earlier_event"  # a headline and its lead tell one happening: one claim, not two
_OPEN_ENDED = re.compile(r"\b(?:at least|more than|over|upwards of|no fewer than)\s+(?:\w+\s+)?$", re.I)


def report_type(event: Event) -> EventType | None:
    return EVENT_TYPES.get(event.type)


def held_reason(event: Event) -> str | None:
    """Why an event cannot become a report (None when it can)."""
    if event.place is None:
        return NO_PLACE
    if report_type(event) is None:
        return NOT_A_REPORT
    return None


def casualties(event: Event) -> Casualties:
    """Killed as a range: exactly n, or at least n when the sentence says so."""
    n = event.fatalities
    if n is None:
        return Casualties()
    open_ended = False
    for m in re.finditer(rf"\b{n}\b", event.evidence):
        open_ended = open_ended or bool(_OPEN_ENDED.search(event.evidence[:m.start()]))
    return Casualties(killed_min=n, killed_max=None if open_ended else n)


def report_draft(event: Event, *, source: str, fallback_day: date, release: ReleaseLevel) -> ReportCreate:
    """The candidate report of a placed event of a report type (check ``held_reason`` first)."""
    place = event.place
    event_type = report_type(event)
    assert place is not None and event_type is not None, "held events are not reports"
    day = event.date or fallback_day
    until = event.date_until if event.date and event.date_until and event.date_until > day else None
    return ReportCreate(
        source=source, occurred_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
        # "on Thursday and Friday", "since the start of May": somewhere in those days, not on the first
        occurred_until=datetime(until.year, until.month, until.day, 23, 59, 59, tzinfo=UTC) if until else None,
        time_precision=TimePrecision.range if until else TimePrecision.day, lon=place.lon, lat=place.lat,
        place_precision=PlacePrecision(place.precision), place_name=place.name[:200],
        admin_area=place.admin1, event_type=event_type, casualties=casualties(event),
        text=event.evidence[:100_000], language="en", release=release)


def happening_key(event: Event) -> tuple[object, ...]:
    """Events of one document with the same report type, point and day are one claim of one happening
    (a headline and the lead under it): only the first becomes a report, so that one source in one
    document never counts as two reports of an incident."""
    place = event.place
    return (report_type(event), round(place.lat, 3) if place else None, round(place.lon, 3) if place else None,
            event.date)


def merged(first: Event, later: Event) -> Event:
    """The first event with what a later telling of the same happening adds: casualties and claimant when
    it had none, and the longer evidence sentence (a lead says more than its headline)."""
    from dataclasses import replace

    return replace(first, fatalities=first.fatalities if first.fatalities is not None else later.fatalities,
                   claimed_by=first.claimed_by or later.claimed_by,
                   evidence=max(first.evidence, later.evidence, key=len))


def held(event: Event, reason: str, *, detail: str | None = None) -> dict[str, Any]:
    """An event kept on its document: the extraction's JSON with the reason it is not a report."""
    out = {**event.to_dict(), "reason": reason}
    if detail:
        out["detail"] = detail
    return out
