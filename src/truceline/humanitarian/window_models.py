"""Pure domain objects of the humanitarian windows register: local, time-bound ceasefires for a purpose.

A window covers an **area** (Polygon or MultiPolygon) or a **route** (LineString) widened on each side by
``buffer_m`` metres; its ``footprint`` is that area or the buffered route. It runs over the half-open
time interval ``[start, end)`` (timezone-aware, stored in UTC). Its stored status is ``requested``,
``agreed`` or ``cancelled`` (requested → agreed → cancelled, or requested → cancelled); ``in_effect`` and
``ended`` are computed from the time: an agreed window is in effect between its start and its end.
Only agreed windows flag incidents.
"""

from __future__ import annotations

import math
from datetime import datetime
from enum import StrEnum

import shapely
from pydantic import BaseModel, field_validator
from shapely.geometry.base import BaseGeometry

from truceline.common.models import ReleaseLevel, as_utc
from truceline.common.visibility import Visibility
from truceline.geo.geometry import BBox, Shape, bbox_of

M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON_EQUATOR = 111_320.0


class Purpose(StrEnum):
    repairs = "repairs"
    demining = "demining"
    evacuation = "evacuation"
    aid_convoy = "aid_convoy"
    exchange = "exchange"
    medical = "medical"
    other = "other"


class WindowStatus(StrEnum):
    requested = "requested"
    agreed = "agreed"
    cancelled = "cancelled"
    # computed, never stored
    in_effect = "in_effect"
    ended = "ended"


STORED_STATUSES = (WindowStatus.requested, WindowStatus.agreed, WindowStatus.cancelled)
WINDOW_TRANSITIONS: dict[WindowStatus, tuple[WindowStatus, ...]] = {
    WindowStatus.requested: (WindowStatus.agreed, WindowStatus.cancelled),
    WindowStatus.agreed: (WindowStatus.cancelled,),
    WindowStatus.cancelled: (),
}


class Guarantee(BaseModel):
    text: str
    guarantors: list[str] = []  # party keys


class WindowStep(BaseModel):
    """One status change: to which status, when, by whom, why."""

    status: WindowStatus
    at: datetime
    by: str
    reason: str | None = None


class HumanitarianWindow(BaseModel):
    id: int
    key: str
    name: str
    purpose: Purpose
    area: Shape | None = None  # Polygon or MultiPolygon
    route: Shape | None = None  # LineString, with buffer_m
    buffer_m: float | None = None
    footprint: Shape  # the area, or the route buffered by buffer_m (derived on every write)
    start: datetime
    end: datetime
    status: WindowStatus = WindowStatus.requested  # stored status: requested, agreed or cancelled
    steps: list[WindowStep] = []
    parties_notified: list[str] = []
    guarantees: list[Guarantee] = []
    description: str | None = None
    release: ReleaseLevel = ReleaseLevel.public
    released_to: list[str] = []  # party keys a party_restricted record is released to
    version: int = 1
    created_at: datetime
    updated_at: datetime

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return as_utc(value)

    def status_at(self, now: datetime) -> WindowStatus:
        """The status as seen at ``now``: an agreed window is ``in_effect`` in its time, ``ended`` after."""
        if self.status != WindowStatus.agreed:
            return self.status
        if self.start <= now < self.end:
            return WindowStatus.in_effect
        return WindowStatus.ended if now >= self.end else WindowStatus.agreed

    def overlaps_time(self, start: datetime, end: datetime) -> bool:
        """True when ``[start, end]`` (an incident's time) meets the window's ``[start, end)``."""
        return start < self.end and end >= self.start

    def flags(self, place: BaseGeometry, start: datetime, end: datetime) -> bool:
        """True when an incident at ``place`` over ``[start, end]`` falls inside this agreed window."""
        return (self.status == WindowStatus.agreed and self.overlaps_time(start, end)
                and bool(self.footprint.intersects(place)))


class WindowQuery(BaseModel):
    """Filters of the window list; ``matches`` is the reference meaning that repositories implement."""

    purpose: Purpose | None = None
    status: WindowStatus | None = None  # stored status (requested, agreed, cancelled)
    bbox: BBox | None = None  # the footprint's bounding box overlaps the box
    start: datetime | None = None  # windows whose [start, end) meets [start, end]
    end: datetime | None = None
    view: Visibility | None = None  # only what this reader may see (None: everything)

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else as_utc(value)

    def matches(self, window: HumanitarianWindow) -> bool:
        if self.view is not None and not self.view.admits_record(window):
            return False
        if self.purpose is not None and window.purpose != self.purpose:
            return False
        if self.status is not None and window.status != self.status:
            return False
        if self.start is not None and window.end <= self.start:
            return False
        if self.end is not None and window.start > self.end:
            return False
        return self.bbox is None or self.bbox.overlaps(bbox_of(window.footprint))


def buffer_route(route: BaseGeometry, width_m: float) -> BaseGeometry:
    """The route widened by ``width_m`` metres on each side, in WGS84 degrees.

    Computed in a local equirectangular plane centred on the route (metres east and north of its
    centroid), which is accurate to well under one per cent over the tens of kilometres a route spans.
    """
    centre = route.centroid
    kx = M_PER_DEG_LON_EQUATOR * math.cos(math.radians(centre.y))
    ky = M_PER_DEG_LAT

    def to_m(coords: object) -> object:
        return [((x - centre.x) * kx, (y - centre.y) * ky) for x, y in coords]  # type: ignore[attr-defined]

    local = shapely.LineString(to_m(route.coords))
    buffered = local.buffer(width_m, quad_segs=8)
    return shapely.transform(buffered, lambda xy: xy / [kx, ky] + [centre.x, centre.y])
