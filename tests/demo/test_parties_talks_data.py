"""The demo files parties.json and talks.json import cleanly, through the same path as the CLI import."""

from __future__ import annotations

from collections import Counter
from datetime import date
from importlib import resources
from typing import Any

import pytest
from pydantic import BaseModel

from truceline.common.models import normalise_name
from truceline.common.paging import Page
from truceline.registers import get_spec
from truceline.registry import service as parties
from truceline.registry.models import PartyKind, PartyQuery
from truceline.talks import service as talks
from truceline.talks.models import TalksRoundQuery
from truceline.talks.register import spec as talks_spec
from truceline.testing.memory import MemoryStore
from truceline.transfer import import_items, parse_file

AGREEMENT_KEYS = ["ceasefire-2016-12-29", "astana-memorandum-2017-05-04", "idlib-zone-2017-09-15"]


class _Agreement(BaseModel):
    """Stand-in for the agreements of agreements.json, which the talks outcomes name by key."""

    id: int
    key: str
    name: str


def _items(filename: str, spec: Any) -> list[dict[str, Any]]:
    raw = resources.files("truceline.demo").joinpath("data", filename).read_bytes()
    return parse_file(raw, spec=spec, name=filename)


def test_demo_parties_import_into_an_empty_store(any_store, ctx):
    items = _items("parties.json", get_spec("parties"))
    summary = import_items(any_store, ctx, get_spec("parties"), items)
    assert summary.updated == [] and len(summary.created) == len(items) == 21
    # no alias was dropped as a repeat of the party's own name or another alias
    for item in items:
        party = parties.get_party(any_store, item["key"])
        assert len(party.aliases) == len(item.get("aliases", [])), party.key
    hts = [p.key for p in parties.list_parties(any_store, PartyQuery(at=date(2017, 1, 27)), Page()).items]
    assert "hts" not in hts and "jabhat-al-nusra" in hts
    nusra = parties.get_party(any_store, "jabhat-al-nusra")
    assert nusra.affiliations_on(date(2017, 2, 1))[0].party == "hts"
    assert parties.resolve_party(any_store, "داعش").key == "isil"
    assert parties.resolve_party(any_store, "ИГИЛ").key == "isil"
    assert parties.resolve_party(any_store, "SAA").key == "syrian-government"


def test_demo_parties_names_are_unambiguous_and_marked_as_demo():
    items = _items("parties.json", get_spec("parties"))
    names = Counter(normalise_name(n) for p in items
                    for n in [p["name"], *(a["name"] for a in p.get("aliases", []))])
    assert [n for n, count in names.items() if count > 1] == []
    assert all("Demo data, simplified." in p["description"] for p in items)
    kinds = {p["key"]: p["kind"] for p in items}
    assert [k for k, kind in kinds.items() if kind == PartyKind.guarantor] == ["russia", "turkey", "iran"]
    assert {k for k, kind in kinds.items() if kind == PartyKind.excluded_group} == {"isil", "jabhat-al-nusra",
                                                                                     "hts"}


@pytest.fixture
def store(ctx) -> MemoryStore:
    """The demo parties, and the three agreements the talks outcomes name (stand-ins: the agreements file
    is another register's and is tested there)."""
    store = MemoryStore()
    import_items(store, ctx, get_spec("parties"), _items("parties.json", get_spec("parties")))
    for key in AGREEMENT_KEYS:
        store.agreements.add(_Agreement(id=0, key=key, name=key))
    return store


def test_demo_talks_import_after_the_parties(store, ctx):
    # ctx's clock is the scenario's day, 30 October 2017: the seventh round is under way, hence 'planned'
    summary = import_items(store, ctx, talks_spec(), _items("talks.json", talks_spec()))
    assert summary.created == [*(f"astana-{n}" for n in range(1, 8)), "geneva-4"]
    timeline = talks.talks_timeline(store, track="astana")
    assert [(e.starts_on.isoformat(), e.ends_on.isoformat()) for e in timeline] == [
        ("2017-01-23", "2017-01-24"), ("2017-02-15", "2017-02-16"), ("2017-03-14", "2017-03-15"),
        ("2017-05-03", "2017-05-04"), ("2017-07-04", "2017-07-05"), ("2017-09-14", "2017-09-15"),
        ("2017-10-30", "2017-10-31")]
    links = {o.agreement: r.key for r in talks.list_talks_rounds(store, TalksRoundQuery(), Page()).items
             for o in r.outcomes if o.agreement}
    assert links == {"ceasefire-2016-12-29": "astana-1", "astana-memorandum-2017-05-04": "astana-4",
                     "idlib-zone-2017-09-15": "astana-6"}
    observed = talks.list_talks_rounds(store, TalksRoundQuery(party="jordan", standing="observer"), Page())
    assert [r.number for r in observed.items] == [2, 4, 5, 6, 7]
    geneva = talks.get_talks_round(store, "geneva-4")
    assert (geneva.starts_on, geneva.ends_on, geneva.place) == (date(2017, 2, 23), date(2017, 3, 3),
                                                               "Geneva, Switzerland")


def test_demo_talks_import_again_updates_only(store, ctx):
    items = _items("talks.json", talks_spec())
    import_items(store, ctx, talks_spec(), items)
    again = import_items(store, ctx, talks_spec(), items)
    assert again.created == [] and len(again.updated) == 8
