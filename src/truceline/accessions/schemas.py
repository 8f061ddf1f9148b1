"""API and file input/output shapes of the accessions register."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from truceline.accessions.models import Accession, CountPoint, Settlement
from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleaseChecked, ReleasedTo


class AccessionCreate(ReleaseChecked):
    """A group (``party``) or a ``settlement`` joining an agreement: exactly one of the two."""

    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, description="Stable key; derived from subject and agreement if omitted.")
    agreement: str = Field(description="Key of the agreement joined.")
    party: str | None = Field(default=None, description="Key of the group that joined.")
    settlement: Settlement | None = None
    joined_on: date
    witnessed_by: str | None = Field(default=None, description="Key of a guarantor of the agreement.")
    evidence: str | None = Field(default=None, max_length=4000, description="How we know it joined.")
    evidence_url: str | None = Field(default=None, max_length=2000)
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = Field(default=None, max_length=2000)
    release: ReleaseLevel = ReleaseLevel.public
    released_to: ReleasedTo = []


class AccessionUpdate(BaseModel):
    """Fields to change. To switch between party and settlement, set the other one to null."""

    model_config = ConfigDict(extra="forbid")

    agreement: str | None = None
    party: str | None = None
    settlement: Settlement | None = None
    joined_on: date | None = None
    witnessed_by: str | None = None
    evidence: str | None = Field(default=None, max_length=4000)
    evidence_url: str | None = Field(default=None, max_length=2000)
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = Field(default=None, max_length=2000)
    release: ReleaseLevel | None = None
    released_to: ReleasedTo | None = None
    reason: str | None = Field(default=None, max_length=1000, description="Why; kept in the history.")
    expected_version: int | None = Field(
        default=None, description="Refuse the update if the record has moved past this version."
    )


class AccessionWithdraw(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: date = Field(description="First day the accession no longer holds.")
    reason: str = Field(min_length=1, max_length=2000)
    expected_version: int | None = None


class AccessionPublic(Accession):
    pass


class AccessionsPublic(BaseModel):
    data: list[AccessionPublic]
    count: int


class CountsPublic(BaseModel):
    data: list[CountPoint]
    count: int
