"""The review queue: candidate reports waiting for an analyst, and the incidents a candidate may belong to.

Candidates come from field reporters, the API, CSV imports and text ingestion. The queue shows them in
the order of when they say it happened; a reviewer holds one with the review lock
(``service.lock_report``) while deciding it, then accepts it (clustering places it), merges it into a
chosen incident, edits it, or rejects it with a reason.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from shapely.geometry import Point

from truceline.common.paging import Page, Paged
from truceline.geo.distance import bbox_around, haversine_km
from truceline.incidents.models import Incident, IncidentQuery, IncidentStatus
from truceline.reports.models import Report, ReportQuery, ReportStatus
from truceline.reports.taxonomy import EventType

SUGGEST_RADIUS_KM = 25.0
SUGGEST_DAYS = 3
SUGGEST_LIMIT = 8
CLOSED = frozenset({IncidentStatus.duplicate, IncidentStatus.dismissed})


def review_queue(store: Any, page: Page, *, source: str | None = None,
                 event_type: EventType | None = None) -> Paged[Report]:
    """Candidates waiting for review, in the order they say the events happened."""
    return store.reports.list(ReportQuery(status=ReportStatus.candidate, source=source, event_type=event_type), page)


def merge_suggestions(store: Any, report: Report, *, radius_km: float = SUGGEST_RADIUS_KM,
                      days: int = SUGGEST_DAYS, limit: int = SUGGEST_LIMIT) -> list[tuple[Incident, float]]:
    """Open incidents within ``radius_km`` and ``days`` of the candidate, nearest first, with the distance.
    The radius is widened by how loosely the candidate is placed (a town: 5 km, a district: 20 km)."""
    reach = radius_km + report.uncertainty_km
    box = bbox_around(Point(report.lon, report.lat), reach)
    window = timedelta(days=days)
    query = IncidentQuery(bbox=box, start=report.occurred_at - window, end=report.end + window)
    found = store.incidents.list(query, Page(limit=200, offset=0)).items
    here = Point(report.lon, report.lat)
    scored = [(i, d) for i in found if i.status not in CLOSED
              for d in [haversine_km(here, Point(i.lon, i.lat))] if d <= reach]  # the box's corners reach further
    scored.sort(key=lambda pair: (pair[1], pair[0].id))
    return scored[:limit]
