"""The in-memory report repository: the reference behaviour of ``SqlReportRepository``."""

from __future__ import annotations

import builtins
from datetime import UTC, datetime
from typing import Any

from truceline.reports.models import Report, ReportStatus
from truceline.testing.memory import MemoryRepository


def as_datetime(value: datetime | float) -> datetime:
    """A timestamp given as a datetime or as POSIX seconds (the clustering prefilter uses seconds)."""
    if isinstance(value, datetime):
        return value
    return datetime.fromtimestamp(float(value), tz=UTC)


class MemoryReportRepository(MemoryRepository[Report]):
    def __init__(self, incidents: Any = None) -> None:
        super().__init__(sort_key=lambda r: (r.occurred_at, r.id))
        self.incidents = incidents  # the store's incident repository, for grade counts

    def incident_grade_counts(self, source_key: str) -> dict[str | None, int]:
        """How many of the source's reports lie in incidents of each grade (``None``: not graded)."""
        counts: dict[str | None, int] = {}
        for rep in self.rows.values():
            if rep.source != source_key or rep.incident_id is None:
                continue
            incident = self.incidents.get(rep.incident_id)
            grade = None if incident is None or incident.grade is None else str(incident.grade)
            counts[grade] = counts.get(grade, 0) + 1
        return counts

    def get_by_uid(self, uid: str) -> Report | None:
        return next((r for r in self.rows.values() if r.uid == uid), None)

    def in_box(self, min_lon: float, min_lat: float, max_lon: float, max_lat: float,
               t_from: datetime | float, t_to: datetime | float) -> builtins.list[Report]:
        """Accepted reports whose point is in the box and whose time interval meets ``[t_from, t_to]``."""
        start, end = as_datetime(t_from), as_datetime(t_to)
        return sorted((r for r in self.rows.values()
                       if r.status == ReportStatus.accepted
                       and min_lon <= r.lon <= max_lon and min_lat <= r.lat <= max_lat
                       and r.occurred_at <= end and r.end >= start), key=lambda r: r.id)

    def by_incident(self, incident_id: int) -> builtins.list[Report]:
        return sorted((r for r in self.rows.values() if r.incident_id == incident_id), key=lambda r: r.id)

    def set_incident(self, report_ids: builtins.list[int], incident_id: int | None) -> None:
        """Link reports to an incident (they become accepted) or unlink them (back to candidate)."""
        status = ReportStatus.candidate if incident_id is None else ReportStatus.accepted
        for rid in report_ids:
            self.rows[rid] = self.rows[rid].model_copy(update={"incident_id": incident_id, "status": status})
