"""Pure domain objects of the accessions register: groups and settlements joining an agreement.

An accession is in force on the half-open interval ``[joined_on, withdrawn_on)``. ``counts_over_time``
gives how many groups and settlements were in force on each step date of a period.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, Field

from truceline.common.models import ReleaseLevel, in_force, normalise_name
from truceline.common.visibility import Visibility


class Settlement(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    lat: float = Field(description="WGS84 latitude, -90..90")
    lon: float = Field(description="WGS84 longitude, -180..180")
    admin_area: str | None = Field(default=None, max_length=200)


class Accession(BaseModel):
    id: int
    key: str
    agreement: str  # key of the agreement joined
    party: str | None = None  # key of the group that joined, or...
    settlement: Settlement | None = None  # ...the settlement that joined: exactly one of the two
    joined_on: date
    witnessed_by: str | None = None  # key of a guarantor of the agreement
    evidence: str | None = None  # how we know, e.g. "signed list handed over at Astana"
    evidence_url: str | None = None
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = None
    release: ReleaseLevel = ReleaseLevel.public
    released_to: list[str] = []  # party keys a party_restricted record is released to
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def in_force_on(self, at: date) -> bool:
        return in_force(self.joined_on, self.withdrawn_on, at)

    def subject(self) -> tuple[str, ...]:
        """What joined, for telling whether two accessions are by the same group or settlement."""
        if self.party is not None:
            return ("party", self.party)
        assert self.settlement is not None
        return ("settlement", normalise_name(self.settlement.name),
                normalise_name(self.settlement.admin_area or ""))

    def subject_name(self) -> str:
        if self.party is not None:
            return self.party
        assert self.settlement is not None
        return self.settlement.name

    def overlaps(self, other: Accession) -> bool:
        """True when both are in force on at least one common day."""
        end = self.withdrawn_on or date.max
        other_end = other.withdrawn_on or date.max
        start = max(self.joined_on, other.joined_on)
        return start < min(end, other_end)


class AccessionQuery(BaseModel):
    """Filters of the accession list; ``matches`` is the reference meaning that repositories implement."""

    agreement: str | None = None  # key of the agreement joined
    party: str | None = None  # key of the group
    q: str | None = None  # part of a settlement's name
    at: date | None = None  # in force on that date
    view: Visibility | None = None  # only what this reader may see (None: everything)

    def matches(self, accession: Accession) -> bool:
        if self.view is not None and not self.view.admits_record(accession):
            return False
        if self.agreement is not None and accession.agreement != self.agreement:
            return False
        if self.party is not None and accession.party != self.party:
            return False
        if self.at is not None and not accession.in_force_on(self.at):
            return False
        if self.q:
            if accession.settlement is None:
                return False
            return normalise_name(self.q) in normalise_name(accession.settlement.name)
        return True


class Step(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class CountPoint(BaseModel):
    date: date
    groups: int
    settlements: int


def step_dates(start: date, end: date, *, step: Step) -> list[date]:
    """``start``, then every ``step`` after it, up to and including ``end``.

    Months keep the day of ``start``, clamped to the month's length (31 January, 28 February, 31 March)."""
    out: list[date] = []
    n = 0
    while True:
        if step is Step.month:
            month = start.month - 1 + n
            year, month = start.year + month // 12, month % 12 + 1
            day = min(start.day, calendar.monthrange(year, month)[1])
            current = date(year, month, day)
        else:
            current = start + timedelta(days=n * (7 if step is Step.week else 1))
        if current > end:
            return out
        out.append(current)
        n += 1


def counts_over_time(accessions: list[Accession], dates: list[date]) -> list[CountPoint]:
    """How many groups and settlements had an accession in force on each date."""
    points = []
    for day in dates:
        live = [a for a in accessions if a.in_force_on(day)]
        groups = len({a.party for a in live if a.party is not None})
        settlements = len({a.subject() for a in live if a.settlement is not None})
        points.append(CountPoint(date=day, groups=groups, settlements=settlements))
    return points
