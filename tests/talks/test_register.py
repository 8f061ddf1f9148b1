"""Import and export of the talks register through ``truceline.transfer`` with the talks spec."""

from __future__ import annotations

import json

import pytest

from tests.talks.seed import ASTANA_1, ASTANA_2, ASTANA_7, seed_parties
from truceline.errors import FileInputError, SchemaError, UnknownReference
from truceline.talks import service
from truceline.talks.register import spec
from truceline.transfer import export_document, import_items, parse_file


def _import(store, ctx, items):
    raw = json.dumps({"data": items}).encode()
    return import_items(store, ctx, spec(), parse_file(raw, spec=spec(), name="talks.json"))


def test_register_spec_names_the_register():
    assert (spec().name, spec().entity) == ("talks", "talks_round")


def test_import_then_export_roundtrips(any_store, ctx):
    seed_parties(any_store, ctx)
    summary = _import(any_store, ctx, [ASTANA_2, ASTANA_1, ASTANA_7])
    assert summary.message() == "talks: 3 created, 0 updated"
    doc = export_document(any_store, spec())
    assert doc["count"] == 3 and [r["key"] for r in doc["data"]] == ["astana-1", "astana-2", "astana-7"]
    second = doc["data"][1]
    assert "id" not in second and second["delegations"][5] == {
        "party": "un-special-envoy", "standing": "mediator", "head": "Staffan de Mistura", "members": []}
    # the export reads back in: every record is updated, nothing else
    again = _import(any_store, ctx, doc["data"])
    assert again.message() == "talks: 0 created, 3 updated"
    assert service.get_talks_round(any_store, "astana-2").version == 2


@pytest.mark.parametrize("item, error, message", [
    ({**ASTANA_1, "starts_on": "23 January 2017"}, SchemaError,
     "talks item 1 .'astana-1'.: invalid input at 'starts_on'"),
    ({**ASTANA_1, "delegations": [{"party": "ghost", "standing": "party"}]}, UnknownReference,
     "unknown party 'ghost'"),
    ({**ASTANA_1, "outcomes": [{"summary": "x", "agreement": "nope"}]}, UnknownReference,
     "unknown agreement 'nope'"),
])
def test_import_bad_item_names_it(any_store, ctx, item, error, message):
    seed_parties(any_store, ctx)
    with pytest.raises(error, match=message):
        _import(any_store, ctx, [item])


def test_parse_file_rejects_other_shapes():
    with pytest.raises(FileInputError, match='expected a JSON list of records or {"data": \\[...\\]}'):
        parse_file(b'{"rounds": []}', spec=spec(), name="talks.json")
