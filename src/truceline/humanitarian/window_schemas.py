"""API and file input/output shapes of the humanitarian windows register.

Input is plain JSON (``WindowCreate``): an ``area`` (GeoJSON Polygon/MultiPolygon) or a ``route``
(GeoJSON LineString) with ``buffer_m``, and ``start``/``end`` with a timezone. Output is GeoJSON: a window
is a ``Feature`` whose geometry is its footprint (area, or buffered route) and whose properties carry its
fields and its ``status`` at the time of the answer (``in_effect``/``ended`` computed).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleaseChecked, ReleasedTo
from truceline.geo.geometry import to_geojson
from truceline.humanitarian.window_models import Guarantee, HumanitarianWindow, Purpose, WindowStatus, WindowStep


class GuaranteeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=4000)
    guarantors: list[str] = Field(default=[], max_length=50, description="Party keys.")


class WindowCreate(ReleaseChecked):
    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, description="Stable key; derived from the name when omitted.")
    name: str = Field(min_length=1, max_length=200)
    purpose: Purpose
    area: dict[str, Any] | None = Field(default=None, description="GeoJSON Polygon or MultiPolygon.")
    route: dict[str, Any] | None = Field(default=None, description="GeoJSON LineString; needs buffer_m.")
    buffer_m: float | None = Field(default=None, description="Width on each side of the route, in metres.")
    start: AwareDatetime
    end: AwareDatetime
    status: Literal[WindowStatus.requested, WindowStatus.agreed, WindowStatus.cancelled] = WindowStatus.requested
    parties_notified: list[str] = Field(default=[], max_length=100)
    guarantees: list[GuaranteeIn] = Field(default=[], max_length=50)
    description: str | None = Field(default=None, max_length=4000)
    release: ReleaseLevel = ReleaseLevel.public
    released_to: ReleasedTo = []


class WindowUpdate(BaseModel):
    """Fields to change; the status changes only through POST /windows/{ref}/status."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    purpose: Purpose | None = None
    area: dict[str, Any] | None = None
    route: dict[str, Any] | None = None
    buffer_m: float | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    parties_notified: list[str] | None = Field(default=None, max_length=100)
    guarantees: list[GuaranteeIn] | None = Field(default=None, max_length=50)
    description: str | None = Field(default=None, max_length=4000)
    release: ReleaseLevel | None = None
    released_to: ReleasedTo | None = None
    reason: str | None = Field(default=None, max_length=1000)
    expected_version: int | None = None


class WindowImportUpdate(WindowUpdate):
    """What an import replaces: the fields of ``WindowCreate`` including the stored status."""

    status: Literal[WindowStatus.requested, WindowStatus.agreed, WindowStatus.cancelled] | None = None


class WindowStatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal[WindowStatus.agreed, WindowStatus.cancelled]
    reason: str | None = Field(default=None, max_length=1000)
    expected_version: int | None = None


class WindowProperties(BaseModel):
    key: str
    name: str
    purpose: Purpose
    status: WindowStatus = Field(description="At the time of the answer: in_effect and ended are computed.")
    stored_status: WindowStatus
    route: dict[str, Any] | None
    buffer_m: float | None
    start: datetime
    end: datetime
    parties_notified: list[str]
    guarantees: list[Guarantee]
    steps: list[WindowStep]
    description: str | None
    release: ReleaseLevel
    released_to: list[str] = []
    version: int
    created_at: datetime
    updated_at: datetime


class WindowFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: dict[str, Any]
    properties: WindowProperties

    @classmethod
    def from_window(cls, window: HumanitarianWindow, *, now: datetime) -> WindowFeature:
        props = WindowProperties(
            key=window.key, name=window.name, purpose=window.purpose, status=window.status_at(now),
            stored_status=window.status, route=None if window.route is None else to_geojson(window.route),
            buffer_m=window.buffer_m, start=window.start, end=window.end,
            parties_notified=window.parties_notified, guarantees=window.guarantees, steps=window.steps,
            description=window.description, release=window.release,
            released_to=window.released_to, version=window.version,
            created_at=window.created_at, updated_at=window.updated_at)
        return cls(id=window.key, geometry=to_geojson(window.footprint), properties=props)


class WindowCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[WindowFeature]
    count: int
