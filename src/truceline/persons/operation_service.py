"""Use-cases of exchange operations: create, update, status steps, batches, release times, outcomes.

Rules on every write: the two parties exist and differ; each person in a batch is a record of a stored
person list of one of the two parties (``UnknownReference`` otherwise) and appears once in the whole
operation; batch numbers are unique; a release time is given by one of the two parties, once per batch
(a later one replaces it, and the change is in the history); status steps follow ``TRANSITIONS``; a
completed or cancelled operation takes no more batches, releases or outcomes. Every change is recorded
in the change log — which holds list keys and record ids only, never a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog, record_change
from truceline.common.context import Ctx
from truceline.common.paging import Page, Paged
from truceline.common.service import check_version, fetch
from truceline.errors import DuplicateName, InvalidTransition, InvalidValue, NotFound, UnknownReference
from truceline.persons.operation_models import (
    Batch,
    ExchangeOperation,
    OperationQuery,
    OperationStatus,
    SideRelease,
    StatusStep,
    check_steps,
)
from truceline.persons.operation_schemas import (
    BatchAdd,
    BatchIn,
    OperationCreate,
    OperationUpdate,
    OutcomesIn,
    ReleaseIn,
    StatusIn,
)
from truceline.persons.register_service import PartyLookup, PersonListRepository

ENTITY = "exchange_operation"
FINAL = (OperationStatus.completed, OperationStatus.cancelled)


class OperationRepository(Protocol):
    def get(self, operation_id: int) -> ExchangeOperation | None: ...

    def get_by_key(self, key: str) -> ExchangeOperation | None: ...

    def add(self, operation: ExchangeOperation) -> ExchangeOperation: ...

    def save(self, operation: ExchangeOperation) -> None: ...

    def list(self, query: OperationQuery, page: Page) -> Paged[ExchangeOperation]: ...

    def max_number(self) -> int: ...


class OperationStore(Protocol):
    @property
    def operations(self) -> OperationRepository: ...

    @property
    def person_lists(self) -> PersonListRepository: ...

    @property
    def parties(self) -> PartyLookup: ...

    @property
    def changes(self) -> ChangeLog: ...


def operation_key(number: int) -> str:
    return f"exchange-{number}"


def get_operation(store: OperationStore, ref: str | int) -> ExchangeOperation:
    """By id, key (``exchange-4``) or number given as ``#4``."""
    if isinstance(ref, str) and ref.startswith("#") and ref[1:].isdigit():
        ref = operation_key(int(ref[1:]))
    return fetch(store.operations, ref, what="exchange operation")


def list_operations(store: OperationStore, query: OperationQuery, page: Page) -> Paged[ExchangeOperation]:
    return store.operations.list(query, page)


def _batches(items: Sequence[BatchIn], *, start: int = 1) -> list[Batch]:
    out, number = [], start
    for item in items:
        number = item.number or number
        out.append(Batch(number=number, place=item.place, persons=list(item.persons), releases=list(item.releases)))
        number += 1
    return out


def create_operation(store: OperationStore, ctx: Ctx, data: OperationCreate) -> ExchangeOperation:
    number = data.number or store.operations.max_number() + 1
    key = operation_key(number)
    if store.operations.get_by_key(key) is not None:
        raise DuplicateName(f"exchange operation number {number} exists already")
    now = ctx.clock.now()
    operation = ExchangeOperation(
        id=0, key=key, number=number, name=data.name, parties=list(data.parties), intermediary=data.intermediary,
        place=data.place, tolerance_minutes=data.tolerance_minutes, batches=_batches(data.batches),
        history=[StatusStep(status=data.status, at=now, by=ctx.actor)], release=data.release,
        created_at=now, updated_at=now)
    operation = store.operations.add(_checked(store, operation))
    record_change(store.changes, ctx, entity=ENTITY, before=None, after=operation)
    return operation


def update_operation(store: OperationStore, ctx: Ctx, ref: str | int, data: OperationUpdate) -> ExchangeOperation:
    before = _current(store, ref, data.expected_version)
    fields = data.model_dump(exclude_unset=True, exclude={"reason", "expected_version"})
    return _save(store, ctx, before, fields, data.reason)


def change_status(store: OperationStore, ctx: Ctx, ref: str | int, data: StatusIn) -> ExchangeOperation:
    before = _current(store, ref, data.expected_version)
    step = StatusStep(status=data.status, at=data.at or ctx.clock.now(), by=ctx.actor, reason=data.reason)
    return _save(store, ctx, before, {"history": [*before.history, step]}, data.reason)


def add_batch(store: OperationStore, ctx: Ctx, ref: str | int, data: BatchAdd) -> ExchangeOperation:
    before = _open(store, ref, data.expected_version)
    start = max((b.number for b in before.batches), default=0) + 1
    return _save(store, ctx, before, {"batches": [*before.batches, *_batches([data], start=start)]}, data.reason)


def record_release(store: OperationStore, ctx: Ctx, ref: str | int, number: int, data: ReleaseIn
                   ) -> ExchangeOperation:
    """One side's release time for a batch (replacing an earlier one of that side)."""
    before = _open(store, ref, data.expected_version)
    batch = _batch(before, number)
    releases = [r for r in batch.releases if r.party != data.party]
    releases.append(SideRelease(party=data.party, released_at=data.released_at))
    changed = batch.model_copy(update={"releases": sorted(releases, key=lambda r: before.parties.index(r.party)
                                                          if r.party in before.parties else 99)})
    return _save(store, ctx, before, {"batches": _replace(before, changed)}, data.reason)


def record_outcomes(store: OperationStore, ctx: Ctx, ref: str | int, number: int, data: OutcomesIn
                    ) -> ExchangeOperation:
    before = _open(store, ref, data.expected_version)
    batch = _batch(before, number)
    wanted = {(o.list_key, o.ref): o.outcome for o in data.outcomes}
    present = {(p.list_key, p.ref) for p in batch.persons}
    missing = sorted(set(wanted) - present)
    if missing:
        raise UnknownReference(f"batch {number} of exchange operation {before.number} has no person "
                               + ", ".join(f"{k}/{r}" for k, r in missing[:10]),
                               details=[{"list_key": k, "ref": r} for k, r in missing[:50]])
    persons = [p.model_copy(update={"outcome": wanted.get((p.list_key, p.ref), p.outcome)}) for p in batch.persons]
    changed = batch.model_copy(update={"persons": persons})
    return _save(store, ctx, before, {"batches": _replace(before, changed)}, data.reason)


def operation_history(store: OperationStore, ref: str | int) -> list[Change]:
    return store.changes.for_record(ENTITY, get_operation(store, ref).id)


def _current(store: OperationStore, ref: str | int, expected: int | None) -> ExchangeOperation:
    operation = get_operation(store, ref)
    check_version(operation, expected, what=f"exchange operation {operation.number}")
    return operation


def _open(store: OperationStore, ref: str | int, expected: int | None) -> ExchangeOperation:
    operation = _current(store, ref, expected)
    if operation.status in FINAL:
        raise InvalidTransition(f"exchange operation {operation.number} is {operation.status.value}: "
                                "its batches can no longer change")
    return operation


def _batch(operation: ExchangeOperation, number: int) -> Batch:
    for batch in operation.batches:
        if batch.number == number:
            return batch
    raise NotFound(f"exchange operation {operation.number} has no batch {number}")


def _replace(operation: ExchangeOperation, changed: Batch) -> list[Batch]:
    return [changed if b.number == changed.number else b for b in operation.batches]


def _save(store: OperationStore, ctx: Ctx, before: ExchangeOperation, update: dict[str, Any],
          reason: str | None) -> ExchangeOperation:
    after = before.model_copy(update={**update, "version": before.version + 1, "updated_at": ctx.clock.now()})
    after = _checked(store, ExchangeOperation.model_validate(after.model_dump()))
    store.operations.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=reason)
    return after


def _checked(store: OperationStore, operation: ExchangeOperation) -> ExchangeOperation:
    what = f"exchange operation {operation.number}"
    a, b = operation.parties
    if a == b:
        raise InvalidValue(f"{what}: the two parties must differ", details=[{"field": "parties"}])
    for party in operation.parties:
        if store.parties.get_by_key(party) is None:
            raise UnknownReference(f"{what}: no party with key '{party}'", details=[{"field": "parties",
                                                                                      "value": party}])
    check_steps(operation.history, what=what)
    numbers = [batch.number for batch in operation.batches]
    if len(set(numbers)) != len(numbers):
        raise InvalidValue(f"{what}: batch numbers repeat ({numbers})", details=[{"field": "batches"}])
    seen: dict[tuple[str, str], int] = {}
    wanted: dict[str, set[str]] = {}
    for batch in operation.batches:
        sides = [r.party for r in batch.releases]
        strange = [p for p in sides if p not in operation.parties]
        if strange or len(set(sides)) != len(sides):
            raise InvalidValue(f"{what}: batch {batch.number}: release times are given once by each of "
                               f"{a} and {b}, not by {', '.join(strange or sides)}",
                               details=[{"field": f"batches[{batch.number}].releases"}])
        for person in batch.persons:
            pair = (person.list_key, person.ref)
            if pair in seen:
                raise InvalidValue(f"{what}: person {person.list_key}/{person.ref} is in batch {seen[pair]} and "
                                   f"batch {batch.number}", details=[{"list_key": person.list_key,
                                                                      "ref": person.ref}])
            seen[pair] = batch.number
            wanted.setdefault(person.list_key, set()).add(person.ref)
    for list_key, refs in wanted.items():
        plist = store.person_lists.get_by_key(list_key)
        if plist is None:
            raise UnknownReference(f"{what}: no person list with key '{list_key}'",
                                   details=[{"field": "list_key", "value": list_key}])
        if plist.party not in operation.parties:
            raise InvalidValue(f"{what}: person list '{list_key}' is {plist.party}'s, not a list of {a} or {b}")
        found = {s.ref for s in store.person_lists.records(plist.id, refs=sorted(refs))}
        missing = sorted(refs - found)
        if missing:
            raise UnknownReference(f"{what}: person list '{list_key}' has no record(s) {', '.join(missing[:10])}",
                                   details=[{"list_key": list_key, "ref": m} for m in missing[:50]])
    return operation
