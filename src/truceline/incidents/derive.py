"""Values an incident derives from its reports: ranges, never one collapsed value."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from shapely.ops import unary_union

from truceline.geo.geometry import as_shape, to_geojson
from truceline.incidents.clustering import ClusterItem
from truceline.reports.models import Report
from truceline.reports.taxonomy import EventType

TYPE_ORDER = {t: i for i, t in enumerate(EventType)}


def derived_values(reports: Sequence[Report]) -> dict[str, Any]:
    """The incident fields computed from its reports: the most frequent type (ties by taxonomy order),
    earliest start and latest end, the mean point, the widest killed range, the actors' union."""
    if not reports:
        raise ValueError("an incident needs at least one report")
    counts = Counter(r.event_type for r in reports)
    event_type = min(counts, key=lambda t: (-counts[t], TYPE_ORDER[t]))
    mins = [r.casualties.killed_min for r in reports if r.casualties.killed_min is not None]
    maxs = [r.casualties.killed_max for r in reports if r.casualties.killed_max is not None]
    return {
        "event_type": event_type,
        "start": min(r.occurred_at for r in reports),
        "end": max(r.end for r in reports),
        "lon": sum(r.lon for r in reports) / len(reports),
        "lat": sum(r.lat for r in reports) / len(reports),
        "area": _area(reports),
        "killed_min": min(mins) if mins else None,
        "killed_max": max(maxs) if maxs else None,
        "perpetrators": sorted({r.perpetrator for r in reports if r.perpetrator}),
        "targets": sorted({r.target for r in reports if r.target}),
    }


def _area(reports: Sequence[Report]) -> dict[str, Any] | None:
    """The union of the reports' areas when every report gives an area; ``None`` when one gives a point."""
    if any(r.area is None for r in reports):
        return None
    return to_geojson(unary_union([as_shape(r.area) for r in reports]))


def _epoch(at: datetime) -> float:
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp()


def cluster_item(report: Report, *, pinned: bool = False) -> ClusterItem:
    """What clustering needs of a report."""
    return ClusterItem(id=report.id, start=_epoch(report.occurred_at), end=_epoch(report.end), lon=report.lon,
                       lat=report.lat, event_type=report.event_type, perpetrator=report.perpetrator,
                       target=report.target, uncertainty_km=report.uncertainty_km, pinned=pinned)
