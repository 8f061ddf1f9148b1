"""API and file input/output shapes of the talks register."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleaseChecked, ReleasedTo
from truceline.talks.models import Delegation, Outcome, TalksRound, TalksStatus, TimelineEntry, WorkingGroup


class TalksRoundCreate(ReleaseChecked):
    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, description="Stable key, e.g. 'astana-6'; derived from the name "
                                                      "when omitted.")
    name: str = Field(min_length=1, max_length=200)
    track: str = Field(description="Slug of the negotiation track, e.g. 'astana', 'geneva'.")
    number: int | None = Field(default=None, ge=1, description="Number of the round, unique within its track.")
    starts_on: date
    ends_on: date | None = None
    place: str | None = Field(default=None, max_length=200)
    status: TalksStatus = TalksStatus.planned
    delegations: list[Delegation] = []
    working_groups: list[WorkingGroup] = []
    outcomes: list[Outcome] = []
    summary: str | None = Field(default=None, max_length=4000)
    source_note: str | None = Field(default=None, max_length=1000)
    release: ReleaseLevel = ReleaseLevel.public
    released_to: ReleasedTo = []


class TalksRoundUpdate(BaseModel):
    """Fields to change; lists given replace the whole list."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    track: str | None = None
    number: int | None = Field(default=None, ge=1)
    starts_on: date | None = None
    ends_on: date | None = None
    place: str | None = Field(default=None, max_length=200)
    status: TalksStatus | None = None
    delegations: list[Delegation] | None = None
    working_groups: list[WorkingGroup] | None = None
    outcomes: list[Outcome] | None = None
    summary: str | None = Field(default=None, max_length=4000)
    source_note: str | None = Field(default=None, max_length=1000)
    release: ReleaseLevel | None = None
    released_to: ReleasedTo | None = None
    reason: str | None = Field(default=None, max_length=1000, description="Why; kept in the history.")
    expected_version: int | None = Field(
        default=None, description="Refuse the update if the record has moved past this version."
    )


class TalksRoundPublic(TalksRound):
    pass


class TalksRoundsPublic(BaseModel):
    data: list[TalksRoundPublic]
    count: int


class TimelinePublic(BaseModel):
    data: list[TimelineEntry]
    count: int
