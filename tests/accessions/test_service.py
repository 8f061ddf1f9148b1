"""Accession register use-cases on the in-memory store (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.accessions.seed import ASTANA, DOUMA, FAYLAQ_AL_RAHMAN, JAYSH_AL_ISLAM, seed_accessions
from tests.agreements.seed import seed_agreements
from truceline.accessions import service
from truceline.accessions.models import AccessionQuery, Step
from truceline.accessions.schemas import AccessionCreate, AccessionUpdate, AccessionWithdraw
from truceline.agreements import service as agreements
from truceline.agreements.schemas import AmendmentCreate
from truceline.common.paging import Page
from truceline.errors import (
    DatesOutOfOrder,
    DuplicateName,
    InvalidGeometry,
    InvalidTransition,
    InvalidValue,
    NotFound,
    StaleVersion,
    UnknownReference,
)
from truceline.testing.memory import MemoryStore

JAI = "jaysh-al-islam-astana-memorandum-2017"


@pytest.fixture
def store(ctx) -> MemoryStore:
    store = MemoryStore()
    seed_agreements(store, ctx)
    return store


def _create(store, ctx, base=JAYSH_AL_ISLAM, **kw):
    return service.create_accession(store, ctx, AccessionCreate(**{**base, **kw}))


def _withdraw(store, ctx, ref=JAI, on="2017-10-01", reason="left the de-escalation regime"):
    return service.withdraw_accession(store, ctx, ref, AccessionWithdraw(on=on, reason=reason))


def test_create_accession_derives_key_and_records_history(store, ctx):
    accession = _create(store, ctx)
    assert accession.key == JAI and accession.witnessed_by == "russia"
    douma = _create(store, ctx, DOUMA)
    assert douma.key == "douma-astana-memorandum-2017" and douma.settlement.admin_area == "Rif Dimashq"
    [change] = service.accession_history(store, JAI)
    assert change.entity == "accession" and change.action == "create" and change.after["party"] == "jaysh-al-islam"


@pytest.mark.parametrize("fields, error, message", [
    ({"agreement": "geneva-2012"}, UnknownReference, "unknown agreement 'geneva-2012'"),
    ({"party": "ghost"}, UnknownReference, "unknown party 'ghost'"),
    ({"witnessed_by": "ghost"}, UnknownReference, "witnessed_by names unknown party 'ghost'"),
    ({"party": None}, InvalidValue, "exactly one of the two"),
    ({"settlement": DOUMA["settlement"]}, InvalidValue, "exactly one of the two"),
    ({"witnessed_by": "united-states"}, InvalidValue,
     "witness 'united-states' is not a guarantor of agreement 'astana-memorandum-2017' on 2017-07-22 "
     r"\(its guarantors then: russia, turkey, iran\)"),
    ({"party": "jabhat-al-nusra"}, InvalidValue, "excluded group of agreement 'astana-memorandum-2017'"),
    ({"party": "united-states", "witnessed_by": None}, InvalidValue, "of kind observer"),
    ({"joined_on": "2017-05-03"}, DatesOutOfOrder, "joined_on 2017-05-03 is before the agreement's signed_on"),
    ({"joined_on": "2017-11-06"}, DatesOutOfOrder, "on or after the agreement's expires_on 2017-11-06"),
    ({"withdrawn_on": "2017-07-01"}, DatesOutOfOrder, "withdrawn_on 2017-07-01 is before joined_on"),
    ({"withdrawal_reason": "left"}, InvalidValue, "needs a withdrawn_on"),
    ({"key": "Bad Key"}, InvalidValue, "not a valid key"),
])
def test_create_accession_enforces_rules(store, ctx, fields, error, message):
    with pytest.raises(error, match=message):
        _create(store, ctx, **fields)


@pytest.mark.parametrize("lat, lon", [(91.0, 36.4), (-90.5, 36.4), (33.5, 181.0), (33.5, -180.1),
                                      (float("nan"), 36.4), (33.5, float("inf"))])
def test_create_accession_rejects_a_location_outside_wgs84(store, ctx, lat, lon):
    with pytest.raises(InvalidGeometry, match="outside WGS84"):
        _create(store, ctx, DOUMA, settlement={**DOUMA["settlement"], "lat": lat, "lon": lon})


def test_witness_must_be_a_guarantor_under_the_terms_of_the_day(store, ctx):
    agreements.add_amendment(store, ctx, ASTANA, AmendmentCreate(
        adopted_on="2017-08-01", summary="Iran steps back as guarantor (illustrative)",
        changes={"guarantors": ["russia", "turkey"]}))
    assert _create(store, ctx, witnessed_by="iran").witnessed_by == "iran"  # 22 July: still a guarantor
    with pytest.raises(InvalidValue, match="guarantors then: russia, turkey"):
        _create(store, ctx, FAYLAQ_AL_RAHMAN, witnessed_by="iran")


def test_same_subject_cannot_hold_overlapping_accessions(store, ctx):
    _create(store, ctx)
    with pytest.raises(DuplicateName, match="already holds accession 'jaysh-al-islam-astana-memorandum-2017'"):
        _create(store, ctx, joined_on="2017-09-01")
    _create(store, ctx, DOUMA)
    with pytest.raises(DuplicateName, match="Douma already holds"):
        _create(store, ctx, DOUMA, settlement={**DOUMA["settlement"], "name": "DOUMA"})


def test_a_withdrawn_subject_may_accede_again_under_a_new_key(store, ctx):
    _create(store, ctx)
    _withdraw(store, ctx)
    again = _create(store, ctx, joined_on="2017-10-01")
    assert again.key == f"{JAI}-2"


def test_create_accession_rejects_a_taken_key(store, ctx):
    _create(store, ctx)
    with pytest.raises(DuplicateName, match="already exists"):
        _create(store, ctx, FAYLAQ_AL_RAHMAN, key=JAI)


def test_withdraw_accession_ends_it_and_records_the_reason(store, ctx):
    _create(store, ctx)
    withdrawn = _withdraw(store, ctx)
    assert withdrawn.withdrawn_on == date(2017, 10, 1) and withdrawn.version == 2
    assert withdrawn.withdrawal_reason == "left the de-escalation regime"
    assert service.accession_history(store, JAI)[-1].reason == "left the de-escalation regime"
    with pytest.raises(InvalidTransition, match="already withdrawn on 2017-10-01"):
        _withdraw(store, ctx, on="2017-10-02")


def test_withdraw_accession_before_joining_is_dates_out_of_order(store, ctx):
    _create(store, ctx)
    with pytest.raises(DatesOutOfOrder):
        _withdraw(store, ctx, on="2017-07-01")


def test_update_accession_switches_subject_and_checks_version(store, ctx):
    accession = _create(store, ctx)
    updated = service.update_accession(store, ctx, accession.id, AccessionUpdate(
        party=None, settlement=DOUMA["settlement"], reason="it was the town, not the group"))
    assert updated.party is None and updated.settlement.name == "Douma" and updated.key == JAI
    with pytest.raises(StaleVersion):
        service.update_accession(store, ctx, JAI, AccessionUpdate(evidence="x", expected_version=1))
    with pytest.raises(InvalidValue, match="agreement is required"):
        service.update_accession(store, ctx, JAI, AccessionUpdate(agreement=None))


def test_get_unknown_accession_is_not_found(store):
    with pytest.raises(NotFound):
        service.get_accession(store, "nobody")


def test_list_accessions_in_force_on_a_day(store, ctx):
    seed = MemoryStore()
    seed_accessions(seed, ctx)
    _withdraw(seed, ctx)

    def keys(**kw):
        return [a.key for a in service.list_accessions(seed, AccessionQuery(**kw), Page()).items]

    assert keys(at=date(2017, 8, 1)) == [JAI, "douma-astana-memorandum-2017"]
    assert keys(at=date(2017, 10, 1)) == ["faylaq-al-rahman-astana-memorandum-2017", "douma-astana-memorandum-2017"]
    assert keys(party="jaysh-al-islam") == [JAI]


def test_accession_counts_by_step(ctx):
    store = MemoryStore()
    seed_accessions(store, ctx)
    _withdraw(store, ctx)
    points = service.accession_counts(store, agreement=ASTANA, start=date(2017, 7, 1), end=date(2017, 10, 1),
                                      step=Step.month)
    assert [(p.date, p.groups, p.settlements) for p in points] == [
        (date(2017, 7, 1), 0, 0), (date(2017, 8, 1), 1, 1), (date(2017, 9, 1), 2, 1), (date(2017, 10, 1), 1, 1)]


@pytest.mark.parametrize("kw, error", [
    ({"agreement": "geneva-2012"}, UnknownReference),
    ({"start": date(2017, 8, 1), "end": date(2017, 7, 1)}, DatesOutOfOrder),
    ({"start": date(2000, 1, 1), "end": date(2017, 7, 1)}, InvalidValue),  # too many days
])
def test_accession_counts_errors(store, kw, error):
    args = {"agreement": ASTANA, "start": date(2017, 7, 1), "end": date(2017, 8, 1), **kw}
    with pytest.raises(error):
        service.accession_counts(store, **args)


@pytest.mark.parametrize("party, agreement, at, covered", [
    ("jaysh-al-islam", ASTANA, date(2017, 8, 1), True),  # its accession is in force
    ("jaysh-al-islam", ASTANA, date(2017, 7, 1), False),  # not yet joined
    ("jaysh-al-islam", ASTANA, date(2017, 10, 1), False),  # withdrawn
    ("ahrar-al-sham", ASTANA, date(2017, 8, 1), False),  # never joined
    ("ahrar-al-sham", "ceasefire-2016-12-29", date(2017, 1, 2), True),  # a signatory
    ("ahrar-al-sham", "ceasefire-2016-12-29", date(2016, 12, 29), False),  # not yet in force
    ("jabhat-al-nusra", "ceasefire-2016-12-29", date(2017, 1, 2), False),  # excluded
])
def test_is_covered(ctx, party, agreement, at, covered):
    store = MemoryStore()
    seed_accessions(store, ctx)
    _withdraw(store, ctx)
    assert service.is_covered(store, party, agreement, at) is covered
