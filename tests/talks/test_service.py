"""Talks register use-cases on the in-memory store (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

from tests.talks.seed import ASTANA_1, ASTANA_2, ASTANA_6, ASTANA_7, seed_parties, seed_rounds
from truceline.common.paging import Page
from truceline.errors import DatesOutOfOrder, DuplicateName, InvalidValue, NotFound, StaleVersion, UnknownReference
from truceline.talks import service
from truceline.talks.models import Standing, TalksRoundQuery
from truceline.talks.schemas import TalksRoundCreate, TalksRoundUpdate
from truceline.testing.memory import MemoryStore


class _Agreement(BaseModel):
    """Stand-in for an agreement record: the talks register only asks whether its key exists."""

    id: int
    key: str
    name: str


@pytest.fixture
def store(ctx) -> MemoryStore:
    store = MemoryStore()
    seed_parties(store, ctx)
    return store


def _create(store, ctx, data=ASTANA_2, **changes):
    return service.create_talks_round(store, ctx, TalksRoundCreate(**{**data, **changes}))


def test_create_talks_round_keeps_delegations_and_records_history(store, ctx):
    talks_round = _create(store, ctx)
    assert talks_round.key == "astana-2" and talks_round.version == 1
    assert talks_round.party_keys() == ["russia", "turkey", "iran", "syrian-government", "armed-opposition",
                                        "un-special-envoy", "united-states"]
    assert talks_round.delegations[5].standing == Standing.mediator
    [change] = service.talks_round_history(store, "astana-2")
    assert change.entity == "talks_round" and change.action == "create" and change.actor == "tester"


def test_create_talks_round_derives_key_from_name(store, ctx):
    data = {k: v for k, v in ASTANA_1.items() if k != "key"}
    assert _create(store, ctx, data).key == "first-round-of-the-astana-talks"


def test_create_talks_round_rejects_duplicate_key_and_number(store, ctx):
    _create(store, ctx)
    with pytest.raises(DuplicateName, match="already exists"):
        _create(store, ctx)
    with pytest.raises(DuplicateName, match="round 2 of track 'astana' is already 'astana-2'"):
        _create(store, ctx, key="astana-2b")


def test_create_talks_round_allows_same_number_on_another_track(store, ctx):
    geneva = _create(store, ctx, key="geneva-2", name="Geneva II", track="geneva", delegations=[])
    _create(store, ctx)
    assert geneva.number == 2


@pytest.mark.parametrize("changes, error, message", [
    ({"ends_on": "2017-02-14"}, DatesOutOfOrder, "ends_on 2017-02-14 is before starts_on 2017-02-15"),
    ({"track": "Astana Process"}, InvalidValue, "not a valid track"),
    ({"key": "Astana 2"}, InvalidValue, "not a valid key"),
    ({"delegations": [{"party": "russia", "standing": "guarantor"}, {"party": "russia", "standing": "observer"}]},
     InvalidValue, "more than one delegation"),
    ({"delegations": [{"party": "jordan", "standing": "observer"}]}, UnknownReference, "unknown party 'jordan'"),
    ({"outcomes": [{"summary": "x", "on": "2017-02-17"}]}, InvalidValue, "outside the round's dates"),
    ({"outcomes": [{"summary": "x", "agreement": "ceasefire-2016-12-29"}]}, UnknownReference,
     "unknown agreement 'ceasefire-2016-12-29'"),
])
def test_create_talks_round_rejects_bad_input(store, ctx, changes, error, message):
    with pytest.raises(error, match=message):
        _create(store, ctx, **changes)
    assert store.talks.rows == {}


def test_round_ending_after_today_cannot_be_held(store, ctx):
    # the clock says 2017-10-30: the seventh round (30-31 October) is still going on
    with pytest.raises(InvalidValue, match="cannot be 'held': it ends on 2017-10-31"):
        _create(store, ctx, ASTANA_7, status="held")
    assert _create(store, ctx, ASTANA_7).status == "planned"


def test_round_can_be_held_once_it_has_ended(store, ctx, clock):
    _create(store, ctx, ASTANA_7)
    clock.advance(days=2)
    held = service.update_talks_round(store, ctx, "astana-7", TalksRoundUpdate(status="held"))
    assert held.status == "held" and held.version == 2


def test_outcome_links_a_known_agreement(store, ctx):
    store.agreements.add(_Agreement(id=0, key="idlib-zone-2017-09-15", name="Idlib zone"))
    outcome = {"summary": "Idlib zone agreed", "agreement": "idlib-zone-2017-09-15", "on": "2017-09-15"}
    talks_round = _create(store, ctx, ASTANA_6, outcomes=[outcome])
    assert talks_round.outcomes[0].agreement == "idlib-zone-2017-09-15"
    assert talks_round.outcomes[0].on == date(2017, 9, 15)


def test_update_talks_round_replaces_lists_and_keeps_before_after(store, ctx, clock):
    _create(store, ctx)
    clock.advance(days=1)
    updated = service.update_talks_round(store, ctx, "astana-2", TalksRoundUpdate(
        delegations=[{"party": "russia", "standing": "guarantor"}], reason="seed 002"))
    assert updated.party_keys() == ["russia"] and updated.version == 2
    history = service.talks_round_history(store, updated.id)
    assert history[1].reason == "seed 002" and history[1].changed_fields() == ["delegations"]
    assert len(history[1].before["delegations"]) == 7


def test_update_talks_round_checks_rules_again(store, ctx):
    _create(store, ctx)
    with pytest.raises(DatesOutOfOrder):
        service.update_talks_round(store, ctx, "astana-2", TalksRoundUpdate(starts_on=date(2017, 3, 1)))
    with pytest.raises(ValidationError):  # starts_on is required: an update cannot clear it
        service.update_talks_round(store, ctx, "astana-2", TalksRoundUpdate(starts_on=None))
    assert service.get_talks_round(store, "astana-2").version == 1


def test_update_talks_round_refuses_stale_version(store, ctx):
    _create(store, ctx)
    service.update_talks_round(store, ctx, "astana-2", TalksRoundUpdate(place="Astana"))
    with pytest.raises(StaleVersion):
        service.update_talks_round(store, ctx, "astana-2", TalksRoundUpdate(place="x", expected_version=1))


def test_get_unknown_talks_round_is_not_found(store):
    with pytest.raises(NotFound, match="no talks round with key 'astana-9'"):
        service.get_talks_round(store, "astana-9")


def _keys(store, **filters):
    return [r.key for r in service.list_talks_rounds(store, TalksRoundQuery(**filters), Page()).items]


@pytest.mark.parametrize("filters, keys", [
    ({}, ["astana-1", "astana-2", "astana-6", "astana-7"]),
    ({"track": "geneva"}, []),
    ({"party": "united-states"}, ["astana-2"]),
    ({"standing": "mediator"}, ["astana-2"]),
    ({"party": "russia", "standing": "observer"}, []),
    ({"party": "russia", "standing": "guarantor"}, ["astana-1", "astana-2", "astana-6", "astana-7"]),
    ({"date_from": date(2017, 2, 16), "date_to": date(2017, 9, 14)}, ["astana-2", "astana-6"]),
    ({"date_from": date(2017, 10, 31)}, ["astana-7"]),
    ({"at": date(2017, 9, 14)}, ["astana-1", "astana-2", "astana-6"]),
    ({"q": "SIXTH round"}, ["astana-6"]),
])
def test_list_talks_rounds_filters(store, ctx, filters, keys):
    seed_rounds(store, ctx)
    assert _keys(store, **filters) == keys


def test_list_talks_rounds_rejects_unknown_party_and_reversed_period(store, ctx):
    with pytest.raises(UnknownReference, match="unknown party 'jordan'"):
        _keys(store, party="jordan")
    with pytest.raises(DatesOutOfOrder):
        _keys(store, date_from=date(2017, 3, 1), date_to=date(2017, 2, 1))


def test_talks_timeline_orders_rounds_and_counts(store, ctx):
    _create(store, ctx, ASTANA_6)
    _create(store, ctx, key="geneva-4", name="Geneva IV", track="geneva", number=4, starts_on="2017-02-23",
            ends_on="2017-03-03", delegations=[])
    _create(store, ctx, ASTANA_1)
    timeline = service.talks_timeline(store)
    assert [(e.key, e.delegations, e.outcomes) for e in timeline] == [
        ("astana-1", 5, 0), ("geneva-4", 0, 0), ("astana-6", 5, 1)]
    assert [e.key for e in service.talks_timeline(store, track="astana")] == ["astana-1", "astana-6"]
