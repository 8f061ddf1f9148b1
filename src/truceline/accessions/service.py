"""Use-cases of the accessions register: plain functions over domain objects and the ``Store`` port."""

from __future__ import annotations

import math
from datetime import date
from typing import Protocol

from truceline.accessions.models import (
    Accession,
    AccessionQuery,
    CountPoint,
    Step,
    counts_over_time,
    step_dates,
)
from truceline.accessions.schemas import AccessionCreate, AccessionUpdate, AccessionWithdraw
from truceline.agreements.models import Agreement
from truceline.agreements.service import AgreementRepository, get_agreement
from truceline.audit.models import Change
from truceline.audit.service import ChangeLog
from truceline.common.context import Ctx
from truceline.common.models import check_key, check_order, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version, fetch, record_and_follow
from truceline.common.visibility import Visibility
from truceline.errors import (
    DatesOutOfOrder,
    DuplicateName,
    InvalidGeometry,
    InvalidTransition,
    InvalidValue,
    UnknownReference,
)
from truceline.registry.models import PartyKind
from truceline.registry.service import PartyRepository

ENTITY = "accession"
ALL = Page(limit=10**9, offset=0)
MAX_COUNT_STEPS = 3700  # about ten years of days
ACCEDING_KINDS = {PartyKind.armed_group, PartyKind.militia, PartyKind.state_party, PartyKind.foreign_force}


class AccessionRepository(Protocol):
    def get(self, accession_id: int) -> Accession | None: ...

    def get_by_key(self, key: str) -> Accession | None: ...

    def add(self, accession: Accession) -> Accession:
        """Store a new accession (its ``id`` is ignored) and return it with its id."""
        ...

    def save(self, accession: Accession) -> None: ...

    def list(self, query: AccessionQuery, page: Page) -> Paged[Accession]: ...


class AccessionStore(Protocol):
    @property
    def parties(self) -> PartyRepository: ...

    @property
    def agreements(self) -> AgreementRepository: ...

    @property
    def accessions(self) -> AccessionRepository: ...

    @property
    def changes(self) -> ChangeLog: ...


def get_accession(store: AccessionStore, ref: str | int) -> Accession:
    """An accession by id or key."""
    return fetch(store.accessions, ref, what="accession")


def list_accessions(store: AccessionStore, query: AccessionQuery, page: Page) -> Paged[Accession]:
    return store.accessions.list(query, page)


def accession_counts(store: AccessionStore, *, agreement: str, start: date, end: date,
                     step: Step = Step.day, view: Visibility | None = None) -> list[CountPoint]:
    """Groups and settlements whose accession to ``agreement`` was in force on each step date."""
    _agreement(store, agreement)
    check_order(start, end, what="counts period", start_name="from", end_name="to")
    dates = step_dates(start, end, step=step)
    if len(dates) > MAX_COUNT_STEPS:
        raise InvalidValue(f"{len(dates)} {step.value}s from {start} to {end}: at most {MAX_COUNT_STEPS} "
                           "points; choose a shorter period or a longer step",
                           details=[{"field": "step", "value": step.value}])
    accessions = store.accessions.list(AccessionQuery(agreement=agreement, view=view), ALL).items
    return counts_over_time(accessions, dates)


def is_covered(store: AccessionStore, party_key: str, agreement_key: str, at: date) -> bool:
    """Whether the agreement covered the party on ``at``: the agreement was in force, the party was not
    among its excluded groups then, and the party signed it or held an accession to it in force."""
    agreement = get_agreement(store, agreement_key)
    if not agreement.in_force_on(at) or party_key in agreement.terms_on(at).excluded_groups:
        return False
    if party_key in agreement.signatories:
        return True
    held = store.accessions.list(AccessionQuery(agreement=agreement_key, party=party_key, at=at), ALL)
    return held.count > 0


def create_accession(store: AccessionStore, ctx: Ctx, data: AccessionCreate) -> Accession:
    if data.key:
        key = check_key(data.key)
        if store.accessions.get_by_key(key) is not None:
            raise DuplicateName(f"an accession with key '{key}' already exists",
                                details=[{"field": "key", "value": key}])
    now = ctx.clock.now()
    fields = {name: getattr(data, name) for name in type(data).model_fields if name != "key"}
    accession = Accession(id=0, key=data.key or "pending", created_at=now, updated_at=now, **fields)
    accession = _checked(store, accession)
    if not data.key:
        accession = accession.model_copy(update={"key": _derived_key(store, accession)})
    accession = store.accessions.add(accession)
    record_and_follow(store, ctx, entity=ENTITY, before=None, after=accession)
    return accession


def update_accession(store: AccessionStore, ctx: Ctx, ref: str | int, data: AccessionUpdate) -> Accession:
    before = get_accession(store, ref)
    check_version(before, data.expected_version, what=f"accession '{before.key}'")
    for name in ("agreement", "joined_on"):
        if name in data.model_fields_set and getattr(data, name) is None:
            raise InvalidValue(f"{name} is required and cannot be removed",
                               details=[{"field": name, "value": None}])
    after = _checked(store, apply_update(before, data, updated_at=ctx.clock.now()))
    store.accessions.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def withdraw_accession(store: AccessionStore, ctx: Ctx, ref: str | int, data: AccessionWithdraw) -> Accession:
    """End an accession: from ``on`` the group or settlement no longer holds to the agreement."""
    before = get_accession(store, ref)
    check_version(before, data.expected_version, what=f"accession '{before.key}'")
    if before.withdrawn_on is not None:
        raise InvalidTransition(f"accession '{before.key}' was already withdrawn on "
                                f"{before.withdrawn_on.isoformat()}")
    after = before.model_copy(update={"withdrawn_on": data.on, "withdrawal_reason": data.reason,
                                      "version": before.version + 1, "updated_at": ctx.clock.now()})
    after = _checked(store, after)
    store.accessions.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def accession_history(store: AccessionStore, ref: str | int) -> list[Change]:
    accession = get_accession(store, ref)
    return store.changes.for_record(ENTITY, accession.id)


def _agreement(store: AccessionStore, key: str) -> Agreement:
    agreement = store.agreements.get_by_key(key)
    if agreement is None:
        raise UnknownReference(f"unknown agreement '{key}'", details=[{"field": "agreement", "value": key}])
    return agreement


def _derived_key(store: AccessionStore, accession: Accession) -> str:
    base = slugify(f"{accession.subject_name()} {accession.agreement}")[:74].rstrip("-")
    key, n = base, 1
    while store.accessions.get_by_key(key) is not None:
        n += 1
        key = f"{base}-{n}"
    return key


def _checked(store: AccessionStore, accession: Accession) -> Accession:
    """Validate the domain rules of an accession about to be stored."""
    agreement = _agreement(store, accession.agreement)
    if (accession.party is None) == (accession.settlement is None):
        raise InvalidValue("an accession is by a group (party) or by a settlement: give exactly one of the two",
                           details=[{"field": "party", "value": accession.party}])
    _check_dates(accession, agreement)
    terms = agreement.terms_on(accession.joined_on)
    when = accession.joined_on.isoformat()
    if accession.party is not None:
        party = store.parties.get_by_key(accession.party)
        if party is None:
            raise UnknownReference(f"party names unknown party '{accession.party}'",
                                   details=[{"field": "party", "value": accession.party}])
        if party.key in terms.excluded_groups:
            raise InvalidValue(f"'{party.key}' is an excluded group of agreement '{agreement.key}' on {when} "
                               "and cannot accede to it", details=[{"field": "party", "value": party.key}])
        if party.kind not in ACCEDING_KINDS:
            raise InvalidValue(f"party '{party.key}' is of kind {party.kind.value}: only armed groups, militias, "
                               "state parties and foreign forces accede to an agreement",
                               details=[{"field": "party", "value": party.key}])
    if accession.settlement is not None:
        _check_location(accession.settlement.lat, accession.settlement.lon)
    if accession.witnessed_by is not None:
        if store.parties.get_by_key(accession.witnessed_by) is None:
            raise UnknownReference(f"witnessed_by names unknown party '{accession.witnessed_by}'",
                                   details=[{"field": "witnessed_by", "value": accession.witnessed_by}])
        if accession.witnessed_by not in terms.guarantors:
            guarantors = ", ".join(terms.guarantors) or "none"
            raise InvalidValue(f"witness '{accession.witnessed_by}' is not a guarantor of agreement "
                               f"'{agreement.key}' on {when} (its guarantors then: {guarantors})",
                               details=[{"field": "witnessed_by", "value": accession.witnessed_by}])
    if accession.withdrawal_reason and accession.withdrawn_on is None:
        raise InvalidValue("a withdrawal_reason needs a withdrawn_on date",
                           details=[{"field": "withdrawal_reason", "value": accession.withdrawal_reason}])
    _check_overlap(store, accession)
    return accession


def _check_dates(accession: Accession, agreement: Agreement) -> None:
    what = f"accession of {accession.subject_name()} to '{agreement.key}'"
    start_name = "signed_on" if agreement.signed_on else "effective_from"
    check_order(agreement.signed_on or agreement.effective_from, accession.joined_on, what=what,
                start_name=f"the agreement's {start_name}", end_name="joined_on")
    expires_on = agreement.terms_on(accession.joined_on).expires_on
    if expires_on is not None and accession.joined_on >= expires_on:
        raise DatesOutOfOrder(f"{what}: joined_on {accession.joined_on.isoformat()} is on or after the "
                              f"agreement's expires_on {expires_on.isoformat()}",
                              details=[{"field": "joined_on", "value": accession.joined_on.isoformat()}])
    check_order(accession.joined_on, accession.withdrawn_on, what=what,
                start_name="joined_on", end_name="withdrawn_on")


def _check_location(lat: float, lon: float) -> None:
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise InvalidGeometry(f"settlement latitude {lat} is outside WGS84 range -90..90",
                              details=[{"field": "settlement.lat", "value": lat}])
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise InvalidGeometry(f"settlement longitude {lon} is outside WGS84 range -180..180",
                              details=[{"field": "settlement.lon", "value": lon}])


def _check_overlap(store: AccessionStore, accession: Accession) -> None:
    same = store.accessions.list(AccessionQuery(agreement=accession.agreement, party=accession.party), ALL)
    for other in same.items:
        if other.id != accession.id and other.subject() == accession.subject() and other.overlaps(accession):
            until = other.withdrawn_on.isoformat() if other.withdrawn_on else "now"
            raise DuplicateName(
                f"{other.subject_name()} already holds accession '{other.key}' to '{accession.agreement}' "
                f"from {other.joined_on.isoformat()} to {until}, which overlaps this one",
                details=[{"field": "joined_on", "value": accession.joined_on.isoformat()}])
