"""API and file input/output shapes of the hazard areas register.

Input is plain JSON (``HazardCreate``) with ``geometry`` a GeoJSON Polygon or MultiPolygon. Output is
GeoJSON: a hazard area is a ``Feature`` whose ``id`` is its key and whose ``properties`` carry its fields,
its current ``status`` and ``cleared_m2`` (the sum of its clearance records).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleaseChecked, ReleasedTo
from truceline.geo.geometry import to_geojson
from truceline.humanitarian.hazard_models import (
    Clearance,
    HazardArea,
    HazardType,
    LandStatus,
    StatusChange,
    Victim,
)


class StatusChangeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: LandStatus
    on: date
    by: str = Field(min_length=1, max_length=200, description="Who decided: survey team, authority.")
    reason: str | None = Field(default=None, max_length=2000)


class ItemCountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = Field(min_length=1, max_length=200)
    found: int = Field(ge=0)
    destroyed: int = Field(default=0, ge=0)


class ClearanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: date
    team: str = Field(min_length=1, max_length=200)
    area_m2: float = Field(gt=0)
    items: list[ItemCountIn] = Field(default=[], max_length=200)
    note: str | None = Field(default=None, max_length=2000)


class AccidentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: date
    place: dict[str, Any] = Field(description="GeoJSON Point, [lon, lat] in WGS84.")
    killed: int = Field(default=0, ge=0)
    injured: int = Field(default=0, ge=0)
    victims: Victim = Victim.civilian
    note: str | None = Field(default=None, max_length=2000)


class HazardCreate(ReleaseChecked):
    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, description="Stable key; derived from the name when omitted.")
    name: str = Field(min_length=1, max_length=200)
    type: HazardType
    geometry: dict[str, Any] = Field(description="GeoJSON Polygon or MultiPolygon, WGS84.")
    history: list[StatusChangeIn] = Field(min_length=1, max_length=50,
                                          description="Land-release steps, the first is the recorded status.")
    clearances: list[ClearanceIn] = Field(default=[], max_length=1000)
    accidents: list[AccidentIn] = Field(default=[], max_length=1000)
    description: str | None = Field(default=None, max_length=4000)
    release: ReleaseLevel = ReleaseLevel.mechanism
    released_to: ReleasedTo = []


class HazardUpdate(BaseModel):
    """Fields to change; lists given replace the whole list (to add one step use the sub-resources)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    type: HazardType | None = None
    geometry: dict[str, Any] | None = None
    history: list[StatusChangeIn] | None = Field(default=None, min_length=1, max_length=50)
    clearances: list[ClearanceIn] | None = Field(default=None, max_length=1000)
    accidents: list[AccidentIn] | None = Field(default=None, max_length=1000)
    description: str | None = Field(default=None, max_length=4000)
    release: ReleaseLevel | None = None
    released_to: ReleasedTo | None = None
    reason: str | None = Field(default=None, max_length=1000, description="Why; kept in the history.")
    expected_version: int | None = None


class Meta(BaseModel):
    reason: str | None = Field(default=None, max_length=1000)
    expected_version: int | None = None


class StatusChangeAdd(StatusChangeIn, Meta):
    """A land-release step appended to the history."""


class ClearanceAdd(ClearanceIn, Meta):
    """A clearance record appended to the area."""


class AccidentAdd(AccidentIn, Meta):
    """An explosive ordnance accident appended to the area."""


class HazardProperties(BaseModel):
    key: str
    name: str
    type: HazardType
    status: LandStatus
    history: list[StatusChange]
    clearances: list[Clearance]
    accidents: list[dict[str, Any]]
    cleared_m2: float
    description: str | None
    release: ReleaseLevel
    released_to: list[str] = []
    version: int
    created_at: datetime
    updated_at: datetime


class HazardFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: dict[str, Any]
    properties: HazardProperties

    @classmethod
    def from_hazard(cls, hazard: HazardArea) -> HazardFeature:
        props = HazardProperties(
            key=hazard.key, name=hazard.name, type=hazard.type, status=hazard.status, history=hazard.history,
            clearances=hazard.clearances, accidents=[a.model_dump(mode="json") for a in hazard.accidents],
            cleared_m2=hazard.cleared_m2, description=hazard.description, release=hazard.release,
            released_to=hazard.released_to,
            version=hazard.version, created_at=hazard.created_at, updated_at=hazard.updated_at)
        return cls(id=hazard.key, geometry=to_geojson(hazard.geometry), properties=props)


class HazardCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[HazardFeature]
    count: int

