"""Issuing a bulletin: freeze the incidents of a period (and of the period before) as snapshots, take the
zones' observation coverage, compute the tables, seal the whole with its content hash.

The bulletin is reproducible: the same records and the same ``now`` give the same bytes and the same
content hash, whatever order the store returns records in (everything is sorted before it is frozen).
Signing is not done here: ``issue`` returns the sealed ``Bulletin`` and ``codec.dumps`` its bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from truceline.bulletins.codec import seal
from truceline.bulletins.compute import compute_tables
from truceline.bulletins.diff import BulletinDiff, diff
from truceline.bulletins.models import (
    Audience,
    Bulletin,
    Coverage,
    CoveragePost,
    IncidentSnapshot,
    PartyPosition,
    Period,
    WindowSnapshot,
    ZoneSnapshot,
)
from truceline.common.models import ReleaseLevel, as_utc
from truceline.common.paging import Page
from truceline.errors import InvalidValue
from truceline.incidents.coverage import coverage
from truceline.incidents.models import Incident, IncidentQuery, IncidentStatus
from truceline.reports.models import Report
from truceline.zones.models import ZoneQuery, ZoneStatus

__all__ = ["BulletinDiff", "diff", "issue", "province_of", "snapshot", "visible"]
ALL = Page(limit=10**9, offset=0)
NOT_COUNTED = (IncidentStatus.dismissed, IncidentStatus.duplicate)
OBSERVING = (ZoneStatus.active, ZoneStatus.suspended)
UNKNOWN = "unknown"
_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}\s+")  # an ISO 3166-2 code before the name: "SY-RD Rif Dimashq"
_PART = re.compile(r"\s*\(part\)\s*$", re.IGNORECASE)


def normalise_admin_area(text: str | None) -> str | None:
    """The province name of an admin-area text: "SY-HM Hama (part)" -> "Hama"; blank -> None."""
    if text is None:
        return None
    name = _PART.sub("", _CODE.sub("", text.strip())).strip()
    return name or None


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(values)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))  # most frequent; ties: alphabetical


def province_of(reports: list[Report], zone_areas: list[list[str]]) -> tuple[str, str]:
    """The province (admin1) of an incident and where it comes from.

    1. ``reports``: the admin area its reports give most often (ties: alphabetically first);
    2. ``zones``: else, when the zones it lies in name exactly one admin area between them;
    3. ``unknown`` otherwise (a zone such as Idlib spans several provinces, so it cannot tell).
    """
    from_reports = _most_common(a for a in (normalise_admin_area(r.admin_area) for r in reports) if a)
    if from_reports:
        return from_reports, "reports"
    from_zones = {a for areas in zone_areas for a in (normalise_admin_area(x) for x in areas) if a}
    if len(from_zones) == 1:
        return from_zones.pop(), "zones"
    return UNKNOWN, "unknown"


def visible(incident: Incident, audience: Audience) -> bool:
    """Counted for this audience: not dismissed nor a duplicate; public bulletins only show published
    incidents of release level public."""
    if incident.status in NOT_COUNTED:
        return False
    if audience == Audience.public:
        return incident.published and incident.release == ReleaseLevel.public
    return True


class Lookups:
    """Zones' admin areas, sources' parties and humanitarian windows, each fetched once per bulletin."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._areas: dict[str, list[str] | None] = {}
        self._parties: dict[str, str | None] = {}
        self._windows: dict[str, Any] = {}

    def zone_areas(self, key: str) -> list[str] | None:
        if key not in self._areas:
            zone = self.store.zones.get_by_key(key)
            self._areas[key] = None if zone is None else list(zone.admin_areas)
        return self._areas[key]

    def window(self, key: str) -> Any:
        """The humanitarian window of ``key`` (``None`` when it is gone)."""
        if key not in self._windows:
            self._windows[key] = self.store.windows.get_by_key(key)
        return self._windows[key]

    def source_party(self, key: str) -> str | None:
        if key not in self._parties:
            source = self.store.sources.get_by_key(key)
            self._parties[key] = None if source is None else source.party
        return self._parties[key]


def _windows_of(incident: Incident, lookups: Lookups, *, public_only: bool) -> tuple[str, ...]:
    keys = sorted(set(incident.scope.windows)) if incident.scope is not None else []
    if public_only:
        keys = [k for k in keys if (w := lookups.window(k)) is not None and w.release == ReleaseLevel.public]
    return tuple(keys)


def snapshot(store: Any, incident: Incident, *, public_zones: set[str] | None = None,
             lookups: Lookups | None = None) -> IncidentSnapshot:
    """Freeze what a bulletin needs of ``incident``; ``public_zones`` (public audience) hides other zones,
    and then only public humanitarian windows are named."""
    lookups = lookups or Lookups(store)
    reports = store.reports.by_incident(incident.id)
    zone_keys = [z for z in sorted(set(incident.zone_keys())) if public_zones is None or z in public_zones]
    areas = [a for a in (lookups.zone_areas(k) for k in zone_keys) if a is not None]
    province, province_from = province_of(reports, areas)
    parties = {p for p in (lookups.source_party(k) for k in sorted({r.source for r in reports})) if p}
    scope = incident.scope
    return IncidentSnapshot(
        uid=incident.uid, version=incident.version, event_type=incident.event_type, status=incident.status,
        start=as_utc(incident.start), end=as_utc(incident.end),
        lon=round(incident.lon, 6), lat=round(incident.lat, 6),
        place=_most_common(r.place_name.strip() for r in reports if r.place_name and r.place_name.strip()),
        province=province, province_from=province_from, zones=tuple(zone_keys),
        perpetrators=tuple(sorted(set(incident.perpetrators))), targets=tuple(sorted(set(incident.targets))),
        grade=incident.grade, scope=None if scope is None else scope.scope,
        agreement=None if scope is None else scope.agreement, provision=None if scope is None else scope.provision,
        killed_min=incident.killed_min, killed_max=incident.killed_max, reported_by=tuple(sorted(parties)),
        confirmations=tuple(PartyPosition(party=c.party, position=c.position)
                            for c in sorted(incident.confirmations, key=lambda c: c.party)),
        windows=_windows_of(incident, lookups, public_only=public_zones is not None))


def window_snapshots(lookups: Lookups, incidents: Iterable[IncidentSnapshot]) -> tuple[WindowSnapshot, ...]:
    """The windows the incidents fall in, by key, as a reader needs them named."""
    out = []
    for key in sorted({k for i in incidents for k in i.windows}):
        window = lookups.window(key)
        if window is not None:
            out.append(WindowSnapshot(key=key, name=window.name, purpose=str(window.purpose),
                                      start=as_utc(window.start), end=as_utc(window.end)))
    return tuple(out)


def _zones_in_force(store: Any, period: Period, audience: Audience) -> list[Any]:
    """Zones with an observing boundary (active or suspended) in force on some day of the period."""
    out = []
    for zone in store.zones.list(ZoneQuery(), ALL).items:
        if audience == Audience.public and zone.release != ReleaseLevel.public:
            continue
        if any(v.status in OBSERVING and v.valid_from <= period.end
               and (v.valid_until is None or v.valid_until > period.start) for v in zone.versions):
            out.append(zone)
    return sorted(out, key=lambda z: z.key)


def zone_snapshot(store: Any, zone: Any, period: Period, *, audience: Audience) -> ZoneSnapshot:
    seen = coverage(store, zone.key, period.start, period.end + timedelta(days=1))
    rows, withheld = [], 0
    for row in seen["posts"]:
        post = store.posts.get_by_key(row["post"])
        if audience == Audience.public and (post is None or post.release != ReleaseLevel.public):
            withheld += 1
            continue
        rows.append(CoveragePost(post=row["post"], name=row["name"], guarantor=row["guarantor"],
                                 days_deployed=row["days_deployed"]))
    return ZoneSnapshot(key=zone.key, name=zone.name, coverage=Coverage(
        observed_days=seen["observed_days"], total_days=seen["total_days"],
        posts=tuple(sorted(rows, key=lambda p: p.post)), withheld_posts=withheld))


def _incidents(store: Any, period: Period, audience: Audience, public_zones: set[str] | None,
               lookups: Lookups) -> list[IncidentSnapshot]:
    query = IncidentQuery(start=period.starts_at, end=period.ends_at)
    hits = [i for i in store.incidents.list(query, ALL).items if period.contains(i.start) and visible(i, audience)]
    snaps = [snapshot(store, i, public_zones=public_zones, lookups=lookups) for i in hits]
    return sorted(snaps, key=lambda s: (s.start, s.uid))


def issue(store: Any, *, start: date, end: date, issuer: str, now: datetime,
          audience: Audience | str = Audience.mechanism) -> Bulletin:
    """Issue the bulletin of the days ``start``..``end`` (both included) for ``audience``, as ``issuer``
    at ``now``: sealed with its content hash, not signed."""
    period = Period.of(start, end)
    audience = Audience(audience)
    issuer = (issuer or "").strip()
    if not issuer:
        raise InvalidValue("a bulletin needs an issuer (the name of this instance)",
                           details=[{"field": "issuer", "value": issuer}])
    zones = _zones_in_force(store, period, audience)
    public_zones = None
    if audience == Audience.public:
        public_zones = {z.key for z in store.zones.list(ZoneQuery(), ALL).items if z.release == ReleaseLevel.public}
    lookups = Lookups(store)
    current = _incidents(store, period, audience, public_zones, lookups)
    previous = _incidents(store, period.previous(), audience, public_zones, lookups)
    zone_snaps = tuple(zone_snapshot(store, z, period, audience=audience) for z in zones)
    bulletin = Bulletin(period=period, issuer=issuer, issued_at=as_utc(now), audience=audience,
                        incidents=tuple(current), previous_incidents=tuple(previous), zones=zone_snaps,
                        tables=compute_tables(current, previous, zone_snaps),
                        windows=window_snapshots(lookups, (*current, *previous)))
    return seal(bulletin)
