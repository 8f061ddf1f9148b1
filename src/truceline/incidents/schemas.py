"""API input/output shapes of incidents."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleasedTo
from truceline.incidents.models import Grade, Incident, IncidentStatus, Position

Reason = Field(min_length=1, max_length=2000, description="Why; kept in the history and the link.")


class IncidentPublic(Incident):
    @classmethod
    def for_reader(cls, incident: Incident, *, working: bool) -> IncidentPublic:
        """The incident as the API shows it: the mechanism's working data (why each report was linked and
        by whom, who is assigned, who holds the lock, who recorded a position) only to its staff."""
        data = incident.model_dump()
        if not working:
            data.update(links=[], assigned_to=None, locked_by=None, locked_until=None,
                        confirmations=[{**c, "recorded_by": None} for c in data["confirmations"]])
        return cls.model_validate(data)


class IncidentsPublic(BaseModel):
    data: list[IncidentPublic]
    count: int


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: IncidentStatus
    reason: str | None = Field(default=None, max_length=2000)


class GradeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grade: Grade
    rationale: str = Field(max_length=8000, description="Required: at least 10 characters.")


class PublishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    published: bool = Field(default=True, description="false withdraws the incident from publication.")
    reason: str | None = Field(default=None, max_length=2000)


class ReleaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    release: ReleaseLevel = Field(description="mechanism, or party_restricted with released_to.")
    released_to: ReleasedTo = Field(default=[], description="Keys of the parties whose liaisons may read it.")
    reason: str | None = Field(default=None, max_length=2000)


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    user: str | None = Field(default=None, max_length=120, description="null unassigns.")
    reason: str | None = Field(default=None, max_length=2000)


class LockIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    minutes: int = 15


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report_ids: list[int]
    reason: str = Reason


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    incidents: list[str] = Field(min_length=1, description="Ids or uids of the incidents merged with this one.")
    reason: str = Reason


class MoveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    report_id: int
    reason: str = Reason


class ConfirmationRequestIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    party: str
    deadline: date | None = None


class PositionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    position: Position
    counter_evidence: str | None = Field(default=None, max_length=8000)


class ReevaluateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    incident_ids: list[int] | None = None


class CoveragePublic(BaseModel):
    zone: str
    start: date
    end: date
    posts: list[dict[str, Any]]
    days: list[dict[str, Any]]
    observed_days: int
    total_days: int
