"""Import and export of the sources register through ``truceline.transfer`` with the sources spec."""

from __future__ import annotations

import json

import pytest

from tests.reports.helpers import seed
from truceline.errors import UnknownReference
from truceline.sources.register import spec
from truceline.transfer import export_document, import_items, parse_file

ITEMS = [{"key": "hmeymim", "name": "Hmeymim Centre", "kind": "party_self_report", "party": "syrian-government"},
         {"name": "Qasioun", "kind": "media", "reliability_override": "D", "override_reason": "partisan"}]


def _import(store, ctx, items):
    raw = json.dumps({"data": items}).encode()
    return import_items(store, ctx, spec(), parse_file(raw, spec=spec(), name="sources.json"))


def test_sources_register_import_then_export_roundtrips(any_store, ctx):
    seed(any_store)
    assert _import(any_store, ctx, ITEMS).message() == "sources: 2 created, 0 updated"
    doc = export_document(any_store, spec())
    assert [r["key"] for r in doc["data"]] == ["hmeymim", "qasioun", "sohr"]
    assert doc["data"][0]["party"] == "syrian-government" and "id" not in doc["data"][0]
    assert _import(any_store, ctx, doc["data"]).message() == "sources: 0 created, 3 updated"


def test_sources_register_import_unknown_party(any_store, ctx):
    seed(any_store)
    with pytest.raises(UnknownReference):
        _import(any_store, ctx, [{**ITEMS[0], "party": "ghost"}])
