"""Party register use-cases on the in-memory store (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from truceline.common.paging import Page
from truceline.errors import DatesOutOfOrder, DuplicateName, InvalidValue, NotFound, StaleVersion, UnknownReference
from truceline.registry import service
from truceline.registry.models import PartyQuery, Script
from truceline.registry.schemas import PartyCreate, PartyUpdate
from truceline.testing.memory import MemoryStore


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


def _create(store, ctx, name="Jaysh al-Islam", **kw):
    return service.create_party(store, ctx, PartyCreate(name=name, kind=kw.pop("kind", "armed_group"), **kw))


def test_create_party_derives_key_and_detects_alias_scripts(store, ctx):
    party = _create(store, ctx, aliases=[{"name": "جيش الإسلام"}, {"name": "Джейш аль-Ислам"},
                                         {"name": "Army of Islam"}])
    assert party.key == "jaysh-al-islam"
    assert [a.script for a in party.aliases] == [Script.arabic, Script.cyrillic, Script.latin]
    assert party.version == 1 and party.created_at == ctx.clock.now()


def test_create_party_records_history(store, ctx):
    party = _create(store, ctx)
    [change] = service.party_history(store, party.key)
    assert change.action == "create" and change.actor == "tester" and change.before is None
    assert change.after["name"] == "Jaysh al-Islam"


def test_create_party_rejects_duplicate_key_and_name(store, ctx):
    _create(store, ctx, aliases=[{"name": "JAI"}])
    with pytest.raises(DuplicateName):
        _create(store, ctx)
    with pytest.raises(DuplicateName, match="already used"):
        _create(store, ctx, name="JAI", key="other")


def test_create_party_rejects_dates_out_of_order(store, ctx):
    with pytest.raises(DatesOutOfOrder, match="active_until 2016-01-01 is before active_from 2017-01-01"):
        _create(store, ctx, active_from=date(2017, 1, 1), active_until=date(2016, 1, 1))


@pytest.mark.parametrize("affiliation, error", [
    ({"relation": "supported_by", "party": "nobody"}, UnknownReference),
    ({"relation": "part_of", "party": "jaysh-al-islam"}, InvalidValue),
    ({"relation": "allied_with", "party": "iran", "valid_from": "2017-05-01", "valid_until": "2017-01-01"},
     DatesOutOfOrder),
])
def test_create_party_rejects_bad_affiliations(store, ctx, affiliation, error):
    _create(store, ctx, name="Iran", kind="guarantor")
    with pytest.raises(error):
        _create(store, ctx, affiliations=[affiliation])


def test_bad_key_is_invalid_value(store, ctx):
    with pytest.raises(InvalidValue, match="not a valid key"):
        _create(store, ctx, key="Has Spaces")


def test_update_party_bumps_version_and_keeps_before_after(store, ctx, clock):
    party = _create(store, ctx)
    clock.advance(days=1)
    updated = service.update_party(store, ctx, party.key,
                                   PartyUpdate(description="Eastern Ghouta", reason="seed 004"))
    assert updated.version == 2 and updated.updated_at > party.updated_at
    history = service.party_history(store, party.id)
    assert [c.action for c in history] == ["create", "update"]
    assert history[1].reason == "seed 004" and history[1].changed_fields() == ["description"]


def test_update_party_refuses_stale_version(store, ctx):
    party = _create(store, ctx)
    service.update_party(store, ctx, party.key, PartyUpdate(description="x"))
    with pytest.raises(StaleVersion):
        service.update_party(store, ctx, party.key, PartyUpdate(description="y", expected_version=1))


def test_get_unknown_party_is_not_found(store):
    with pytest.raises(NotFound):
        service.get_party(store, "nobody")


def test_resolve_party_by_alias_in_any_script(store, ctx):
    party = _create(store, ctx, aliases=[{"name": "جيش الإسلام"}])
    assert service.resolve_party(store, "جيش الاسلام".replace("ا", "إ", 1)).id == party.id
    assert service.resolve_party(store, "JAYSH AL ISLAM").id == party.id
    with pytest.raises(UnknownReference):
        service.resolve_party(store, "Jabhat Fatah al-Sham")


def test_point_in_time_list_shows_active_parties_and_their_affiliations_then(store, ctx):
    _create(store, ctx, name="Iran", kind="guarantor")
    _create(store, ctx, name="Liwa al-Quds", kind="militia", active_from=date(2013, 10, 1),
            affiliations=[{"relation": "supported_by", "party": "iran", "valid_from": "2015-01-01"}])
    before = service.list_parties(store, PartyQuery(at=date(2014, 1, 1)), Page())
    militia = next(p for p in before.items if p.key == "liwa-al-quds")
    assert militia.affiliations == []
    early = service.list_parties(store, PartyQuery(at=date(2012, 1, 1)), Page())
    assert [p.key for p in early.items] == ["iran"]
