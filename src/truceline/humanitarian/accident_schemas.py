"""API shapes of explosive ordnance accidents: JSON in, a GeoJSON Feature out whose properties carry the
accident and where it lies against the hazard areas register."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.geo.geometry import to_geojson
from truceline.humanitarian.accident_models import AccidentLocation, DeviceType, ExplosiveAccident, LinkedArea
from truceline.humanitarian.hazard_models import Victim


class AccidentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, description="Stable key; default accident-<date>-<n>.")
    on: date
    place: dict[str, Any] = Field(description="GeoJSON Point, [lon, lat] in WGS84.")
    device: DeviceType = DeviceType.unknown
    killed: int = Field(default=0, ge=0)
    injured: int = Field(default=0, ge=0)
    victims: Victim = Victim.civilian
    note: str | None = Field(default=None, max_length=2000)
    release: ReleaseLevel = ReleaseLevel.mechanism


class AccidentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: date | None = None
    place: dict[str, Any] | None = None
    device: DeviceType | None = None
    killed: int | None = Field(default=None, ge=0)
    injured: int | None = Field(default=None, ge=0)
    victims: Victim | None = None
    note: str | None = Field(default=None, max_length=2000)
    release: ReleaseLevel | None = None
    reason: str | None = None
    expected_version: int | None = None


class AccidentProperties(BaseModel):
    key: str
    on: date
    device: DeviceType
    killed: int
    injured: int
    victims: Victim
    note: str | None
    release: ReleaseLevel
    version: int
    created_at: datetime
    updated_at: datetime
    hazard_areas: list[LinkedArea]
    outside_hazard_areas: bool
    suggestion: str | None


class AccidentFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: dict[str, Any]
    properties: AccidentProperties

    @classmethod
    def of(cls, accident: ExplosiveAccident, location: AccidentLocation) -> AccidentFeature:
        props = AccidentProperties(**accident.model_dump(exclude={"id", "place"}), **location.model_dump())
        return cls(id=accident.key, geometry=to_geojson(accident.place), properties=props)


class AccidentCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[AccidentFeature]
    count: int
