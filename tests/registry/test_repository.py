"""The party repository contract, on the in-memory fake and on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from truceline.common.paging import Page
from truceline.registry import service
from truceline.registry.models import PartyKind, PartyQuery
from truceline.registry.schemas import PartyCreate, PartyUpdate


def _seed(store, ctx):
    service.create_party(store, ctx, PartyCreate(name="Russia", kind="guarantor", country_code="RU",
                                                 aliases=[{"name": "Россия"}, {"name": "روسيا"}]))
    service.create_party(store, ctx, PartyCreate(name="Turkey", kind="guarantor", country_code="TR"))
    service.create_party(store, ctx, PartyCreate(
        name="Faylaq al-Rahman", kind="armed_group", active_from=date(2013, 1, 1),
        affiliations=[{"relation": "supported_by", "party": "turkey", "valid_from": "2016-01-01"}]))


def test_repository_roundtrips_aliases_and_affiliations(any_store, ctx):
    _seed(any_store, ctx)
    party = service.get_party(any_store, "faylaq-al-rahman")
    assert party.affiliations[0].party == "turkey"
    assert party.affiliations[0].valid_from == date(2016, 1, 1)
    russia = service.get_party(any_store, "russia")
    assert [a.name for a in russia.aliases] == ["Россия", "روسيا"]
    assert russia.created_at.tzinfo is not None


def test_repository_lists_with_filters_and_paging(any_store, ctx):
    _seed(any_store, ctx)
    guarantors = service.list_parties(any_store, PartyQuery(kind=PartyKind.guarantor), Page(limit=1))
    assert guarantors.count == 2 and [p.key for p in guarantors.items] == ["russia"]
    by_alias = service.list_parties(any_store, PartyQuery(q="россия"), Page())
    assert [p.key for p in by_alias.items] == ["russia"]
    then = service.list_parties(any_store, PartyQuery(at=date(2012, 6, 1)), Page())
    assert {p.key for p in then.items} == {"russia", "turkey"}


def test_repository_update_replaces_lists_and_history_is_kept(any_store, ctx):
    _seed(any_store, ctx)
    service.update_party(any_store, ctx, "russia", PartyUpdate(aliases=[{"name": "Russian Federation"}]))
    russia = service.get_party(any_store, "russia")
    assert [a.name for a in russia.aliases] == ["Russian Federation"] and russia.version == 2
    history = service.party_history(any_store, "russia")
    assert [c.version for c in history] == [1, 2]
    assert history[1].before["aliases"][0]["name"] == "Россия"


def test_repository_find_by_name_is_exact_on_normalised_form(any_store, ctx):
    _seed(any_store, ctx)
    assert [p.key for p in any_store.parties.find_by_name("FAYLAQ AL-RAHMAN")] == ["faylaq-al-rahman"]
    assert any_store.parties.find_by_name("Faylaq") == []
