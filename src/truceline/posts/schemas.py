"""API and file input/output shapes of the posts register.

Input is plain JSON (``PostCreate``) with ``location`` a GeoJSON Point (``[lon, lat]``, WGS84). Output is
GeoJSON (RFC 7946): a post is a ``Feature`` whose ``id`` is its key, whose ``geometry`` is its location
and whose ``properties`` carry its fields, its ``state`` (on the date asked for, else the latest) and its
whole ``lifecycle``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleaseChecked, ReleasedTo
from truceline.geo.geometry import to_geojson
from truceline.posts.models import Post, PostEvent, PostKind, PostState


class PostEventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: PostState
    on: date
    note: str | None = Field(default=None, max_length=2000)


class PostCreate(ReleaseChecked):
    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, description="Stable key; derived from the name when omitted.")
    name: str = Field(min_length=1, max_length=200)
    kind: PostKind
    location: dict[str, Any] = Field(description="GeoJSON Point, [lon, lat] in WGS84.")
    zone: str | None = Field(default=None, description="Key of the zone the post watches.")
    guarantor: str = Field(description="Key of the responsible party, a guarantor or an observer.")
    staffed_by: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    release: ReleaseLevel = ReleaseLevel.public
    released_to: ReleasedTo = []
    lifecycle: list[PostEventIn] = Field(default=[], max_length=100)


class PostUpdate(BaseModel):
    """Fields to change; the lifecycle, when given, replaces the whole list (to add one step use
    POST /posts/{ref}/events)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: PostKind | None = None
    location: dict[str, Any] | None = None
    zone: str | None = None
    guarantor: str | None = None
    staffed_by: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    release: ReleaseLevel | None = None
    released_to: ReleasedTo | None = None
    lifecycle: list[PostEventIn] | None = Field(default=None, max_length=100)
    reason: str | None = Field(default=None, max_length=1000, description="Why; kept in the history.")
    expected_version: int | None = Field(
        default=None, description="Refuse the update if the record has moved past this version."
    )


class PostEventAdd(PostEventIn):
    """A lifecycle step appended to the post's lifecycle."""

    reason: str | None = Field(default=None, max_length=1000)
    expected_version: int | None = None


class PostProperties(BaseModel):
    key: str
    name: str
    kind: PostKind
    state: PostState | None = Field(description="State on the date asked for, else the latest.")
    zone: str | None
    guarantor: str
    staffed_by: str | None
    description: str | None
    release: ReleaseLevel
    released_to: list[str] = []
    lifecycle: list[PostEvent]
    distance_km: float | None = Field(default=None, description="Only in answers to /posts/near.")
    version: int
    created_at: datetime
    updated_at: datetime


class PostFeature(BaseModel):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: dict[str, Any]
    properties: PostProperties

    @classmethod
    def from_post(cls, post: Post, *, at: date | None = None, distance_km: float | None = None) -> PostFeature:
        props = PostProperties(
            key=post.key, name=post.name, kind=post.kind,
            state=post.state if at is None else post.state_on(at), zone=post.zone, guarantor=post.guarantor,
            staffed_by=post.staffed_by, description=post.description, release=post.release,
            released_to=post.released_to,
            lifecycle=post.lifecycle, distance_km=distance_km, version=post.version,
            created_at=post.created_at, updated_at=post.updated_at,
        )
        return cls(id=post.key, geometry=to_geojson(post.location), properties=props)


class PostCollection(BaseModel):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[PostFeature]
    count: int = Field(description="Posts matching the filters, before paging.")
