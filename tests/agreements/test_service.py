"""Agreement register use-cases on the in-memory store (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.agreements.seed import ASTANA_MEMORANDUM, DECEMBER_CEASEFIRE, EXTENSION, seed_agreements
from truceline.agreements import service
from truceline.agreements.models import AgreementQuery
from truceline.agreements.schemas import AgreementCreate, AgreementUpdate, AmendmentCreate
from truceline.common.paging import Page
from truceline.errors import DatesOutOfOrder, DuplicateName, InvalidValue, NotFound, StaleVersion, UnknownReference
from truceline.testing.memory import MemoryStore

ASTANA = "astana-memorandum-2017"


@pytest.fixture
def store(ctx) -> MemoryStore:
    store = MemoryStore()
    seed_agreements(store, ctx)
    return store


def _create(store, ctx, **kw):
    data = {**DECEMBER_CEASEFIRE, "key": None, "name": "Local truce", **kw}
    return service.create_agreement(store, ctx, AgreementCreate(**data))


def _amend(store, ctx, **kw):
    return service.add_amendment(store, ctx, ASTANA, AmendmentCreate(**{**EXTENSION, **kw}))


def test_create_agreement_derives_key_and_records_history(store, ctx):
    agreement = _create(store, ctx)
    assert agreement.key == "local-truce" and agreement.version == 1
    [change] = service.agreement_history(store, agreement.key)
    assert change.entity == "agreement" and change.action == "create"
    assert change.after["guarantors"] == ["russia", "turkey"]


def test_create_agreement_keeps_each_party_once_per_role(store, ctx):
    agreement = _create(store, ctx, guarantors=["russia", "turkey", "russia"])
    assert agreement.guarantors == ["russia", "turkey"]


def test_create_agreement_rejects_duplicate_key(store, ctx):
    with pytest.raises(DuplicateName, match="already exists"):
        service.create_agreement(store, ctx, AgreementCreate(**ASTANA_MEMORANDUM))


@pytest.mark.parametrize("fields, error, message", [
    ({"signatories": ["ghost"]}, UnknownReference, "signatories names unknown party 'ghost'"),
    ({"witnesses": ["ghost"]}, UnknownReference, "witnesses names unknown party 'ghost'"),
    ({"excluded_groups": ["ghost"]}, UnknownReference, "excluded_groups names unknown party"),
    ({"guarantors": ["united-states"]}, InvalidValue, "of kind observer, not guarantor"),
    ({"excluded_groups": ["jaysh-al-islam"]}, InvalidValue, "both a signatory and an excluded group"),
    ({"signed_on": "2017-01-02", "effective_from": "2017-01-01"}, DatesOutOfOrder,
     "effective_from 2017-01-01 is before signed_on 2017-01-02"),
    ({"expires_on": "2016-12-01"}, DatesOutOfOrder, "expires_on 2016-12-01 is before effective_from"),
    ({"extends": "no-such-deal"}, UnknownReference, "unknown agreement 'no-such-deal'"),
    ({"key": "loop", "extends": "loop"}, InvalidValue, "cannot extend itself"),
    ({"provisions": [{"key": "a", "type": "demining", "text": "x"},
                     {"key": "a", "type": "other", "text": "y"}]}, InvalidValue, "used twice"),
    ({"provisions": [{"key": "Not A Slug", "type": "demining", "text": "x"}]}, InvalidValue, "not a valid key"),
])
def test_create_agreement_enforces_rules(store, ctx, fields, error, message):
    with pytest.raises(error, match=message):
        _create(store, ctx, **fields)


def test_update_agreement_refuses_an_extension_cycle(store, ctx):
    with pytest.raises(InvalidValue, match="would extend itself"):
        service.update_agreement(store, ctx, "ceasefire-2016-12-29", AgreementUpdate(extends=ASTANA))


def test_update_agreement_replaces_lists_and_bumps_version(store, ctx, clock):
    clock.advance(days=1)
    updated = service.update_agreement(store, ctx, ASTANA, AgreementUpdate(
        witnesses=["united-states"], reason="the US attended as observer"))
    assert updated.version == 2 and updated.witnesses == ["united-states"]
    history = service.agreement_history(store, ASTANA)
    assert history[1].reason == "the US attended as observer" and history[1].changed_fields() == ["witnesses"]


def test_update_agreement_refuses_null_for_a_list(store, ctx):
    with pytest.raises(InvalidValue, match="cannot be null"):
        service.update_agreement(store, ctx, ASTANA, AgreementUpdate(guarantors=None))


def test_update_agreement_refuses_stale_version(store, ctx):
    service.update_agreement(store, ctx, ASTANA, AgreementUpdate(place="Astana, Kazakhstan"))
    with pytest.raises(StaleVersion):
        service.update_agreement(store, ctx, ASTANA, AgreementUpdate(place="x", expected_version=1))


def test_get_unknown_agreement_is_not_found(store):
    with pytest.raises(NotFound):
        service.get_agreement(store, "geneva-2012")


def test_add_amendment_numbers_it_and_records_history(store, ctx):
    amended = _amend(store, ctx)
    assert [a.number for a in amended.amendments] == [1] and amended.version == 2
    assert amended.expires_on == date(2017, 11, 6)  # the base terms stay as signed
    assert service.get_agreement(store, ASTANA, at=date(2017, 11, 10)).expires_on == date(2018, 5, 6)
    change = service.agreement_history(store, ASTANA)[-1]
    assert change.reason == "amendment 1: Extended for six months"
    assert change.after["amendments"][0]["changes"] == {"expires_on": "2018-05-06"}


@pytest.mark.parametrize("fields, error, message", [
    ({"number": 2}, InvalidValue, "the next is number 1, not 2"),
    ({"adopted_on": "2017-05-01"}, DatesOutOfOrder, "adopted_on 2017-05-01 is before signed_on 2017-05-04"),
    ({"changes": {}}, InvalidValue, "changes nothing"),
    ({"changes": {"guarantors": ["russia", "ghost"]}}, UnknownReference, "guarantors names unknown party"),
    ({"changes": {"guarantors": ["syria"]}}, InvalidValue, "not guarantor"),
    ({"changes": {"excluded_groups": ["russia"]}}, InvalidValue, "both a signatory and an excluded group"),
    ({"changes": {"expires_on": "2017-05-01"}}, DatesOutOfOrder, "after amendment 1"),
    ({"changes": {"provisions": [{"key": "x", "type": "other", "text": "a"},
                                 {"key": "x", "type": "other", "text": "b"}]}}, InvalidValue, "used twice"),
])
def test_add_amendment_enforces_rules(store, ctx, fields, error, message):
    with pytest.raises(error, match=message):
        _amend(store, ctx, **fields)
    assert service.get_agreement(store, ASTANA).amendments == []


def test_add_amendment_refuses_one_adopted_before_the_previous(store, ctx):
    _amend(store, ctx)
    with pytest.raises(DatesOutOfOrder, match="before the adoption of amendment 1"):
        _amend(store, ctx, adopted_on="2017-10-01")


def test_agreements_in_force_gives_the_terms_of_that_day(store, ctx):
    assert [a.key for a in service.agreements_in_force(store, date(2016, 12, 29))] == []
    assert [a.key for a in service.agreements_in_force(store, date(2017, 6, 1))] == [
        "ceasefire-2016-12-29", ASTANA]
    assert [a.key for a in service.agreements_in_force(store, date(2017, 12, 1))] == ["ceasefire-2016-12-29"]
    _amend(store, ctx)
    [_, astana] = service.agreements_in_force(store, date(2017, 12, 1))
    assert astana.expires_on == date(2018, 5, 6) and len(astana.amendments) == 1


def test_excluded_groups_on_follows_amendments(store, ctx):
    assert service.excluded_groups_on(store, ASTANA, date(2017, 6, 1)) == ["isil", "jabhat-al-nusra"]
    _amend(store, ctx, adopted_on="2017-09-15", changes={"excluded_groups": ["isil"]})  # illustrative
    assert service.excluded_groups_on(store, ASTANA, date(2017, 9, 14)) == ["isil", "jabhat-al-nusra"]
    assert service.excluded_groups_on(store, ASTANA, date(2017, 9, 15)) == ["isil"]
    with pytest.raises(NotFound):
        service.excluded_groups_on(store, "geneva-2012", date(2017, 9, 15))


def test_agreement_provisions_at_a_date_and_latest(store, ctx):
    _amend(store, ctx, changes={"provisions": [{"key": "demining", "type": "demining",
                                                "text": "Humanitarian demining"}]})
    assert [p.key for p in service.agreement_provisions(store, ASTANA, at=date(2017, 6, 1))] == [
        "cessation", "access", "observers", "return"]
    assert [p.key for p in service.agreement_provisions(store, ASTANA)] == ["demining"]


def test_list_agreements_by_party_and_date(store, ctx):
    def keys(**kw):
        return [a.key for a in service.list_agreements(store, AgreementQuery(**kw), Page()).items]

    assert keys(party="iran") == [ASTANA]
    assert keys(party="jaysh-al-islam") == ["ceasefire-2016-12-29"]
    assert keys(party="turkey", at=date(2017, 1, 15)) == ["ceasefire-2016-12-29"]
    assert keys(kind="memorandum", q="de-escalation") == [ASTANA]

