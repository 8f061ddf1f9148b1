"""Pure domain objects of the hazard areas register: contaminated areas and their land release.

Land-release statuses follow the International Mine Action Standards (IMAS 07.11) and move only along
``TRANSITIONS``: a **suspected** hazardous area (SHA, from evidence of contamination) is **confirmed**
(CHA) by survey or **cancelled** by non-technical survey (no evidence found); a confirmed area is
**cleared** (all explosive ordnance removed to the specified depth) or **released** by technical survey
(reduced: no contamination found there); a cleared area is then **released** (handed back for use).
``cancelled`` and ``released`` are final.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import Visibility
from truceline.errors import InvalidTransition
from truceline.geo.geometry import BBox, Shape


class HazardType(StrEnum):
    minefield = "minefield"
    uxo = "uxo"  # unexploded ordnance
    ied = "ied"  # improvised explosive devices
    cluster_munitions = "cluster_munitions"
    erw = "erw"  # mixed explosive remnants of war
    other = "other"


class LandStatus(StrEnum):
    suspected = "suspected"
    confirmed = "confirmed"
    cleared = "cleared"
    released = "released"
    cancelled = "cancelled"


TRANSITIONS: dict[LandStatus, tuple[LandStatus, ...]] = {
    LandStatus.suspected: (LandStatus.confirmed, LandStatus.cancelled),
    LandStatus.confirmed: (LandStatus.cleared, LandStatus.released),
    LandStatus.cleared: (LandStatus.released,),
    LandStatus.released: (),
    LandStatus.cancelled: (),
}


class StatusChange(BaseModel):
    """One step of land release: the status reached, on which day, by whom and why."""

    status: LandStatus
    on: date
    by: str
    reason: str | None = None


class ItemCount(BaseModel):
    kind: str  # e.g. "anti-personnel mine", "mortar round"
    found: int
    destroyed: int = 0


class Clearance(BaseModel):
    on: date
    team: str
    area_m2: float
    items: list[ItemCount] = []
    note: str | None = None


class Victim(StrEnum):
    civilian = "civilian"
    deminer = "deminer"
    combatant = "combatant"


class Accident(BaseModel):
    """An explosive ordnance accident in or near the area."""

    on: date
    place: Shape  # a Point, WGS84
    killed: int = 0
    injured: int = 0
    victims: Victim = Victim.civilian
    note: str | None = None


class HazardArea(BaseModel):
    id: int
    key: str
    name: str
    type: HazardType
    geometry: Shape  # Polygon or MultiPolygon, WGS84
    history: list[StatusChange]  # never empty: the first step is the status the area was recorded with
    clearances: list[Clearance] = []
    accidents: list[Accident] = []
    description: str | None = None
    release: ReleaseLevel = ReleaseLevel.mechanism
    released_to: list[str] = []  # party keys a party_restricted record is released to
    version: int = 1
    created_at: datetime
    updated_at: datetime

    @property
    def status(self) -> LandStatus:
        return self.history[-1].status

    def status_on(self, at: date) -> LandStatus | None:
        status = None
        for step in self.history:
            if step.on > at:
                break
            status = step.status
        return status

    @property
    def cleared_m2(self) -> float:
        return sum(c.area_m2 for c in self.clearances)


class HazardQuery(BaseModel):
    """Filters of the hazard list; ``matches`` is the reference meaning that repositories implement."""

    type: HazardType | None = None
    status: LandStatus | None = None  # the latest status
    bbox: BBox | None = None  # the area's bounding box overlaps the box
    view: Visibility | None = None  # only what this reader may see (None: everything)

    def matches(self, hazard: HazardArea) -> bool:
        if self.view is not None and not self.view.admits_record(hazard):
            return False
        if self.type is not None and hazard.type != self.type:
            return False
        if self.status is not None and hazard.status != self.status:
            return False
        if self.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = hazard.geometry.bounds
            return self.bbox.overlaps(BBox(min_lon, min_lat, max_lon, max_lat))
        return True


def check_history(history: list[StatusChange], *, what: str) -> None:
    """Raise ``InvalidTransition`` unless every step is allowed by ``TRANSITIONS`` and dates never go back."""
    for n, (prev, nxt) in enumerate(zip(history, history[1:], strict=False), start=2):
        step = f"{what}: status step {n} ({nxt.status} on {nxt.on.isoformat()})"
        allowed = TRANSITIONS[prev.status]
        if nxt.status not in allowed:
            then = ", ".join(allowed) if allowed else f"nothing ({prev.status} is final)"
            raise InvalidTransition(f"{step}: cannot go from {prev.status} to {nxt.status}; allowed: {then}",
                                    details=[{"field": f"history[{n - 1}].status", "value": nxt.status.value}])
        if nxt.on < prev.on:
            raise InvalidTransition(f"{step} is dated before step {n - 1} ({prev.on.isoformat()})",
                                    details=[{"field": f"history[{n - 1}].on", "value": nxt.on.isoformat()}])
