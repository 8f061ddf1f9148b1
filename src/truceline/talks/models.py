"""Pure domain objects of the talks register: rounds of a negotiation track and who met there."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel, normalise_name
from truceline.common.visibility import Visibility

Name = Annotated[str, Field(min_length=1, max_length=200)]


class TalksStatus(StrEnum):
    planned = "planned"
    held = "held"
    postponed = "postponed"
    cancelled = "cancelled"


class Standing(StrEnum):
    """In what capacity a delegation attends a round."""

    party = "party"  # a side of the conflict (the government, the armed opposition)
    guarantor = "guarantor"
    observer = "observer"
    invited = "invited"
    mediator = "mediator"


class GroupLevel(StrEnum):
    expert = "expert"
    high = "high"


class Delegation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    party: str  # key of the party the delegation represents
    standing: Standing
    head: str | None = Field(default=None, max_length=200)  # name of the head of delegation
    members: list[Name] = []


class WorkingGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    level: GroupLevel
    topic: str | None = Field(default=None, max_length=1000)


class Outcome(BaseModel):
    model_config = ConfigDict(extra="forbid")

    summary: str = Field(min_length=1, max_length=4000)
    agreement: str | None = None  # key of the agreement the round produced or confirmed
    on: date | None = None  # the day, within the round's dates


class TalksRound(BaseModel):
    id: int
    key: str
    name: str
    track: str  # slug of the negotiation track: astana, geneva, ...
    number: int | None = None  # the round's number in its track, unique within the track
    starts_on: date
    ends_on: date | None = None
    place: str | None = None
    status: TalksStatus = TalksStatus.planned
    delegations: list[Delegation] = []
    working_groups: list[WorkingGroup] = []
    outcomes: list[Outcome] = []
    summary: str | None = None
    source_note: str | None = None
    release: ReleaseLevel = ReleaseLevel.public
    released_to: list[str] = []  # party keys a party_restricted record is released to
    version: int = 1
    created_at: datetime
    updated_at: datetime

    @property
    def last_day(self) -> date:
        """The round's last day: ``ends_on``, or ``starts_on`` for a one-day (or open) round."""
        return self.ends_on or self.starts_on

    def party_keys(self) -> list[str]:
        return [d.party for d in self.delegations]

    def overlaps(self, start: date | None, end: date | None) -> bool:
        """True when the round's days ``[starts_on, last_day]`` meet the closed period ``[start, end]``."""
        return (end is None or self.starts_on <= end) and (start is None or self.last_day >= start)


class TalksRoundQuery(BaseModel):
    """Filters of the talks list; ``matches`` is the reference meaning that repositories implement."""

    track: str | None = None
    party: str | None = None  # rounds where that party had a delegation
    standing: Standing | None = None  # ... with that standing (the party's own, when both are given)
    date_from: date | None = None  # rounds whose days meet [date_from, date_to]
    date_to: date | None = None
    at: date | None = None  # rounds that had started on or before that day, status as recorded
    q: str | None = None  # part of the name
    view: Visibility | None = None  # only what this reader may see (None: everything)

    def matches(self, talks_round: TalksRound) -> bool:
        if self.view is not None and not self.view.admits_record(talks_round):
            return False
        if self.track is not None and talks_round.track != self.track:
            return False
        if (self.party is not None or self.standing is not None) and not any(
            (self.party is None or d.party == self.party)
            and (self.standing is None or d.standing == self.standing)
            for d in talks_round.delegations
        ):
            return False
        if not talks_round.overlaps(self.date_from, self.date_to):
            return False
        if self.at is not None and talks_round.starts_on > self.at:
            return False
        if self.q:
            return normalise_name(self.q) in normalise_name(talks_round.name)
        return True


class TimelineEntry(BaseModel):
    """One round on a track's timeline: its dates and how much happened there."""

    key: str
    name: str
    track: str
    number: int | None
    starts_on: date
    ends_on: date | None
    place: str | None
    status: TalksStatus
    delegations: int
    outcomes: int

    @classmethod
    def of(cls, talks_round: TalksRound) -> TimelineEntry:
        return cls(key=talks_round.key, name=talks_round.name, track=talks_round.track,
                   number=talks_round.number, starts_on=talks_round.starts_on, ends_on=talks_round.ends_on,
                   place=talks_round.place, status=talks_round.status,
                   delegations=len(talks_round.delegations), outcomes=len(talks_round.outcomes))
