"""Pure domain objects of the agreements register.

An agreement's *base terms* are the fields as signed; each ``Amendment`` replaces some of the amendable
terms (``TERM_FIELDS``) from its ``adopted_on`` date. ``Agreement.terms_on(at)`` applies, in order, every
amendment adopted on or before ``at``: that is the version of the agreement in force that day.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer

from truceline.common.models import ReleaseLevel, normalise_name
from truceline.common.visibility import Visibility

TERM_FIELDS = ("expires_on", "extension_terms", "guarantors", "excluded_groups", "provisions")


class AgreementKind(StrEnum):
    ceasefire = "ceasefire"
    memorandum = "memorandum"
    extension = "extension"
    protocol = "protocol"
    other = "other"


class ProvisionType(StrEnum):
    non_use_of_force = "non_use_of_force"
    cessation_of_hostilities = "cessation_of_hostilities"
    deployment_of_observers = "deployment_of_observers"
    humanitarian_access = "humanitarian_access"
    detainee_release = "detainee_release"
    exchange_of_remains = "exchange_of_remains"
    withdrawal_of_heavy_weapons = "withdrawal_of_heavy_weapons"
    separation_of_forces = "separation_of_forces"
    demining = "demining"
    return_of_displaced = "return_of_displaced"
    political_process = "political_process"
    other = "other"


class PartyRole(StrEnum):
    """The role a party holds in an agreement (the ``agreement_parties`` association in SQL)."""

    signatory = "signatory"
    guarantor = "guarantor"
    witness = "witness"
    excluded = "excluded"


class Provision(BaseModel):
    key: str = Field(min_length=1, max_length=80, description="Slug, unique within the agreement.")
    type: ProvisionType
    text: str = Field(min_length=1, max_length=8000)
    article: str | None = Field(default=None, max_length=40)


class TermChanges(BaseModel):
    """The terms an amendment replaces. Only the fields given are changed: ``{"expires_on": null}``
    makes the agreement open-ended, while leaving ``expires_on`` out keeps it as it was."""

    expires_on: date | None = None
    extension_terms: str | None = Field(default=None, max_length=1000)
    guarantors: list[str] = []
    excluded_groups: list[str] = []
    provisions: list[Provision] = []

    # No return annotation on purpose: pydantic then documents the output with the fields' own schema
    # (an annotated ``dict[str, Any]`` would show up in the OpenAPI document as a bare object).
    @model_serializer(mode="wrap")
    def _only_changed(self, handler: SerializerFunctionWrapHandler):
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if k in self.model_fields_set}

    def changed(self) -> list[str]:
        return [f for f in TERM_FIELDS if f in self.model_fields_set]


class Amendment(BaseModel):
    number: int = Field(ge=1, description="1 for the first amendment, then consecutive.")
    adopted_on: date
    summary: str = Field(min_length=1, max_length=4000)
    changes: TermChanges


class AgreementTerms(BaseModel):
    """The amendable terms of an agreement as they stood on one day."""

    expires_on: date | None = None
    extension_terms: str | None = None
    guarantors: list[str] = []
    excluded_groups: list[str] = []
    provisions: list[Provision] = []
    amendment: int = 0  # number of the last amendment applied; 0 for the base terms

    def amended(self, amendment: Amendment) -> AgreementTerms:
        changes = {f: getattr(amendment.changes, f) for f in amendment.changes.changed()}
        return self.model_copy(update={**changes, "amendment": amendment.number})


class Agreement(BaseModel):
    id: int
    key: str
    name: str
    kind: AgreementKind
    extends: str | None = None  # key of the agreement this one extends or amends
    signed_on: date | None = None
    effective_from: date | None = None
    expires_on: date | None = None
    extension_terms: str | None = None
    signatories: list[str] = []
    guarantors: list[str] = []
    witnesses: list[str] = []
    excluded_groups: list[str] = []
    provisions: list[Provision] = []
    amendments: list[Amendment] = []
    place: str | None = None
    summary: str | None = None
    source_note: str | None = None
    release: ReleaseLevel = ReleaseLevel.public
    released_to: list[str] = []  # party keys a party_restricted record is released to
    version: int = 1
    created_at: datetime
    updated_at: datetime

    @property
    def starts_on(self) -> date | None:
        """The first day in force: ``effective_from``, else ``signed_on``."""
        return self.effective_from or self.signed_on

    def base_terms(self) -> AgreementTerms:
        return AgreementTerms(expires_on=self.expires_on, extension_terms=self.extension_terms,
                              guarantors=self.guarantors, excluded_groups=self.excluded_groups,
                              provisions=self.provisions)

    def versions(self) -> list[tuple[date | None, AgreementTerms]]:
        """Every version of the terms with the day it starts: the base terms, then one per amendment."""
        terms = self.base_terms()
        out: list[tuple[date | None, AgreementTerms]] = [(self.starts_on, terms)]
        for amendment in sorted(self.amendments, key=lambda a: a.number):
            terms = terms.amended(amendment)
            out.append((amendment.adopted_on, terms))
        return out

    def terms_on(self, at: date) -> AgreementTerms:
        """The terms in force on ``at``: base terms with each amendment adopted on or before ``at``."""
        terms = self.base_terms()
        for amendment in sorted(self.amendments, key=lambda a: a.number):
            if amendment.adopted_on <= at:
                terms = terms.amended(amendment)
        return terms

    def latest_terms(self) -> AgreementTerms:
        return self.versions()[-1][1]

    def in_force_on(self, at: date) -> bool:
        """Started on or before ``at`` and not expired under the terms of that day.

        An agreement without ``signed_on`` or ``effective_from`` is never taken to be in force."""
        start = self.starts_on
        if start is None or at < start:
            return False
        expires_on = self.terms_on(at).expires_on
        return expires_on is None or at < expires_on

    def as_of(self, at: date) -> Agreement:
        """The agreement as it stood on ``at``: the terms then, and only the amendments adopted by then."""
        terms = self.terms_on(at)
        return self.model_copy(update={
            **{f: getattr(terms, f) for f in TERM_FIELDS},
            "amendments": [a for a in self.amendments if a.adopted_on <= at],
        })

    def party_roles(self) -> dict[PartyRole, list[str]]:
        return {PartyRole.signatory: self.signatories, PartyRole.guarantor: self.guarantors,
                PartyRole.witness: self.witnesses, PartyRole.excluded: self.excluded_groups}


class AgreementQuery(BaseModel):
    """Filters of the agreement list; ``matches`` is the reference meaning that repositories implement."""

    kind: AgreementKind | None = None
    q: str | None = None  # part of the name
    party: str | None = None  # key of a signatory or guarantor (in any version; on ``at`` when given)
    at: date | None = None  # in force on that date
    view: Visibility | None = None  # only what this reader may see (None: everything)

    def matches(self, agreement: Agreement) -> bool:
        if self.view is not None and not self.view.admits_record(agreement):
            return False
        if self.kind is not None and agreement.kind != self.kind:
            return False
        if self.q and normalise_name(self.q) not in normalise_name(agreement.name):
            return False
        if self.at is not None and not agreement.in_force_on(self.at):
            return False
        if self.party is not None:
            if self.at is not None:
                guarantors = set(agreement.terms_on(self.at).guarantors)
            else:
                guarantors = {g for _, terms in agreement.versions() for g in terms.guarantors}
            return self.party in agreement.signatories or self.party in guarantors
        return True
