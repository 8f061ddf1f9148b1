"""API and file input/output shapes of the party register."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleaseChecked, ReleasedTo
from truceline.registry.models import Affiliation, Alias, Party, PartyKind


class PartyCreate(ReleaseChecked):
    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, description="Stable key; derived from the name when omitted.")
    name: str = Field(min_length=1, max_length=200)
    kind: PartyKind
    country_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    description: str | None = Field(default=None, max_length=4000)
    aliases: list[Alias] = []
    affiliations: list[Affiliation] = []
    active_from: date | None = None
    active_until: date | None = None
    release: ReleaseLevel = ReleaseLevel.public
    released_to: ReleasedTo = []


class PartyUpdate(BaseModel):
    """Fields to change; lists given replace the whole list."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: PartyKind | None = None
    country_code: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    description: str | None = Field(default=None, max_length=4000)
    aliases: list[Alias] | None = None
    affiliations: list[Affiliation] | None = None
    active_from: date | None = None
    active_until: date | None = None
    release: ReleaseLevel | None = None
    released_to: ReleasedTo | None = None
    reason: str | None = Field(default=None, max_length=1000, description="Why; kept in the history.")
    expected_version: int | None = Field(
        default=None, description="Refuse the update if the record has moved past this version."
    )


class PartyPublic(Party):
    pass


class PartiesPublic(BaseModel):
    data: list[PartyPublic]
    count: int
