"""Import and export of the agreements register through the transfer functions, on every store."""

from __future__ import annotations

import json

import pytest

from tests.agreements.seed import ASTANA_MEMORANDUM, DECEMBER_CEASEFIRE, EXTENSION, seed_parties
from truceline.agreements import service
from truceline.agreements.register import spec
from truceline.errors import DatesOutOfOrder, SchemaError, UnknownReference
from truceline.transfer import export_document, import_items, parse_file

AMENDED = {**ASTANA_MEMORANDUM, "amendments": [{"number": 1, **EXTENSION}]}


def _import(store, ctx, items):
    raw = json.dumps(items).encode()
    return import_items(store, ctx, spec(), parse_file(raw, spec=spec(), name="agreements.json"))


def test_import_then_export_roundtrips(any_store, ctx):
    seed_parties(any_store, ctx)
    summary = _import(any_store, ctx, [AMENDED, DECEMBER_CEASEFIRE])  # extends a later item
    assert summary.created == ["astana-memorandum-2017", "ceasefire-2016-12-29"]
    doc = export_document(any_store, spec())
    assert doc["count"] == 2
    astana = next(a for a in doc["data"] if a["key"] == "astana-memorandum-2017")
    assert astana["extends"] == "ceasefire-2016-12-29" and "id" not in astana
    assert astana["amendments"][0]["changes"] == {"expires_on": "2018-05-06"}
    again = _import(any_store, ctx, doc["data"])
    assert again.created == [] and len(again.updated) == 2
    assert export_document(any_store, spec())["data"] == doc["data"]
    assert service.get_agreement(any_store, "astana-memorandum-2017").amendments[0].number == 1


@pytest.mark.parametrize("item, error, message", [
    ({**DECEMBER_CEASEFIRE, "kind": "truce"}, SchemaError, "agreements item 1 ('ceasefire-2016-12-29')"),
    ({**DECEMBER_CEASEFIRE, "guarantors": ["ghost"]}, UnknownReference, "unknown party 'ghost'"),
    ({**AMENDED, "extends": None, "amendments": [{**EXTENSION, "number": 1, "adopted_on": "2017-01-01"}]},
     DatesOutOfOrder, "adopted_on 2017-01-01"),
])
def test_import_bad_item_names_it(any_store, ctx, item, error, message):
    seed_parties(any_store, ctx)
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        _import(any_store, ctx, [item])
