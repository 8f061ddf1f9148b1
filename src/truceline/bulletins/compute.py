"""The tables of a bulletin, computed from its frozen snapshots alone (pure: no store, no clock).

Counting rules (docs/bulletins.md explains them for readers):

* An incident counts in the period in which it **starts** (``Period.contains(incident.start)``), so two
  consecutive bulletins never count it twice. The caller passes only incidents that are neither dismissed
  nor duplicates, and only those the audience may see.
* Every count is a ``Cell``: the count of the period, the count of the previous period of equal length,
  their difference, and the uids of the incidents behind the count.
* An incident with several alleged parties (perpetrators) counts once for each, so the ``by_party`` counts
  may add up to more than the total; no perpetrator counts as ``unknown``. No grade yet counts as
  ``ungraded``; no scope check yet as ``unevaluated``.
* Zones: one row per zone with a boundary in force during the period (even with no incident, so "nothing
  recorded" stands beside its coverage), one per other zone an incident names, and one for incidents
  outside every zone. An incident in two overlapping zones counts in both.
* Humanitarian windows: ``in_windows`` counts the incidents flagged inside an agreed humanitarian window
  (their scope check names it); ``by_window`` counts them per window (an incident in two windows counts
  in both).
* Provinces: one row per ``IncidentSnapshot.province`` (``unknown`` included); each incident in exactly one.
* Party confirmations: "reported by A: N" is the number of incidents at least one report of which came
  from a source that speaks for party A; "confirmed by B: k" is how many of those N carry B's position
  ``confirms`` in the confirmation ledger (likewise for the other positions). A party's position on what
  it reported itself is left out of its own row. ``positions`` gives each monitoring party's positions
  over every incident counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from truceline.bulletins.models import (
    Breakdown,
    Cell,
    Coverage,
    IncidentSnapshot,
    ReporterRow,
    Tables,
    ZoneSnapshot,
)

UNKNOWN_PARTY = "unknown"
UNGRADED = "ungraded"
UNEVALUATED = "unevaluated"
OUTSIDE_ZONES = "outside zones"

Keys = Callable[[IncidentSnapshot], Iterable[str]]


def cell(now: Iterable[IncidentSnapshot], before: Iterable[IncidentSnapshot]) -> Cell:
    uids = sorted({i.uid for i in now})
    previous = len({i.uid for i in before})
    return Cell(count=len(uids), previous=previous, delta=len(uids) - previous, incidents=tuple(uids))


def _groups(incidents: Iterable[IncidentSnapshot], keys: Keys) -> dict[str, list[IncidentSnapshot]]:
    out: dict[str, list[IncidentSnapshot]] = defaultdict(list)
    for incident in incidents:
        for key in sorted(set(keys(incident))):
            out[key].append(incident)
    return out


def counts_by(now: Sequence[IncidentSnapshot], before: Sequence[IncidentSnapshot], keys: Keys) -> dict[str, Cell]:
    """One cell per key that occurs in either period (a key gone to zero keeps its row, with its delta)."""
    g_now, g_before = _groups(now, keys), _groups(before, keys)
    return {k: cell(g_now.get(k, []), g_before.get(k, [])) for k in sorted({*g_now, *g_before})}


def breakdown(key: str | None, label: str, now: Sequence[IncidentSnapshot], before: Sequence[IncidentSnapshot],
              *, coverage: Coverage | None = None) -> Breakdown:
    return Breakdown(
        key=key, label=label, total=cell(now, before), coverage=coverage,
        by_type=counts_by(now, before, lambda i: [str(i.event_type)]),
        by_party=counts_by(now, before, lambda i: i.perpetrators or [UNKNOWN_PARTY]),
        by_grade=counts_by(now, before, lambda i: [str(i.grade) if i.grade else UNGRADED]),
        by_scope=counts_by(now, before, lambda i: [str(i.scope) if i.scope else UNEVALUATED]),
    )


def zone_rows(now: Sequence[IncidentSnapshot], before: Sequence[IncidentSnapshot],
              zones: Sequence[ZoneSnapshot]) -> list[Breakdown]:
    known = {z.key: z for z in zones}
    named = {k for i in (*now, *before) for k in i.zones}
    rows = []
    for key in sorted({*known, *named}):
        zone = known.get(key)
        rows.append(breakdown(key, zone.name if zone else key, [i for i in now if key in i.zones],
                              [i for i in before if key in i.zones], coverage=zone.coverage if zone else None))
    outside_now, outside_before = [i for i in now if not i.zones], [i for i in before if not i.zones]
    if outside_now or outside_before:
        rows.append(breakdown(None, OUTSIDE_ZONES, outside_now, outside_before))
    return rows


def province_rows(now: Sequence[IncidentSnapshot], before: Sequence[IncidentSnapshot]) -> list[Breakdown]:
    return [breakdown(p, p, [i for i in now if i.province == p], [i for i in before if i.province == p])
            for p in sorted({i.province for i in (*now, *before)})]


def _positions(now: Sequence[IncidentSnapshot], before: Sequence[IncidentSnapshot], *,
               skip: str | None = None) -> dict[str, dict[str, Cell]]:
    """Monitoring party -> position -> the incidents on which it holds that position."""
    parties = sorted({c.party for i in (*now, *before) for c in i.confirmations} - {skip})
    out = {}
    for party in parties:
        def held(incident: IncidentSnapshot, party: str = party) -> list[str]:
            return [str(c.position) for c in incident.confirmations if c.party == party]
        out[party] = counts_by(now, before, held)
    return out


def reporter_rows(now: Sequence[IncidentSnapshot], before: Sequence[IncidentSnapshot]) -> list[ReporterRow]:
    rows = []
    for reporter in sorted({p for i in (*now, *before) for p in i.reported_by}):
        mine_now = [i for i in now if reporter in i.reported_by]
        mine_before = [i for i in before if reporter in i.reported_by]
        rows.append(ReporterRow(reporter=reporter, reported=cell(mine_now, mine_before),
                                positions=_positions(mine_now, mine_before, skip=reporter)))
    return rows


def compute_tables(now: Sequence[IncidentSnapshot], before: Sequence[IncidentSnapshot],
                   zones: Sequence[ZoneSnapshot]) -> Tables:
    """Every table of a bulletin from the incidents of the period (``now``), of the previous period
    (``before``) and the zones with their coverage. The order of the inputs does not matter."""
    return Tables(overall=breakdown("all", "all incidents", now, before),
                  zones=tuple(zone_rows(now, before, zones)),
                  provinces=tuple(province_rows(now, before)),
                  reported_by=tuple(reporter_rows(now, before)),
                  positions=_positions(now, before),
                  in_windows=cell([i for i in now if i.windows], [i for i in before if i.windows]),
                  by_window=counts_by(now, before, lambda i: i.windows))


def flatten(tables: Tables) -> dict[str, Cell]:
    """Every count of ``tables`` by a readable path, e.g. ``zones/idlib/by_type/shelling``."""
    out: dict[str, Cell] = {}

    def area(prefix: str, b: Breakdown) -> None:
        out[f"{prefix}/total"] = b.total
        for name in ("by_type", "by_party", "by_grade", "by_scope"):
            for key, c in getattr(b, name).items():
                out[f"{prefix}/{name}/{key}"] = c

    area("overall", tables.overall)
    for b in tables.zones:
        area(f"zones/{b.key if b.key is not None else '(' + OUTSIDE_ZONES + ')'}", b)
    for b in tables.provinces:
        area(f"provinces/{b.key}", b)
    for row in tables.reported_by:
        out[f"reported_by/{row.reporter}/reported"] = row.reported
        for party, by_position in row.positions.items():
            for position, c in by_position.items():
                out[f"reported_by/{row.reporter}/{party}/{position}"] = c
    for party, by_position in tables.positions.items():
        for position, c in by_position.items():
            out[f"positions/{party}/{position}"] = c
    if tables.in_windows.count or tables.in_windows.previous:
        out["windows/in_windows"] = tables.in_windows
    for key, c in tables.by_window.items():
        out[f"windows/{key}"] = c
    return out
