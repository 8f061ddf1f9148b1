"""The agreement repository contract, on the in-memory fake and on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from tests.agreements.seed import ASTANA_MEMORANDUM, EXTENSION, seed_agreements
from truceline.agreements import service
from truceline.agreements.models import AgreementQuery
from truceline.agreements.schemas import AgreementUpdate, AmendmentCreate
from truceline.common.paging import Page

ASTANA = "astana-memorandum-2017"
DECEMBER = "ceasefire-2016-12-29"


def test_repository_roundtrips_parties_provisions_and_extends(any_store, ctx):
    seed_agreements(any_store, ctx)
    astana = service.get_agreement(any_store, ASTANA)
    assert astana.extends == "ceasefire-2016-12-29"
    assert astana.signatories == ["russia", "turkey", "iran"] == astana.guarantors
    assert astana.excluded_groups == ["isil", "jabhat-al-nusra"] and astana.witnesses == []
    assert [(p.key, p.type.value, p.article) for p in astana.provisions][:2] == [
        ("cessation", "cessation_of_hostilities", "3"), ("access", "humanitarian_access", "3")]
    assert astana.effective_from == date(2017, 5, 6) and astana.created_at.tzinfo is not None
    assert service.get_agreement(any_store, astana.id).key == ASTANA


def test_repository_roundtrips_amendments_with_only_their_changes(any_store, ctx):
    seed_agreements(any_store, ctx)
    service.add_amendment(any_store, ctx, ASTANA, AmendmentCreate(**EXTENSION))
    service.add_amendment(any_store, ctx, ASTANA, AmendmentCreate(
        adopted_on="2018-05-01", summary="Open-ended; Iran leaves the guarantors (illustrative)",
        changes={"expires_on": None, "guarantors": ["russia", "turkey"]}))
    astana = service.get_agreement(any_store, ASTANA)
    assert [a.changes.changed() for a in astana.amendments] == [["expires_on"], ["expires_on", "guarantors"]]
    assert astana.terms_on(date(2018, 6, 1)).expires_on is None
    assert astana.expires_on == date(2017, 11, 6) and astana.version == 3


def test_repository_update_replaces_party_lists_and_provisions(any_store, ctx):
    seed_agreements(any_store, ctx)
    service.update_agreement(any_store, ctx, ASTANA, AgreementUpdate(
        signatories=["iran", "russia", "turkey"], witnesses=["united-states"],
        provisions=ASTANA_MEMORANDUM["provisions"][::-1]))
    astana = service.get_agreement(any_store, ASTANA)
    assert astana.signatories == ["iran", "russia", "turkey"] and astana.witnesses == ["united-states"]
    assert [p.key for p in astana.provisions] == ["return", "observers", "access", "cessation"]
    history = service.agreement_history(any_store, ASTANA)
    assert [c.version for c in history] == [1, 2]
    assert history[0].after["signatories"] == ["russia", "turkey", "iran"]


def test_repository_lists_with_filters_and_paging(any_store, ctx):
    seed_agreements(any_store, ctx)

    def keys(page=None, **kw):
        paged = service.list_agreements(any_store, AgreementQuery(**kw), page or Page())
        return paged.count, [a.key for a in paged.items]

    assert keys(page=Page(limit=1, offset=1)) == (2, [ASTANA])
    assert keys(kind="ceasefire") == (1, ["ceasefire-2016-12-29"])
    assert keys(q="DE-ESCALATION") == (1, [ASTANA])
    assert keys(party="iran") == (1, [ASTANA])
    assert keys(party="isil") == (0, [])  # excluded groups are not parties to it
    assert keys(at=date(2017, 11, 6)) == (1, ["ceasefire-2016-12-29"])


def test_repository_lists_by_amended_guarantor_and_expiry(any_store, ctx):
    seed_agreements(any_store, ctx)
    service.add_amendment(any_store, ctx, DECEMBER, AmendmentCreate(
        adopted_on="2017-01-24", summary="Iran joins Russia and Turkey as guarantor (Astana joint statement)",
        changes={"guarantors": ["russia", "turkey", "iran"]}))
    service.add_amendment(any_store, ctx, ASTANA, AmendmentCreate(**EXTENSION))

    def keys(**kw):
        return [a.key for a in service.list_agreements(any_store, AgreementQuery(**kw), Page()).items]

    assert keys(party="iran", at=date(2017, 1, 10)) == []
    assert keys(party="iran", at=date(2017, 2, 1)) == [DECEMBER]
    assert keys(party="iran") == [DECEMBER, ASTANA]
    [astana] = service.list_agreements(any_store, AgreementQuery(at=date(2017, 12, 1), q="memorandum"),
                                       Page()).items
    assert astana.expires_on == date(2018, 5, 6) and [a.number for a in astana.amendments] == [1]
