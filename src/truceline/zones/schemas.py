"""API and file input/output shapes of the zones register.

Input is plain JSON (``ZoneCreate``): the zone's fields and its ``versions``, each with a GeoJSON
``geometry`` member (Polygon or MultiPolygon, ``[lon, lat]`` in WGS84). Output is GeoJSON (RFC 7946):
a zone is a ``Feature`` whose ``id`` is the zone's key, whose ``geometry`` is the boundary in force on the
date asked for (``null`` when none) and whose ``properties`` carry the zone's fields, the fields of that
boundary version (``status``, ``valid_from``, ``valid_until``, ``boundary_version``) and the list of all
versions without their geometries. ``version`` is the record's version (bumped on each change), as in
every register.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleaseChecked, ReleasedTo
from truceline.geo.geometry import to_geojson
from truceline.zones.models import Zone, ZoneKind, ZoneStatus, ZoneVersion

AreaName = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class ZoneVersionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    valid_from: date
    valid_until: date | None = None
    status: ZoneStatus = ZoneStatus.active
    geometry: dict[str, Any] = Field(description="GeoJSON Polygon or MultiPolygon, [lon, lat] in WGS84.")
    note: str | None = Field(default=None, max_length=2000)


class ZoneCreate(ReleaseChecked):
    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, description="Stable key; derived from the name when omitted.")
    name: str = Field(min_length=1, max_length=200)
    kind: ZoneKind
    agreement: str | None = Field(default=None, description="Key of the agreement that created the zone.")
    admin_areas: list[AreaName] = Field(default=[], description='e.g. ["SY-ID Idlib", "SY-HL Aleppo (part)"]')
    approximate: bool = False
    description: str | None = Field(default=None, max_length=4000)
    release: ReleaseLevel = ReleaseLevel.public
    released_to: ReleasedTo = []
    versions: list[ZoneVersionIn] = Field(min_length=1, max_length=1000)


class ZoneUpdate(BaseModel):
    """Fields to change (not the boundaries: add one with POST /zones/{ref}/versions); lists replace."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: ZoneKind | None = None
    agreement: str | None = None
    admin_areas: list[AreaName] | None = None
    approximate: bool | None = None
    description: str | None = Field(default=None, max_length=4000)
    release: ReleaseLevel | None = None
    released_to: ReleasedTo | None = None
    reason: str | None = Field(default=None, max_length=1000, description="Why; kept in the history.")
    expected_version: int | None = Field(
        default=None, description="Refuse the update if the record has moved past this version."
    )


class ZoneImportUpdate(ZoneUpdate):
    """An import of a zone that exists: its versions, when given, replace the stored ones."""

    versions: list[ZoneVersionIn] | None = Field(default=None, min_length=1, max_length=1000)


class ZoneVersionAdd(ZoneVersionIn):
    """A new boundary; an open-ended version before it is closed at its ``valid_from``."""

    reason: str | None = Field(default=None, max_length=1000)
    expected_version: int | None = None


class ZoneVersionPublic(BaseModel):
    number: int
    valid_from: date
    valid_until: date | None
    status: ZoneStatus
    note: str | None
    bbox: list[float]


class ZoneProperties(BaseModel):
    key: str
    name: str
    kind: ZoneKind
    agreement: str | None
    admin_areas: list[str]
    approximate: bool
    description: str | None
    release: ReleaseLevel
    released_to: list[str] = []
    status: ZoneStatus | None = Field(description="Status of the boundary shown (null when none).")
    valid_from: date | None
    valid_until: date | None
    boundary_version: int | None = Field(description="Number of the boundary version shown.")
    versions: list[ZoneVersionPublic]
    version: int
    created_at: datetime
    updated_at: datetime


class ZoneFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    bbox: list[float] | None = None
    geometry: dict[str, Any] | None
    properties: ZoneProperties

    @classmethod
    def from_zone(cls, zone: Zone, *, at: date) -> ZoneFeature:
        shown = zone.version_on(at)
        props = ZoneProperties(
            key=zone.key, name=zone.name, kind=zone.kind, agreement=zone.agreement,
            admin_areas=zone.admin_areas, approximate=zone.approximate, description=zone.description,
            release=zone.release, released_to=zone.released_to, status=shown.status if shown else None,
            valid_from=shown.valid_from if shown else None, valid_until=shown.valid_until if shown else None,
            boundary_version=shown.number if shown else None, versions=[_version(v) for v in zone.versions],
            version=zone.version, created_at=zone.created_at, updated_at=zone.updated_at,
        )
        return cls(id=zone.key, bbox=list(shown.bbox()) if shown else None,
                   geometry=to_geojson(shown.geometry) if shown else None, properties=props)


class ZoneCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[ZoneFeature]
    count: int = Field(description="Zones matching the filters, before paging.")


def _version(v: ZoneVersion) -> ZoneVersionPublic:
    return ZoneVersionPublic(number=v.number, valid_from=v.valid_from, valid_until=v.valid_until,
                             status=v.status, note=v.note, bbox=list(v.bbox()))
