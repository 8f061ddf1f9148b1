"""Import and export of the accessions register through the transfer functions, on every store."""

from __future__ import annotations

import json

import pytest

from tests.accessions.seed import DOUMA, FAYLAQ_AL_RAHMAN, JAYSH_AL_ISLAM
from tests.agreements.seed import seed_agreements
from truceline.accessions import service
from truceline.accessions.register import spec
from truceline.errors import DuplicateName, InvalidGeometry, SchemaError
from truceline.transfer import export_document, import_items, parse_file


def _import(store, ctx, items):
    raw = json.dumps(items).encode()
    return import_items(store, ctx, spec(), parse_file(raw, spec=spec(), name="accessions.json"))


def test_import_then_export_roundtrips(any_store, ctx):
    seed_agreements(any_store, ctx)
    withdrawn = {**JAYSH_AL_ISLAM, "withdrawn_on": "2017-10-01", "withdrawal_reason": "illustrative"}
    summary = _import(any_store, ctx, [withdrawn, FAYLAQ_AL_RAHMAN, DOUMA])
    assert len(summary.created) == 3
    doc = export_document(any_store, spec())
    assert doc["count"] == 3 and "id" not in doc["data"][0]
    assert doc["data"][2]["settlement"]["lat"] == DOUMA["settlement"]["lat"]
    again = _import(any_store, ctx, doc["data"])
    assert again.created == [] and again.updated == summary.created
    assert export_document(any_store, spec())["data"] == doc["data"]
    assert service.get_accession(any_store, summary.created[0]).version == 2


@pytest.mark.parametrize("items, error, message", [
    ([{**DOUMA, "joined_on": "July"}], SchemaError, "accessions item 1"),
    ([{**DOUMA, "settlement": {**DOUMA["settlement"], "lat": 333.5}}], InvalidGeometry, "latitude 333.5"),
    ([JAYSH_AL_ISLAM, {**JAYSH_AL_ISLAM, "joined_on": "2017-08-01"}], DuplicateName, "accessions item 2"),
])
def test_import_bad_item_names_it(any_store, ctx, items, error, message):
    seed_agreements(any_store, ctx)
    with pytest.raises(error, match=message):
        _import(any_store, ctx, items)
