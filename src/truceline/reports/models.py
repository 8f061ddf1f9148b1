"""Pure domain objects of reports."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import Visibility
from truceline.reports.taxonomy import EventType


class TimePrecision(StrEnum):
    exact = "exact"  # to the minute
    hour = "hour"
    day = "day"
    range = "range"  # somewhere between occurred_at and occurred_until


class PlacePrecision(StrEnum):
    """The place precision ladder, most precise first."""

    exact = "exact"
    near = "near"  # near a named place
    town = "town"
    district = "district"
    governorate = "governorate"


# how far from the given point the happening may be, by precision (clustering and scope checks use it)
UNCERTAINTY_KM: dict[PlacePrecision, float] = {
    PlacePrecision.exact: 0.0,
    PlacePrecision.near: 3.0,
    PlacePrecision.town: 5.0,
    PlacePrecision.district: 20.0,
    PlacePrecision.governorate: 50.0,
}


class ReportStatus(StrEnum):
    candidate = "candidate"  # waiting in the review queue (from ingestion or a new submission)
    accepted = "accepted"  # part of an incident
    rejected = "rejected"


class Casualties(BaseModel):
    """Claimed casualties as ranges; ``None`` is unknown."""

    model_config = ConfigDict(extra="forbid")

    killed_min: int | None = Field(default=None, ge=0)
    killed_max: int | None = Field(default=None, ge=0)
    injured_min: int | None = Field(default=None, ge=0)
    injured_max: int | None = Field(default=None, ge=0)
    civilians_killed_min: int | None = Field(default=None, ge=0)
    civilians_killed_max: int | None = Field(default=None, ge=0)
    combatants_killed_min: int | None = Field(default=None, ge=0)
    combatants_killed_max: int | None = Field(default=None, ge=0)


class Attachment(BaseModel):
    sha256: str
    filename: str
    media_type: str
    size: int
    acquired_at: datetime
    metadata_stripped: bool = False


class Report(BaseModel):
    id: int
    uid: str  # globally unique, travels between instances
    source: str  # source key
    received_at: datetime
    occurred_at: datetime
    occurred_until: datetime | None = None
    time_precision: TimePrecision = TimePrecision.exact
    lon: float
    lat: float
    area: dict[str, Any] | None = None  # GeoJSON Polygon/MultiPolygon when the place is an area
    place_precision: PlacePrecision = PlacePrecision.exact
    place_name: str | None = None
    admin_area: str | None = None
    event_type: EventType
    sub_type: str | None = None
    perpetrator: str | None = None  # party key, None = unknown
    target: str | None = None
    casualties: Casualties = Casualties()
    text: str = ""
    language: str | None = None
    credibility: int = Field(default=6, ge=1, le=6)  # Admiralty information credibility; 6 = cannot be judged
    attachments: list[Attachment] = []
    status: ReportStatus = ReportStatus.candidate
    incident_id: int | None = None
    submitted_by: str | None = None
    locked_by: str | None = None  # the reviewer holding the review lock
    locked_until: datetime | None = None
    document_id: int | None = None  # the ingested document it was extracted from
    claimed_by: str | None = None  # who makes the claim when not the source itself ("the Defence Ministry")
    release: ReleaseLevel = ReleaseLevel.mechanism
    released_to: list[str] = []  # party keys a party_restricted record is released to
    version: int = 1
    created_at: datetime
    updated_at: datetime

    @property
    def end(self) -> datetime:
        return self.occurred_until or self.occurred_at

    @property
    def uncertainty_km(self) -> float:
        return UNCERTAINTY_KM[self.place_precision]

    def is_locked_against(self, actor: str, now: datetime) -> bool:
        """Locked for review by someone other than ``actor`` and the lock has not run out."""
        return (self.locked_by is not None and self.locked_by != actor
                and self.locked_until is not None and self.locked_until > now)


class ReportQuery(BaseModel):
    """Filters of the report list; ``matches`` is the reference meaning that repositories implement.

    ``occurred_from``/``occurred_to`` select reports whose claimed time interval
    ``[occurred_at, occurred_until or occurred_at]`` meets ``[occurred_from, occurred_to]``; ``bbox`` is
    ``(min_lon, min_lat, max_lon, max_lat)`` on the report's point.
    """

    status: ReportStatus | None = None
    source: str | None = None  # source key
    event_type: EventType | None = None
    incident_id: int | None = None
    occurred_from: datetime | None = None
    occurred_to: datetime | None = None
    bbox: tuple[float, float, float, float] | None = None
    submitted_by: str | None = None
    view: Visibility | None = None  # only what this reader may see (None: everything)
    document_id: int | None = None

    def matches(self, report: Report) -> bool:
        if self.view is not None and not self.view.admits_record(report):
            return False
        checks = (
            self.status is None or report.status == self.status,
            self.source is None or report.source == self.source,
            self.event_type is None or report.event_type == self.event_type,
            self.incident_id is None or report.incident_id == self.incident_id,
            self.occurred_from is None or report.end >= self.occurred_from,
            self.occurred_to is None or report.occurred_at <= self.occurred_to,
            self.submitted_by is None or report.submitted_by == self.submitted_by,
            self.document_id is None or report.document_id == self.document_id,
            self.bbox is None or (self.bbox[0] <= report.lon <= self.bbox[2]
                                  and self.bbox[1] <= report.lat <= self.bbox[3]),
        )
        return all(checks)
