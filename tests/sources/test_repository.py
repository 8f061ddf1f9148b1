"""Source repository contract on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from tests.reports.helpers import T0, seed
from truceline.common.paging import Page
from truceline.sources.models import Reliability, Source, SourceKind, SourceQuery


def test_source_repository_roundtrip_and_filters(any_store):
    seed(any_store)
    src = any_store.sources.add(Source(id=0, key="hmeymim", name="Hmeymim Centre", kind=SourceKind.party_self_report,
                                       party="syrian-government", reliability_override=Reliability.C,
                                       override_reason="why", url="http://x", created_at=T0, updated_at=T0))
    assert any_store.sources.get(src.id) == src
    assert any_store.sources.get_by_key("hmeymim") == src
    assert [s.key for s in any_store.sources.find_by_name("HMEYMIM centre")] == ["hmeymim"]
    any_store.sources.save(src.model_copy(update={"name": "Hmeymim Reconciliation Centre", "version": 2}))
    assert any_store.sources.get(src.id).name == "Hmeymim Reconciliation Centre"
    page = Page(limit=10)
    assert [s.key for s in any_store.sources.list(SourceQuery(), page).items] == ["hmeymim", "sohr"]
    assert [s.key for s in any_store.sources.list(SourceQuery(kind="ngo"), page).items] == ["sohr"]
    assert [s.key for s in any_store.sources.list(SourceQuery(q="reconc"), page).items] == ["hmeymim"]
    assert any_store.sources.list(SourceQuery(party="syrian-government"), page).count == 1
