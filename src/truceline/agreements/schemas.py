"""API and file input/output shapes of the agreements register."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from truceline.agreements.models import Agreement, AgreementKind, Amendment, Provision, TermChanges
from truceline.common.models import ReleaseLevel
from truceline.common.visibility import ReleaseChecked, ReleasedTo


class AgreementCreate(ReleaseChecked):
    model_config = ConfigDict(extra="forbid")

    key: str | None = Field(default=None, description="Stable key; derived from the name when omitted.")
    name: str = Field(min_length=1, max_length=300)
    kind: AgreementKind
    extends: str | None = Field(default=None, description="Key of the agreement this one extends or amends.")
    signed_on: date | None = None
    effective_from: date | None = None
    expires_on: date | None = None
    extension_terms: str | None = Field(default=None, max_length=1000)
    signatories: list[str] = []
    guarantors: list[str] = []
    witnesses: list[str] = []
    excluded_groups: list[str] = []
    provisions: list[Provision] = []
    amendments: list[Amendment] = []
    place: str | None = Field(default=None, max_length=200)
    summary: str | None = Field(default=None, max_length=8000)
    source_note: str | None = Field(default=None, max_length=4000)
    release: ReleaseLevel = ReleaseLevel.public
    released_to: ReleasedTo = []


class AgreementUpdate(BaseModel):
    """Fields to change; lists given replace the whole list."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=300)
    kind: AgreementKind | None = None
    extends: str | None = None
    signed_on: date | None = None
    effective_from: date | None = None
    expires_on: date | None = None
    extension_terms: str | None = Field(default=None, max_length=1000)
    signatories: list[str] | None = None
    guarantors: list[str] | None = None
    witnesses: list[str] | None = None
    excluded_groups: list[str] | None = None
    provisions: list[Provision] | None = None
    amendments: list[Amendment] | None = None
    place: str | None = Field(default=None, max_length=200)
    summary: str | None = Field(default=None, max_length=8000)
    source_note: str | None = Field(default=None, max_length=4000)
    release: ReleaseLevel | None = None
    released_to: ReleasedTo | None = None
    reason: str | None = Field(default=None, max_length=1000, description="Why; kept in the history.")
    expected_version: int | None = Field(
        default=None, description="Refuse the update if the record has moved past this version."
    )


class AmendmentCreate(ReleaseChecked):
    """A new amendment; it gets the next number unless ``number`` is given (and must then be that)."""

    model_config = ConfigDict(extra="forbid")

    number: int | None = Field(default=None, ge=1)
    adopted_on: date
    summary: str = Field(min_length=1, max_length=4000)
    changes: TermChanges
    reason: str | None = Field(default=None, max_length=1000, description="Why; kept in the history.")
    expected_version: int | None = None


class AgreementPublic(Agreement):
    pass


class AgreementsPublic(BaseModel):
    data: list[AgreementPublic]
    count: int


class ProvisionsPublic(BaseModel):
    data: list[Provision]
    count: int
