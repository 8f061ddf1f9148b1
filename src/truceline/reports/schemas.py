"""API input/output shapes of reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleaseChecked, ReleasedTo
from truceline.reports.models import Casualties, PlacePrecision, Report, TimePrecision
from truceline.reports.taxonomy import EventType


class ReportCreate(ReleaseChecked):
    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, max_length=200, description="Source key or name (must be registered).")
    received_at: datetime | None = Field(default=None, description="When the claim arrived; default now.")
    occurred_at: datetime
    occurred_until: datetime | None = None
    time_precision: TimePrecision = TimePrecision.exact
    lon: float | None = Field(default=None, description="Required unless an area is given.")
    lat: float | None = None
    area: dict[str, Any] | None = Field(default=None, description="GeoJSON Polygon/MultiPolygon.")
    place_precision: PlacePrecision = PlacePrecision.exact
    place_name: str | None = Field(default=None, max_length=200)
    admin_area: str | None = Field(default=None, max_length=200)
    event_type: EventType
    sub_type: str | None = Field(default=None, max_length=80)
    perpetrator: str | None = Field(default=None, description="Party key, name or alias; empty = unknown.")
    target: str | None = None
    casualties: Casualties = Casualties()
    text: str = Field(default="", max_length=100_000)
    language: str | None = Field(default=None, max_length=16)
    credibility: int = Field(default=6, ge=1, le=6)
    release: ReleaseLevel = ReleaseLevel.mechanism
    released_to: ReleasedTo = []


class ReportUpdate(BaseModel):
    """Fields to change while the report is a candidate."""

    model_config = ConfigDict(extra="forbid")

    occurred_at: datetime | None = None
    occurred_until: datetime | None = None
    time_precision: TimePrecision | None = None
    lon: float | None = None
    lat: float | None = None
    area: dict[str, Any] | None = None
    place_precision: PlacePrecision | None = None
    place_name: str | None = Field(default=None, max_length=200)
    admin_area: str | None = Field(default=None, max_length=200)
    event_type: EventType | None = None
    sub_type: str | None = Field(default=None, max_length=80)
    perpetrator: str | None = None
    target: str | None = None
    casualties: Casualties | None = None
    text: str | None = Field(default=None, max_length=100_000)
    language: str | None = Field(default=None, max_length=16)
    credibility: int | None = Field(default=None, ge=1, le=6)
    release: ReleaseLevel | None = None
    released_to: ReleasedTo | None = None
    reason: str | None = Field(default=None, max_length=1000)
    expected_version: int | None = None


class ReportReject(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000)


class ReportAccept(BaseModel):
    """Optional body of an accept: merge the candidate into a chosen incident instead of clustering it."""

    model_config = ConfigDict(extra="forbid")

    incident: str | None = Field(default=None, max_length=80, description="Incident id or uid to merge it into.")
    reason: str | None = Field(default=None, max_length=2000, description="Why it belongs there (history).")


class ReportLock(BaseModel):
    model_config = ConfigDict(extra="forbid")

    minutes: int = Field(default=10, description="How long to hold the candidate (1 to 240).")


class ReportPublic(Report):
    pass


class ReportsPublic(BaseModel):
    data: list[ReportPublic]
    count: int
