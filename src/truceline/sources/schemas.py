"""API and file input/output shapes of the sources register."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleaseChecked, ReleasedTo
from truceline.sources.models import Reliability, Source, SourceKind


class SourceCreate(ReleaseChecked):
    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, description="Stable key; derived from the name when omitted.")
    name: str = Field(min_length=1, max_length=200)
    kind: SourceKind
    party: str | None = Field(default=None, description="Key of the party the source speaks for.")
    url: str | None = Field(default=None, max_length=2000)
    description: str | None = Field(default=None, max_length=4000)
    reliability_override: Reliability | None = None
    override_reason: str | None = Field(default=None, max_length=2000)
    release: ReleaseLevel = ReleaseLevel.mechanism
    released_to: ReleasedTo = []


class SourceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: SourceKind | None = None
    party: str | None = None
    url: str | None = Field(default=None, max_length=2000)
    description: str | None = Field(default=None, max_length=4000)
    reliability_override: Reliability | None = None
    override_reason: str | None = Field(default=None, max_length=2000)
    release: ReleaseLevel | None = None
    released_to: ReleasedTo | None = None
    reason: str | None = Field(default=None, max_length=1000, description="Why; kept in the history.")
    expected_version: int | None = None


class TrackRecordPublic(BaseModel):
    confirmed: int
    discounted: int
    judged: int


class SourcePublic(Source):
    reliability: Reliability = Field(description="The effective letter: the override, else the computed one.")
    computed_reliability: Reliability
    track_record: TrackRecordPublic


class SourcesPublic(BaseModel):
    data: list[SourcePublic]
    count: int
