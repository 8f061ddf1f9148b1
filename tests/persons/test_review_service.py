"""Matching stored lists and reviewing the pairs, on every store."""

from __future__ import annotations

from datetime import date

import pytest

from tests.persons.lists import LIST_A, LIST_B, SECRETS, add_parties
from truceline.common.paging import Page
from truceline.errors import InvalidValue, NotFound, PersonKeyMismatch
from truceline.persons import register_service, review_service
from truceline.persons.crypto import PersonCipher
from truceline.persons.matching import MatchSettings
from truceline.persons.models import ListKind
from truceline.persons.register_models import AccessAction, AccessQuery, Reader
from truceline.persons.register_schemas import ListMeta
from truceline.persons.review_models import PairQuery, Review

CIPHER = PersonCipher(b"0123456789abcdef0123456789abcdef")
READER = Reader(actor="amal", role="analyst", via="session", route="POST /test", purpose="exchange 4")


@pytest.fixture
def store(any_store, ctx):
    add_parties(any_store, ctx)
    for party, data, key in (("jaysh-al-islam", LIST_A, "a"), ("syria-government", LIST_B, "b")):
        register_service.import_csv(any_store, ctx, CIPHER, data, ListMeta(
            party=party, kind=ListKind.detained, submitted_on=date(2017, 10, 1), key=key))
    return any_store


def test_run_stores_pairs_with_sealed_reasons_and_logs_the_reads(store, ctx):
    run = review_service.run_match(store, ctx, CIPHER, "a", "b", READER)
    assert (run.list_a, run.list_b, run.match_count, run.actor) == ("a", "b", 2, "tester")
    log = register_service.access_log(store, AccessQuery(), Page()).items
    assert [(e.action, e.list_key, e.all_records) for e in log] == [(AccessAction.match, "b", True),
                                                                     (AccessAction.match, "a", True)]
    run, pairs, count = review_service.list_pairs(store, ctx, CIPHER, run.id, READER,
                                                  query=PairQuery(matches_only=True))
    assert count == 2 and [(p.a, p.b) for p, _ in pairs] == [("A-1", "B-1"), ("A-2", "B-2")]
    assert any("Mohammed" in w for w in pairs[0][1])  # the explanation quotes the names
    log = register_service.access_log(store, AccessQuery(), Page()).items
    assert [(e.list_key, e.record_refs) for e in log[:2]] == [("b", ["B-1", "B-2"]), ("a", ["A-1", "A-2"])]
    assert review_service.list_runs(store, Page()).count == 1


def test_a_run_is_stored_running_then_completed_or_failed(store, ctx):
    from truceline.persons.review_models import RunState

    started = review_service.start_match(store, ctx, CIPHER, "a", "b")
    assert (started.state, started.pair_count, started.finished_at) == (RunState.running, 0, None)
    assert register_service.access_log(store, AccessQuery(), Page()).items == []  # nothing read yet
    done = review_service.complete_match(store, ctx, CIPHER, started.id, READER)
    assert (done.state, done.match_count, done.version) == (RunState.done, 2, 2) and done.finished_at
    assert review_service.get_run(store, started.id) == done
    with pytest.raises(InvalidValue):  # a run is matched once
        review_service.complete_match(store, ctx, CIPHER, started.id, READER)
    other = review_service.start_match(store, ctx, CIPHER, "b", "a")
    failed = review_service.fail_match(store, ctx, other.id, "internal error (MemoryError)")
    assert (failed.state, failed.error, failed.pair_count) == (RunState.failed, "internal error (MemoryError)", 0)
    with pytest.raises(InvalidValue):
        review_service.complete_match(store, ctx, CIPHER, other.id, READER)
    assert [r.state for r in review_service.list_runs(store, Page()).items] == [RunState.failed, RunState.done]


def test_review_confirms_or_rejects_with_a_reason_and_is_audited(store, ctx):
    run = review_service.run_match(store, ctx, CIPHER, "a", "b", READER, settings=MatchSettings(threshold=0.5))
    _, pairs, _ = review_service.list_pairs(store, ctx, CIPHER, run.id, READER)
    first = pairs[0][0]
    with pytest.raises(InvalidValue, match="needs a reason"):
        review_service.review_pair(store, ctx, run.id, first.id, decision=Review.confirmed, reason=" ")
    done = review_service.review_pair(store, ctx, run.id, first.id, decision=Review.confirmed,
                                      reason="same father's name and year; photo checked")
    assert (done.status, done.reviewed_by, done.version) == (Review.confirmed, "tester", 2)
    _, confirmed, n = review_service.list_pairs(store, ctx, CIPHER, run.id, READER,
                                                query=PairQuery(status=Review.confirmed))
    assert n == 1 and confirmed[0][0].id == first.id
    history = review_service.pair_history(store, run.id, first.id)
    assert len(history) == 1 and history[0].reason.startswith("same father")
    assert not [s for s in SECRETS if s in str(history[0].model_dump())]
    with pytest.raises(NotFound):
        review_service.review_pair(store, ctx, run.id, 999, decision=Review.rejected, reason="no")


def test_a_list_is_not_matched_against_itself_and_another_key_cannot_open_reasons(store, ctx):
    with pytest.raises(InvalidValue, match="against itself"):
        review_service.run_match(store, ctx, CIPHER, "a", "a", READER)
    run = review_service.run_match(store, ctx, CIPHER, "a", "b", READER)
    with pytest.raises(PersonKeyMismatch):
        review_service.list_pairs(store, ctx, PersonCipher(b"z" * 32), run.id, READER)


def test_a_run_whose_process_fell_silent_is_marked_failed_when_read(store, ctx, clock):
    from truceline.persons.review_models import RunState

    started = review_service.start_match(store, ctx, CIPHER, "a", "b")
    assert started.heartbeat_at == started.created_at
    clock.advance(minutes=8)
    review_service.beat(store, ctx, started.id)  # the process is alive: no change of version
    clock.advance(minutes=8)
    alive = review_service.read_run(store, ctx, started.id)
    assert (alive.state, alive.version) == (RunState.running, 1)
    clock.advance(minutes=3)  # 11 minutes since the last beat
    assert review_service.list_runs(store, Page()).items[0].state == RunState.running  # without a context: as stored
    [gone] = review_service.list_runs(store, Page(), ctx).items
    assert gone.state == RunState.failed and gone.error.startswith("interrupted: the process matching it stopped")
    assert "no sign of life since 2017-" in gone.error
    assert review_service.read_run(store, ctx, started.id) == gone  # marked once
    history = store.changes.for_record(review_service.RUN_ENTITY, started.id)
    assert [c.actor for c in history] == ["tester", review_service.WATCH_ACTOR]
    with pytest.raises(InvalidValue):  # a late completion of the lost run keeps nothing
        review_service.complete_match(store, ctx, CIPHER, started.id, READER)


def test_failing_a_run_that_is_no_longer_running_leaves_it_as_it_is(store, ctx):
    done = review_service.run_match(store, ctx, CIPHER, "a", "b", READER)
    assert review_service.fail_match(store, ctx, done.id, "too late") == done
    assert review_service.read_run(store, ctx, done.id) == done
