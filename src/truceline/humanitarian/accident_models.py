"""Pure domain objects of explosive ordnance accidents recorded on their own.

An accident is a point, a date, the type of device, the casualties and who the victims were. It does not
need a hazard area: it is **located** against the register on every read (``AccidentLocation``): the
hazard areas whose polygon covers its point are linked automatically, and an accident outside every
known area says so — a new suspected hazard area is probably there.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import Visibility
from truceline.geo.geometry import BBox, Shape
from truceline.humanitarian.hazard_models import HazardType, LandStatus, Victim


class DeviceType(StrEnum):
    landmine = "landmine"  # anti-personnel or anti-vehicle mine
    uxo = "uxo"  # unexploded ordnance: shells, rockets, mortar rounds, bombs
    ied = "ied"  # improvised explosive device
    cluster_submunition = "cluster_submunition"
    booby_trap = "booby_trap"
    unknown = "unknown"
    other = "other"


class ExplosiveAccident(BaseModel):
    id: int
    key: str
    on: date
    place: Shape  # a Point, WGS84
    device: DeviceType = DeviceType.unknown
    killed: int = 0
    injured: int = 0
    victims: Victim = Victim.civilian
    note: str | None = None
    release: ReleaseLevel = ReleaseLevel.mechanism
    version: int = 1
    created_at: datetime
    updated_at: datetime


class LinkedArea(BaseModel):
    key: str
    name: str
    type: HazardType
    status: LandStatus | None  # the area's land-release status on the day of the accident (None: not yet recorded)


class AccidentLocation(BaseModel):
    hazard_areas: list[LinkedArea]  # the known hazard areas covering the accident's point
    outside_hazard_areas: bool
    suggestion: str | None = None  # said when the accident lies outside every known area


class AccidentQuery(BaseModel):
    device: DeviceType | None = None
    bbox: BBox | None = None
    since: date | None = None
    until: date | None = None
    view: Visibility | None = None  # only what this reader may see (None: everything)

    def matches(self, accident: ExplosiveAccident) -> bool:
        if self.view is not None and not self.view.admits_record(accident):
            return False
        if self.device is not None and accident.device != self.device:
            return False
        if self.since is not None and accident.on < self.since:
            return False
        if self.until is not None and accident.on > self.until:
            return False
        if self.bbox is not None:
            x, y = accident.place.x, accident.place.y
            return self.bbox.min_lon <= x <= self.bbox.max_lon and self.bbox.min_lat <= y <= self.bbox.max_lat
        return True
