"""The in-memory incident repository: the reference behaviour of the SQL adapter."""

from __future__ import annotations

import builtins
from datetime import datetime

from truceline.geo.geometry import BBox
from truceline.incidents.models import CountBy, Counts, Incident, IncidentCountQuery, IncidentQuery
from truceline.testing.memory import MemoryRepository


class MemoryIncidentRepository(MemoryRepository[Incident]):
    def __init__(self) -> None:
        super().__init__(sort_key=lambda i: (i.start, i.id))
        self.separations: dict[tuple[int, int], dict[str, object]] = {}

    def get_by_uid(self, uid: str) -> Incident | None:
        return next((i for i in self.rows.values() if i.uid == uid), None)

    def extent(self, query: IncidentQuery) -> tuple[BBox, datetime, datetime] | None:
        rows = [i for i in self.rows.values() if IncidentQuery(published=query.published,
                                                                releases=query.releases).matches(i)]
        if not rows:
            return None
        box = BBox(min_lon=min(i.lon for i in rows), min_lat=min(i.lat for i in rows),
                   max_lon=max(i.lon for i in rows), max_lat=max(i.lat for i in rows))
        return box, min(i.start for i in rows), max(i.end for i in rows)

    def count_by(self, query: IncidentCountQuery, by: builtins.list[CountBy]) -> Counts:
        out: Counts = {}
        for incident in self.rows.values():
            if query.matches(incident):
                for key in query.keys(incident, by):
                    out[key] = out.get(key, 0) + 1
        return out

    def add_separation(self, a: int, b: int, *, reason: str, by: str, at: datetime) -> None:
        self.separations.setdefault((min(a, b), max(a, b)), {"reason": reason, "by": by, "at": at})

    def separations_of(self, report_ids: builtins.list[int]) -> builtins.list[tuple[int, int]]:
        wanted = set(report_ids)
        return sorted(p for p in self.separations if p[0] in wanted or p[1] in wanted)
