"""Domain rules an agreement must satisfy before it is stored (used by ``service``)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from truceline.agreements.models import Agreement, AgreementTerms, Amendment, Provision
from truceline.common.models import check_key, check_order
from truceline.errors import DatesOutOfOrder, InvalidValue, UnknownReference
from truceline.registry.models import Party, PartyKind


class AgreementLookup(Protocol):
    def get_by_key(self, key: str) -> Agreement | None: ...


class PartyLookup(Protocol):
    def get_by_key(self, key: str) -> Party | None: ...


def checked_agreement(agreement: Agreement, *, agreements: AgreementLookup, parties: PartyLookup) -> Agreement:
    """Validate ``agreement``; return it with party lists freed of repeats."""
    agreement = _deduplicated(agreement)
    what = f"agreement '{agreement.key}'"
    check_order(agreement.signed_on, agreement.effective_from, what=what,
                start_name="signed_on", end_name="effective_from")
    _check_extends(agreement, agreements)
    known = _PartyCache(parties)
    for field in ("signatories", "witnesses"):
        for key in getattr(agreement, field):
            known.require(key, field=field)
    _check_provisions(agreement.provisions, field="provisions")
    _check_amendments(agreement, known)
    for n, (_, terms) in enumerate(agreement.versions()):
        if n == 0:
            _check_terms(agreement, terms, known, where="base terms", prefix="")
        else:
            _check_terms(agreement, terms, known, where=f"after amendment {n}",
                         prefix=f"amendments.{n - 1}.changes.")
    return agreement


def _deduplicated(agreement: Agreement) -> Agreement:
    """Party lists with each key once (the same party twice in one role adds nothing)."""
    update: dict[str, object] = {
        f: list(dict.fromkeys(getattr(agreement, f)))
        for f in ("signatories", "guarantors", "witnesses", "excluded_groups")
    }
    amendments: list[Amendment] = []
    for amendment in agreement.amendments:
        changes = amendment.changes
        for f in ("guarantors", "excluded_groups"):
            if f in changes.model_fields_set:
                changes = changes.model_copy(update={f: list(dict.fromkeys(getattr(changes, f)))})
        amendments.append(amendment.model_copy(update={"changes": changes}))
    update["amendments"] = amendments
    return agreement.model_copy(update=update)


def _check_extends(agreement: Agreement, agreements: AgreementLookup) -> None:
    if agreement.extends is None:
        return
    if agreement.extends == agreement.key:
        raise InvalidValue(f"agreement '{agreement.key}' cannot extend itself",
                           details=[{"field": "extends", "value": agreement.extends}])
    seen = {agreement.key}
    ref: str | None = agreement.extends
    while ref is not None:
        other = agreements.get_by_key(ref)
        if other is None:
            raise UnknownReference(f"extends names unknown agreement '{ref}'",
                                   details=[{"field": "extends", "value": ref}])
        if other.key in seen:
            raise InvalidValue(f"agreement '{agreement.key}' would extend itself through '{ref}'",
                               details=[{"field": "extends", "value": agreement.extends}])
        seen.add(other.key)
        ref = other.extends


class _PartyCache:
    def __init__(self, parties: PartyLookup) -> None:
        self.parties = parties
        self.cache: dict[str, Party | None] = {}

    def require(self, key: str, *, field: str) -> Party:
        if key not in self.cache:
            self.cache[key] = self.parties.get_by_key(key)
        party = self.cache[key]
        if party is None:
            raise UnknownReference(f"{field} names unknown party '{key}'",
                                   details=[{"field": field, "value": key}])
        return party


def _check_provisions(provisions: list[Provision], *, field: str) -> None:
    seen: set[str] = set()
    for provision in provisions:
        check_key(provision.key)
        if provision.key in seen:
            raise InvalidValue(f"provision key '{provision.key}' is used twice in one agreement",
                               details=[{"field": f"{field}.key", "value": provision.key}])
        seen.add(provision.key)


def _check_amendments(agreement: Agreement, known: _PartyCache) -> None:
    previous: date | None = agreement.signed_on
    previous_name = "signed_on"
    for index, amendment in enumerate(agreement.amendments):
        if amendment.number != index + 1:
            raise InvalidValue(
                f"amendments must be numbered 1, 2, 3... in order: found {amendment.number} "
                f"where {index + 1} was expected",
                details=[{"field": f"amendments.{index}.number", "value": amendment.number}])
        if not amendment.changes.changed():
            raise InvalidValue(f"amendment {amendment.number} changes nothing: give at least one of "
                               "expires_on, extension_terms, guarantors, excluded_groups, provisions",
                               details=[{"field": f"amendments.{index}.changes", "value": None}])
        if previous is not None and amendment.adopted_on < previous:
            raise DatesOutOfOrder(
                f"amendment {amendment.number} of '{agreement.key}': adopted_on "
                f"{amendment.adopted_on.isoformat()} is before {previous_name} {previous.isoformat()}",
                details=[{"field": f"amendments.{index}.adopted_on", "value": amendment.adopted_on.isoformat()}])
        previous, previous_name = amendment.adopted_on, f"the adoption of amendment {amendment.number}"
        _check_provisions(amendment.changes.provisions, field=f"amendments.{index}.changes.provisions")


def _check_terms(agreement: Agreement, terms: AgreementTerms, known: _PartyCache, *, where: str,
                 prefix: str) -> None:
    """Rules every version of the terms keeps: known parties of the right kind, dates in order."""
    check_order(agreement.starts_on, terms.expires_on, what=f"agreement '{agreement.key}' ({where})",
                start_name="effective_from" if agreement.effective_from else "signed_on",
                end_name="expires_on")
    for key in terms.guarantors:
        party = known.require(key, field=f"{prefix}guarantors")
        if party.kind != PartyKind.guarantor:
            raise InvalidValue(f"guarantor '{key}' is a party of kind {party.kind.value}, not guarantor",
                               details=[{"field": f"{prefix}guarantors", "value": key}])
    for key in terms.excluded_groups:
        known.require(key, field=f"{prefix}excluded_groups")
        if key in agreement.signatories:
            raise InvalidValue(f"'{key}' cannot be both a signatory and an excluded group of "
                               f"agreement '{agreement.key}' ({where})",
                               details=[{"field": f"{prefix}excluded_groups", "value": key}])
