"""Use-cases of the agreements register: plain functions over domain objects and the ``Store`` port."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from truceline.agreements.models import Agreement, AgreementQuery, Amendment, Provision
from truceline.agreements.rules import checked_agreement
from truceline.agreements.schemas import AgreementCreate, AgreementUpdate, AmendmentCreate
from truceline.audit.models import Change
from truceline.audit.service import ChangeLog
from truceline.common.context import Ctx
from truceline.common.models import check_key, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version, fetch, record_and_follow
from truceline.errors import DuplicateName, InvalidValue
from truceline.registry.service import PartyRepository

ENTITY = "agreement"
ALL = Page(limit=10**9, offset=0)
REQUIRED_ON_UPDATE = ("name", "kind", "signatories", "guarantors", "witnesses", "excluded_groups",
                      "provisions", "amendments")


class AgreementRepository(Protocol):
    def get(self, agreement_id: int) -> Agreement | None: ...

    def get_by_key(self, key: str) -> Agreement | None: ...

    def add(self, agreement: Agreement) -> Agreement:
        """Store a new agreement (its ``id`` is ignored) and return it with its id."""
        ...

    def save(self, agreement: Agreement) -> None: ...

    def list(self, query: AgreementQuery, page: Page) -> Paged[Agreement]:
        """Agreements matching ``query`` (as stored: base terms and all amendments), by id."""
        ...


class AgreementStore(Protocol):
    @property
    def parties(self) -> PartyRepository: ...

    @property
    def agreements(self) -> AgreementRepository: ...

    @property
    def changes(self) -> ChangeLog: ...


def get_agreement(store: AgreementStore, ref: str | int, *, at: date | None = None) -> Agreement:
    """An agreement by id or key; with ``at``, as it stood that day (the terms then)."""
    found = fetch(store.agreements, ref, what="agreement")
    return found if at is None else found.as_of(at)


def list_agreements(store: AgreementStore, query: AgreementQuery, page: Page) -> Paged[Agreement]:
    paged = store.agreements.list(query, page)
    if query.at is None:
        return paged
    at: date = query.at
    return Paged([a.as_of(at) for a in paged.items], paged.count)


def agreements_in_force(store: AgreementStore, at: date) -> list[Agreement]:
    """Every agreement in force on ``at``, each with the terms of that day."""
    return list_agreements(store, AgreementQuery(at=at), ALL).items


def excluded_groups_on(store: AgreementStore, agreement_key: str, at: date) -> list[str]:
    """Keys of the groups the agreement's terms on ``at`` exclude (whether or not it is in force then)."""
    return get_agreement(store, agreement_key).terms_on(at).excluded_groups


def agreement_provisions(store: AgreementStore, ref: str | int, *, at: date | None = None) -> list[Provision]:
    """The provisions on ``at``; without a date, those of the latest version (all amendments applied)."""
    agreement = get_agreement(store, ref)
    terms = agreement.latest_terms() if at is None else agreement.terms_on(at)
    return terms.provisions


def create_agreement(store: AgreementStore, ctx: Ctx, data: AgreementCreate) -> Agreement:
    key = check_key(data.key) if data.key else slugify(data.name)
    if store.agreements.get_by_key(key) is not None:
        raise DuplicateName(f"an agreement with key '{key}' already exists",
                            details=[{"field": "key", "value": key}])
    now = ctx.clock.now()
    fields = {name: getattr(data, name) for name in type(data).model_fields if name != "key"}
    agreement = Agreement(id=0, key=key, created_at=now, updated_at=now, **fields)
    agreement = _checked(store, agreement)
    agreement = store.agreements.add(agreement)
    record_and_follow(store, ctx, entity=ENTITY, before=None, after=agreement)
    return agreement


def update_agreement(store: AgreementStore, ctx: Ctx, ref: str | int, data: AgreementUpdate) -> Agreement:
    before = get_agreement(store, ref)
    check_version(before, data.expected_version, what=f"agreement '{before.key}'")
    for name in REQUIRED_ON_UPDATE:
        if name in data.model_fields_set and getattr(data, name) is None:
            raise InvalidValue(f"{name} cannot be null (send [] for an empty list)",
                               details=[{"field": name, "value": None}])
    after = _checked(store, apply_update(before, data, updated_at=ctx.clock.now()))
    store.agreements.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def add_amendment(store: AgreementStore, ctx: Ctx, ref: str | int, data: AmendmentCreate) -> Agreement:
    """Append the next amendment: a new version of the terms from ``adopted_on``."""
    before = get_agreement(store, ref)
    check_version(before, data.expected_version, what=f"agreement '{before.key}'")
    number = len(before.amendments) + 1
    if data.number is not None and data.number != number:
        raise InvalidValue(f"agreement '{before.key}' has {number - 1} amendment(s): the next is number "
                           f"{number}, not {data.number}", details=[{"field": "number", "value": data.number}])
    amendment = Amendment(number=number, adopted_on=data.adopted_on, summary=data.summary,
                          changes=data.changes)
    after = before.model_copy(update={"amendments": [*before.amendments, amendment],
                                      "version": before.version + 1, "updated_at": ctx.clock.now()})
    after = _checked(store, after)
    store.agreements.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after,
                      reason=data.reason or f"amendment {number}: {data.summary}")
    return after


def agreement_history(store: AgreementStore, ref: str | int) -> list[Change]:
    agreement = get_agreement(store, ref)
    return store.changes.for_record(ENTITY, agreement.id)


def _checked(store: AgreementStore, agreement: Agreement) -> Agreement:
    return checked_agreement(agreement, agreements=store.agreements, parties=store.parties)
