"""The agreement-in-force check: which agreement, if any, an incident breaks.

``classify`` is the pure core: it takes facts already fetched from the registers (zones, nearby posts,
agreements in force with their terms of that day, coverage answers) and returns a ``ScopeCheck`` with one
reason per step. ``check_scope`` fetches those facts from the store; ``reevaluate_scope`` re-runs it over
stored incidents when the registers change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from shapely.geometry import Point

from truceline.accessions.service import is_covered
from truceline.agreements.models import AgreementKind, Provision, ProvisionType
from truceline.agreements.service import agreements_in_force
from truceline.geo.geometry import as_shape
from truceline.humanitarian.window_service import windows_flagging
from truceline.incidents.models import Incident, Scope, ScopeCheck
from truceline.posts.service import posts_near
from truceline.reports.taxonomy import VIOLENT, EventType
from truceline.zones.service import zones_containing, zones_intersecting

POSTS_RADIUS_KM = 15.0
HOSTILITIES = (ProvisionType.cessation_of_hostilities, ProvisionType.non_use_of_force)


@dataclass(frozen=True, kw_only=True)
class AgreementFacts:
    """An agreement in force on the incident's date, with its terms of that day."""

    key: str
    nationwide: bool  # a ceasefire-type agreement that applies outside zones too
    excluded_groups: Sequence[str] = ()
    provisions: Sequence[Provision] = ()
    covered: frozenset[str] = frozenset()  # parties covered that day (signatories or accessions in force)
    extends: str | None = None  # key of the agreement this one extends: it applies in the zone too


@dataclass(frozen=True, kw_only=True)
class ScopeFacts:
    on: date
    event_type: EventType
    perpetrators: Sequence[str] = ()
    targets: Sequence[str] = ()
    zones: Sequence[tuple[str, str | None]] = ()  # (zone key, key of the agreement that created it)
    posts_nearby: Sequence[dict[str, Any]] = ()
    agreements: Sequence[AgreementFacts] = field(default_factory=tuple)  # every agreement in force that day
    windows: Sequence[tuple[str, str, datetime]] = ()  # agreed humanitarian windows met: (key, purpose, end)


def _provision(agreement: AgreementFacts) -> str | None:
    return next((p.key for p in agreement.provisions if p.type in HOSTILITIES), None)


def classify(facts: ScopeFacts, *, now: datetime) -> ScopeCheck:
    """The scope of an incident from the facts of its date, with the reasons, one line per step."""
    reasons: list[str] = []
    zone_keys = [z for z, _ in facts.zones]

    def done(scope: Scope, agreement: str | None = None, provision: str | None = None) -> ScopeCheck:
        return ScopeCheck(scope=scope, agreement=agreement, provision=provision, zones=zone_keys,
                          posts_nearby=list(facts.posts_nearby), reasons=reasons, evaluated_on=facts.on,
                          evaluated_at=now, windows=[key for key, _, _ in facts.windows])

    by_key = {a.key: a for a in facts.agreements}
    if zone_keys:
        reasons.append(f"on {facts.on} the place lies in zone(s) {', '.join(zone_keys)}")
        creators = sorted({a for _, a in facts.zones if a})
        for k in creators:
            if k not in by_key:
                reasons.append(f"agreement {k} that created the zone was not in force on {facts.on}")
        keys = [k for k in creators if k in by_key]
        for k in list(keys):  # an agreement that extends another keeps the extended one applicable
            parent = by_key[k].extends
            while parent in by_key and parent not in keys:
                keys.append(parent)
                parent = by_key[parent].extends
        applicable = [by_key[k] for k in sorted(keys)]
    else:
        reasons.append(f"on {facts.on} the place lies in no zone")
        applicable = []
    if not applicable:
        applicable = sorted((a for a in facts.agreements if a.nationwide), key=lambda a: a.key)
        if applicable:
            reasons.append("nationwide ceasefire(s) in force: " + ", ".join(a.key for a in applicable))
    else:
        reasons.append("agreement(s) in force for the zone: " + ", ".join(a.key for a in applicable))
    if facts.posts_nearby:
        reasons.append("posts within 15 km: " + ", ".join(
            f"{p['post']} ({p['distance_km']} km, {p['state']})" for p in facts.posts_nearby))
    for key, purpose, until in facts.windows:
        reasons.append(f"inside humanitarian window {key} ({purpose}, until {until.isoformat()})")
    if not applicable:
        reasons.append("no agreement in force applies here")
        return done(Scope.outside_zones)
    actors = [("perpetrator", p) for p in facts.perpetrators] + [("target", t) for t in facts.targets]
    for agreement in applicable:
        for role, party in actors:
            if party in agreement.excluded_groups:
                reasons.append(f"{role} {party} is a group excluded from {agreement.key}")
                return done(Scope.excluded_party, agreement.key)
    if facts.event_type not in VIOLENT:
        reasons.append(f"a {facts.event_type} is not a use of force")
        return done(Scope.undetermined)
    if not facts.perpetrators:
        reasons.append("the perpetrator is unknown")
        return done(Scope.undetermined)
    for agreement in applicable:
        for party in facts.perpetrators:
            if party in agreement.covered:
                provision = _provision(agreement)
                reasons.append(f"perpetrator {party} was covered by {agreement.key} on {facts.on}")
                reasons.append(f"provision broken: {provision}" if provision
                               else f"{agreement.key} has no cessation-of-hostilities provision then")
                return done(Scope.violation, agreement.key, provision)
    reasons.append(f"perpetrator(s) {', '.join(facts.perpetrators)} not covered by "
                   + ", ".join(a.key for a in applicable))
    return done(Scope.undetermined)


def gather_facts(store: Any, incident: Incident) -> ScopeFacts:
    """Fetch from the registers what ``classify`` needs for ``incident`` on its start date."""
    on = incident.start.date()
    point = Point(incident.lon, incident.lat)
    if incident.area is not None:  # an area: the zones it overlaps
        zones = zones_intersecting(store, as_shape(incident.area), on)
    else:
        zones = zones_containing(store, point, on)
    posts = [{"post": post.key, "distance_km": round(dist, 2),
              "state": None if post.state_on(on) is None else str(post.state_on(on))}
             for post, dist in posts_near(store, point, on, radius_km=POSTS_RADIUS_KM)]
    actors = sorted({*incident.perpetrators})
    agreements = []
    for agreement in sorted(agreements_in_force(store, on), key=lambda a: a.key):
        terms = agreement.terms_on(on)
        covered = frozenset(p for p in actors if is_covered(store, p, agreement.key, on))
        agreements.append(AgreementFacts(key=agreement.key, nationwide=agreement.kind == AgreementKind.ceasefire,
                                         excluded_groups=tuple(terms.excluded_groups),
                                         provisions=tuple(terms.provisions), covered=covered,
                                         extends=agreement.extends))
    in_zones = [(z.key, z.agreement) for z in sorted(zones, key=lambda z: z.key)]
    place = point if incident.area is None else as_shape(incident.area)
    windows = [(w.key, str(w.purpose), w.end) for w in windows_flagging(store, place, incident.start, incident.end)]
    return ScopeFacts(on=on, event_type=incident.event_type, perpetrators=incident.perpetrators,
                      targets=incident.targets, zones=in_zones,
                      posts_nearby=posts, agreements=agreements, windows=windows)


def check_scope(store: Any, incident: Incident, *, now: datetime) -> ScopeCheck:
    return classify(gather_facts(store, incident), now=now)
