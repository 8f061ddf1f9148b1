"""The demo scenario loads on both engines, through the same validation as any import, and reloads."""

from __future__ import annotations

from datetime import date

from truceline.accessions import service as accessions
from truceline.common.paging import Page
from truceline.demo.loader import load_demo
from truceline.registry import service as parties
from truceline.registry.models import PartyKind, PartyQuery


def test_demo_loads_every_register_and_reloads_without_duplicates(sql_store, ctx):
    first = load_demo(sql_store, ctx)
    assert [s.register for s in first.imports] == ["parties", "agreements", "zones", "posts", "accessions",
                                                   "talks"]
    assert all(s.created and not s.updated for s in first.imports)
    guarantors = parties.list_parties(sql_store, PartyQuery(kind=PartyKind.guarantor), Page())
    assert {p.key for p in guarantors.items} == {"russia", "turkey", "iran"}
    assert accessions.is_covered(sql_store, "jaysh-al-islam", "ceasefire-2016-12-29", date(2017, 3, 1))
    assert not accessions.is_covered(sql_store, "isil", "ceasefire-2016-12-29", date(2017, 3, 1))
    again = load_demo(sql_store, ctx)
    assert all(not s.created for s in again.imports)
