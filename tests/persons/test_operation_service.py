"""Exchange operations on every store: batches of stored persons, simultaneity, outcomes, status steps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.persons.lists import LIST_A, LIST_B, SECRETS, add_parties
from truceline.errors import DuplicateName, InvalidTransition, InvalidValue, NotFound, UnknownReference
from truceline.persons import operation_service as service
from truceline.persons import register_service
from truceline.persons.crypto import PersonCipher
from truceline.persons.models import ListKind
from truceline.persons.operation_models import OperationStatus, Outcome
from truceline.persons.operation_schemas import (
    BatchAdd,
    OperationCreate,
    OperationUpdate,
    OutcomesIn,
    ReleaseIn,
    StatusIn,
)
from truceline.persons.register_schemas import ListMeta

CIPHER = PersonCipher(b"0123456789abcdef0123456789abcdef")
T0 = datetime(2017, 10, 30, 12, 0, tzinfo=UTC)
PARTIES = ["syria-government", "jaysh-al-islam"]


@pytest.fixture
def store(any_store, ctx):
    add_parties(any_store, ctx)
    for party, data in (("jaysh-al-islam", LIST_A), ("syria-government", LIST_B)):
        register_service.import_csv(any_store, ctx, CIPHER, data, ListMeta(
            party=party, kind=ListKind.detained, submitted_on=date(2017, 10, 1), key=f"{party}-detained"))
    return any_store


def _create(store, ctx, **extra):
    data = {"name": "Harasta exchange", "parties": PARTIES, "intermediary": "ICRC", "place": "Wafideen crossing",
            "tolerance_minutes": 20,
            "batches": [{"place": "Wafideen crossing",
                         "persons": [{"list_key": "jaysh-al-islam-detained", "ref": "A-1"},
                                     {"list_key": "syria-government-detained", "ref": "B-1"}]}], **extra}
    return service.create_operation(store, ctx, OperationCreate(**data))


def test_operations_are_numbered_and_refer_to_stored_persons(store, ctx):
    first = _create(store, ctx)
    assert (first.number, first.key, first.status, first.batches[0].number) == (1, "exchange-1",
                                                                                OperationStatus.planned, 1)
    second = _create(store, ctx, batches=[])
    assert second.number == 2
    with pytest.raises(DuplicateName):
        _create(store, ctx, number=2)
    assert service.get_operation(store, "#2").id == second.id


@pytest.mark.parametrize(("person", "error", "message"), [
    ({"list_key": "nowhere", "ref": "A-1"}, UnknownReference, "no person list with key 'nowhere'"),
    ({"list_key": "jaysh-al-islam-detained", "ref": "A-9"}, UnknownReference, "has no record.*A-9"),
    ({"list_key": "jaysh-al-islam-detained", "ref": "A-1"}, InvalidValue, "A-1 is in batch 1 and batch 2"),
])
def test_batches_refuse_unknown_or_repeated_persons(store, ctx, person, error, message):
    operation = _create(store, ctx)
    with pytest.raises(error, match=message):
        service.add_batch(store, ctx, operation.key, BatchAdd(persons=[person]))
    assert service.get_operation(store, operation.key).version == 1


def test_unknown_or_identical_parties_are_refused(store, ctx):
    with pytest.raises(UnknownReference, match="no party with key 'nobody'"):
        _create(store, ctx, parties=["nobody", "jaysh-al-islam"], batches=[])
    with pytest.raises(InvalidValue, match="must differ"):
        _create(store, ctx, parties=["jaysh-al-islam", "jaysh-al-islam"], batches=[])


def test_release_times_flag_batches_further_apart_than_the_tolerance(store, ctx):
    operation = _create(store, ctx)
    batch = operation.batches[0]
    assert batch.simultaneity(parties=operation.parties, tolerance_minutes=20).gap_seconds is None
    operation = service.record_release(store, ctx, operation.key, 1, ReleaseIn(party="jaysh-al-islam",
                                                                                released_at=T0))
    operation = service.record_release(store, ctx, operation.key, 1, ReleaseIn(
        party="syria-government", released_at=T0 + timedelta(minutes=45)))
    sim = operation.batches[0].simultaneity(parties=operation.parties, tolerance_minutes=20)
    assert (sim.gap_seconds, sim.flagged) == (2700.0, True) and operation.flagged_batches() == [1]
    operation = service.record_release(store, ctx, operation.key, 1, ReleaseIn(
        party="syria-government", released_at=T0 + timedelta(minutes=5), reason="corrected time"))
    assert operation.flagged_batches() == [] and [r.party for r in operation.batches[0].releases] == PARTIES
    with pytest.raises(InvalidValue, match="release times are given once by each"):
        service.record_release(store, ctx, operation.key, 1, ReleaseIn(party="other", released_at=T0))
    with pytest.raises(NotFound, match="no batch 7"):
        service.record_release(store, ctx, operation.key, 7, ReleaseIn(party="jaysh-al-islam", released_at=T0))


def test_outcomes_status_steps_and_history(store, ctx):
    operation = _create(store, ctx)
    operation = service.record_outcomes(store, ctx, operation.key, 1, OutcomesIn(outcomes=[
        {"list_key": "jaysh-al-islam-detained", "ref": "A-1", "outcome": "released"},
        {"list_key": "syria-government-detained", "ref": "B-1", "outcome": "not_found"}]))
    assert [p.outcome for p in operation.batches[0].persons] == [Outcome.released, Outcome.not_found]
    with pytest.raises(UnknownReference, match="has no person jaysh-al-islam-detained/A-2"):
        service.record_outcomes(store, ctx, operation.key, 1, OutcomesIn(outcomes=[
            {"list_key": "jaysh-al-islam-detained", "ref": "A-2", "outcome": "released"}]))
    with pytest.raises(InvalidTransition, match="cannot go from planned to completed"):
        service.change_status(store, ctx, operation.key, StatusIn(status="completed"))
    for status in ("agreed", "in_progress", "completed"):
        operation = service.change_status(store, ctx, operation.key, StatusIn(status=status))
    assert operation.status == OperationStatus.completed
    with pytest.raises(InvalidTransition, match="no longer change"):
        service.add_batch(store, ctx, operation.key, BatchAdd())
    operation = service.update_operation(store, ctx, operation.key, OperationUpdate(intermediary="ICRC Damascus",
                                                                                    reason="named"))
    history = service.operation_history(store, operation.key)
    assert [c.version for c in history] == list(range(1, 7)) and history[-1].reason == "named"
    assert not [s for s in SECRETS if s in str([c.model_dump() for c in history])]
