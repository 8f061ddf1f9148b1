"""The in-memory zone repository: the reference behaviour of the spatial queries, done with shapely."""

from __future__ import annotations

from datetime import date
from typing import Any

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from truceline.testing.memory import MemoryRepository
from truceline.zones.models import Zone


class MemoryZoneRepository(MemoryRepository[Zone]):
    def __init__(self) -> None:
        super().__init__(sort_key=_by_name)

    def containing(self, point: Point, at: date) -> list[Zone]:
        return self._where(lambda geom: geom.covers(point), at)

    def intersecting(self, geometry: BaseGeometry, at: date) -> list[Zone]:
        return self._where(lambda geom: geom.intersects(geometry), at)

    def _where(self, test: Any, at: date) -> list[Zone]:
        hits = []
        for zone in self.rows.values():
            current = zone.version_on(at)
            if current is not None and test(current.geometry):
                hits.append(zone)
        return sorted(hits, key=_by_name)


def _by_name(zone: Zone) -> tuple[str, int]:
    return (zone.name, zone.id)
