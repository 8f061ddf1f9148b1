"""The talks repository contract, on the in-memory fake and on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from tests.talks.seed import ASTANA_2, ASTANA_7, seed_parties, seed_rounds
from truceline.common.paging import Page
from truceline.errors import DuplicateName
from truceline.talks import service
from truceline.talks.models import GroupLevel, Standing, TalksRoundQuery, TalksStatus
from truceline.talks.schemas import TalksRoundCreate, TalksRoundUpdate


@pytest.fixture
def seeded(any_store, ctx):
    seed_parties(any_store, ctx)
    seed_rounds(any_store, ctx)
    return any_store


def test_repository_roundtrips_delegations_groups_and_outcomes(seeded):
    second = service.get_talks_round(seeded, "astana-2")
    assert second.starts_on == date(2017, 2, 15) and second.ends_on == date(2017, 2, 16)
    assert second.status == TalksStatus.held and second.source_note.startswith("seed 002")
    assert [(d.party, d.standing) for d in second.delegations][-2:] == [
        ("un-special-envoy", Standing.mediator), ("united-states", Standing.observer)]
    assert second.delegations[3].head == "Bashar al-Jaafari"
    seventh = service.get_talks_round(seeded, "astana-7")
    assert [(g.name, g.level) for g in seventh.working_groups] == [
        ("Expert consultations", GroupLevel.expert), ("High-level meeting", GroupLevel.high)]
    sixth = service.get_talks_round(seeded, "astana-6")
    assert sixth.outcomes[0].on == date(2017, 9, 15) and sixth.outcomes[0].agreement is None
    assert service.get_talks_round(seeded, sixth.id) == sixth
    assert sixth.created_at.tzinfo is not None


def test_repository_keeps_members_in_order(any_store, ctx):
    seed_parties(any_store, ctx)
    members = ["Alexander Lavrentiev", "Sergei Vershinin"]
    service.create_talks_round(any_store, ctx, TalksRoundCreate(**{
        **ASTANA_7, "delegations": [{"party": "russia", "standing": "guarantor", "members": members}]}))
    assert service.get_talks_round(any_store, "astana-7").delegations[0].members == members


@pytest.mark.parametrize("filters, keys", [
    ({"party": "united-states"}, ["astana-2"]),
    ({"standing": "mediator"}, ["astana-2"]),
    ({"party": "united-states", "standing": "guarantor"}, []),
    ({"track": "astana", "date_from": date(2017, 2, 16), "date_to": date(2017, 9, 14)},
     ["astana-2", "astana-6"]),
    ({"date_to": date(2017, 1, 23)}, ["astana-1"]),
    ({"at": date(2017, 10, 30)}, ["astana-1", "astana-2", "astana-6", "astana-7"]),
    ({"at": date(2017, 2, 15)}, ["astana-1", "astana-2"]),
    ({"q": "seventh"}, ["astana-7"]),
])
def test_repository_lists_with_filters(seeded, filters, keys):
    paged = service.list_talks_rounds(seeded, TalksRoundQuery(**filters), Page())
    assert [r.key for r in paged.items] == keys and paged.count == len(keys)


def test_repository_lists_by_start_date_with_paging(seeded, ctx):
    service.create_talks_round(seeded, ctx, TalksRoundCreate(
        key="geneva-4", name="Geneva IV", track="geneva", number=4, starts_on="2017-02-23",
        ends_on="2017-03-03", status="held"))
    paged = service.list_talks_rounds(seeded, TalksRoundQuery(), Page(limit=2, offset=2))
    assert paged.count == 5 and [r.key for r in paged.items] == ["geneva-4", "astana-6"]
    timeline = service.talks_timeline(seeded, track="astana")
    assert [(e.number, e.delegations, e.outcomes) for e in timeline] == [(1, 5, 0), (2, 7, 0), (6, 5, 1),
                                                                        (7, 1, 0)]


def test_repository_update_replaces_lists_and_history_is_kept(seeded, ctx):
    service.update_talks_round(seeded, ctx, "astana-2", TalksRoundUpdate(
        delegations=[{"party": "iran", "standing": "guarantor"}, {"party": "russia", "standing": "guarantor"}],
        working_groups=[{"name": "Ceasefire mechanism", "level": "expert"}]))
    second = service.get_talks_round(seeded, "astana-2")
    assert second.party_keys() == ["iran", "russia"] and second.version == 2
    assert second.working_groups[0].name == "Ceasefire mechanism"
    history = service.talks_round_history(seeded, "astana-2")
    assert [c.version for c in history] == [1, 2]
    assert history[1].before["delegations"][0]["party"] == "russia"
    assert [r.key for r in service.list_talks_rounds(seeded, TalksRoundQuery(party="united-states"),
                                                     Page()).items] == []


def test_repository_update_keeps_the_same_party_in_a_replaced_list(seeded, ctx):
    delegations = [{**d, "head": "Head"} for d in ASTANA_2["delegations"]]
    service.update_talks_round(seeded, ctx, "astana-2", TalksRoundUpdate(delegations=delegations))
    assert {d.head for d in service.get_talks_round(seeded, "astana-2").delegations} == {"Head"}


def test_repository_refuses_a_taken_number_on_update(seeded, ctx):
    with pytest.raises(DuplicateName):
        service.update_talks_round(seeded, ctx, "astana-7", TalksRoundUpdate(number=6))
    assert service.get_talks_round(seeded, "astana-7").number == 7


def test_repository_links_outcomes_to_agreements_by_key(seeded, ctx):
    from truceline.agreements import service as agreements
    from truceline.agreements.schemas import AgreementCreate

    agreements.create_agreement(seeded, ctx, AgreementCreate(
        key="idlib-zone-2017-09-15", name="Idlib de-escalation zone", kind="memorandum"))
    outcome = {"summary": "Idlib zone agreed", "agreement": "idlib-zone-2017-09-15", "on": "2017-09-15"}
    service.update_talks_round(seeded, ctx, "astana-6", TalksRoundUpdate(outcomes=[outcome]))
    assert service.get_talks_round(seeded, "astana-6").outcomes[0].agreement == "idlib-zone-2017-09-15"
