"""A CSV with the columns of ACLED (the Armed Conflict Location & Event Data Project, 2023 codebook).

Our event types map to ACLED's event and sub-event types by the table ``EVENT_TYPES`` (documented in
docs/exports.md); a blank sub-event type means ours does not say which of ACLED's it would be. What we do
not know stays empty, never guessed: country, ISO code, region, admin2/admin3, the source scale, and for
incidents (which gather several reports) the place name, admin1 and source. ``fatalities`` is the lower
bound of the claimed killed (ACLED keeps the most conservative figure), empty when unknown, never 0 for
unknown. Actors appear by name; ``inter1``/``inter2`` come from the party's kind where the kind says it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from truceline.exports.columns import cell
from truceline.exports.csv_ import lines
from truceline.exports.models import ExportRequest
from truceline.exports.records import pages
from truceline.incidents.models import Incident
from truceline.registry.models import PartyKind
from truceline.reports.models import PlacePrecision, Report, TimePrecision
from truceline.reports.taxonomy import EventType

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)

POLITICAL_VIOLENCE = "Political violence"
STRATEGIC = "Strategic developments"
BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
AGAINST_CIVILIANS = "Violence against civilians"

# our event type -> (disorder_type, event_type, sub_event_type); "" where ours does not tell
EVENT_TYPES: dict[EventType, tuple[str, str, str]] = {
    EventType.air_strike: (POLITICAL_VIOLENCE, REMOTE, "Air/drone strike"),
    EventType.shelling: (POLITICAL_VIOLENCE, REMOTE, "Shelling/artillery/missile attack"),
    EventType.remote_explosive: (POLITICAL_VIOLENCE, REMOTE, "Remote explosive/landmine/IED"),
    EventType.armed_clash: (POLITICAL_VIOLENCE, BATTLES, "Armed clash"),
    EventType.ground_advance: (POLITICAL_VIOLENCE, BATTLES, ""),  # who took ground decides ACLED's sub-type
    EventType.sniper_fire: (POLITICAL_VIOLENCE, BATTLES, ""),
    EventType.attack_on_civilians: (POLITICAL_VIOLENCE, AGAINST_CIVILIANS, "Attack"),
    EventType.abduction: (POLITICAL_VIOLENCE, AGAINST_CIVILIANS, "Abduction/forced disappearance"),
    EventType.deployment: (STRATEGIC, STRATEGIC, "Other"),
    EventType.withdrawal: (STRATEGIC, STRATEGIC, "Other"),
    EventType.handover: (STRATEGIC, STRATEGIC, "Non-violent transfer of territory"),
    EventType.defection: (STRATEGIC, STRATEGIC, "Change to group/activity"),
    EventType.ceasefire_violation_claim: ("", "", ""),  # an unspecified claim: no ACLED type fits
}

# a report's documented sub-type that names a more precise ACLED sub-event type
SUB_TYPES: dict[tuple[EventType, str], str] = {
    (EventType.remote_explosive, "suicide_bomb"): "Suicide bomb",
}

# ACLED "inter" codes by party kind; armed groups, excluded groups and militias are left empty because
# ACLED tells rebel groups (2), political militias (3) and identity militias (4) apart and we do not
INTER: dict[PartyKind, int] = {
    PartyKind.state_party: 1,  # state forces
    PartyKind.guarantor: 8,  # a state acting outside its own country: external/other forces
    PartyKind.observer: 8,
    PartyKind.mediator: 8,
    PartyKind.foreign_force: 8,
    PartyKind.organisation: 8,
}

CIVILIAN_TARGETING = "Civilian targeting"

# ACLED geo_precision: 1 the place itself, 2 near it or a part of a region, 3 only a larger region
GEO_PRECISION: dict[PlacePrecision, int] = {
    PlacePrecision.exact: 1, PlacePrecision.town: 1, PlacePrecision.near: 2, PlacePrecision.district: 2,
    PlacePrecision.governorate: 3,
}


@dataclass(frozen=True)
class Actor:
    name: str
    inter: int | None


class Names:
    """Party and source names by key, looked up once per export (registers are small)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.parties: dict[str, Actor] = {}
        self.sources: dict[str, str] = {}

    def party(self, key: str) -> Actor:
        if key not in self.parties:
            party = self.store.parties.get_by_key(key)
            self.parties[key] = (Actor(key, None) if party is None
                                 else Actor(party.name, INTER.get(party.kind)))
        return self.parties[key]

    def source(self, key: str) -> str:
        if key not in self.sources:
            source = self.store.sources.get_by_key(key)
            self.sources[key] = key if source is None else source.name
        return self.sources[key]


def time_precision(start: Any, end: Any, precision: TimePrecision | None = None) -> int:
    """1 when the day is known, 2 when the week is, 3 otherwise (ACLED's codes)."""
    if precision in (TimePrecision.exact, TimePrecision.hour, TimePrecision.day) or start.date() == end.date():
        return 1
    return 2 if (end - start).days < 7 else 3


def interaction(inter1: int | None, inter2: int | None, has_actor2: bool) -> str:
    """ACLED's interaction: the two inter codes, lower first; ``X0`` for one actor alone."""
    if inter1 is None or (has_actor2 and inter2 is None):
        return ""
    if not has_actor2:
        return f"{inter1}0"
    low, high = sorted((inter1, inter2 or 0))
    return f"{low}{high}"


def event_types(event_type: EventType, sub_type: str | None) -> tuple[str, str, str]:
    disorder, acled_type, sub = EVENT_TYPES[event_type]
    return disorder, acled_type, SUB_TYPES.get((event_type, sub_type or ""), sub)


def _actors(names: Names, keys: list[str]) -> tuple[str, str, int | None]:
    actors = [names.party(k) for k in keys]
    if not actors:
        return "", "", None
    return actors[0].name, "; ".join(a.name for a in actors[1:]), actors[0].inter


def _common(names: Names, *, uid: str, start: Any, precision: int, event_type: EventType, sub_type: str | None,
            perpetrators: list[str], targets: list[str], lat: float, lon: float, killed_min: int | None,
            updated_at: Any) -> dict[str, Any]:
    disorder, acled_type, sub = event_types(event_type, sub_type)
    actor1, assoc1, inter1 = _actors(names, perpetrators)
    actor2, assoc2, inter2 = _actors(names, targets)
    return {
        "event_id_cnty": uid, "event_date": start.date().isoformat(), "year": start.year,
        "time_precision": precision, "disorder_type": disorder, "event_type": acled_type, "sub_event_type": sub,
        "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1, "actor2": actor2, "assoc_actor_2": assoc2,
        "inter2": inter2, "interaction": interaction(inter1, inter2, bool(actor2)) if actor1 else "",
        "civilian_targeting": CIVILIAN_TARGETING if acled_type == AGAINST_CIVILIANS else "",
        "latitude": round(lat, 4), "longitude": round(lon, 4), "fatalities": killed_min,
        "timestamp": int(updated_at.timestamp()),
    }


def incident_row(incident: Incident, names: Names) -> dict[str, Any]:
    return _common(names, uid=incident.uid, start=incident.start,
                   precision=time_precision(incident.start, incident.end), event_type=incident.event_type,
                   sub_type=None, perpetrators=incident.perpetrators, targets=incident.targets, lat=incident.lat,
                   lon=incident.lon, killed_min=incident.killed_min, updated_at=incident.updated_at)


def report_row(report: Report, names: Names) -> dict[str, Any]:
    values = _common(names, uid=report.uid, start=report.occurred_at,
                     precision=time_precision(report.occurred_at, report.end, report.time_precision),
                     event_type=report.event_type, sub_type=report.sub_type,
                     perpetrators=[report.perpetrator] if report.perpetrator else [],
                     targets=[report.target] if report.target else [], lat=report.lat, lon=report.lon,
                     killed_min=report.casualties.killed_min, updated_at=report.updated_at)
    values.update(admin1=report.admin_area, location=report.place_name,
                  geo_precision=GEO_PRECISION[report.place_precision], source=names.source(report.source),
                  notes=report.text)
    return values


def render_acled(store: Any, request: ExportRequest) -> Iterator[str]:
    names = Names(store)
    yield lines([list(ACLED_COLUMNS)])
    for page in pages(store, request):
        rows = (incident_row(r, names) if isinstance(r, Incident) else report_row(r, names) for r in page)
        yield lines([cell(values.get(name)) for name in ACLED_COLUMNS] for values in rows)
