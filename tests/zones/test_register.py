"""The zones GeoJSON file: import, export, round-trip, and bad files."""

from __future__ import annotations

import json

import pytest

from tests.zones.places import GHOUTA, IDLIB_MAY, IDLIB_SEPT, NORTH_HOMS
from truceline.errors import FileInputError, InvalidGeometry
from truceline.transfer import export_document, import_items, parse_file
from truceline.zones import service
from truceline.zones.register import spec

IDLIB_PROPS = {"key": "idlib", "name": "Idlib de-escalation zone", "kind": "de_escalation_zone",
               "admin_areas": ["SY-ID Idlib"], "approximate": True}


def _feature(geometry, **props):
    return {"type": "Feature", "geometry": geometry, "properties": props}


FILE = {"type": "FeatureCollection", "features": [
    _feature(IDLIB_SEPT, **IDLIB_PROPS, valid_from="2017-09-15", status="active", note="Astana 6"),
    _feature(GHOUTA, name="Eastern Ghouta", kind="de_escalation_zone", valid_from="2017-07-22"),
    _feature(IDLIB_MAY, key="idlib", valid_from="2017-05-06", valid_until="2017-09-15", status="proposed"),
]}


def _import(store, ctx, doc):
    items = parse_file(json.dumps(doc).encode(), spec=spec(), name="zones.geojson")
    return import_items(store, ctx, spec(), items)


def test_import_groups_version_features_by_zone(any_store, ctx):
    summary = _import(any_store, ctx, FILE)
    assert summary.created == ["idlib", "eastern-ghouta"] and summary.updated == []
    idlib = service.get_zone(any_store, "idlib")
    assert [(v.number, v.status, v.note) for v in idlib.versions] == [(1, "proposed", None),
                                                                      (2, "active", "Astana 6")]
    assert idlib.approximate and idlib.admin_areas == ["SY-ID Idlib"]


def test_export_then_import_roundtrips(any_store, ctx):
    _import(any_store, ctx, FILE)
    doc = export_document(any_store, spec())
    assert doc["type"] == "FeatureCollection"
    assert [f["id"] for f in doc["features"]] == ["eastern-ghouta/1", "idlib/1", "idlib/2"]
    assert doc["features"][1]["geometry"] == IDLIB_MAY
    assert doc["features"][2]["properties"] == {**IDLIB_PROPS, "agreement": None, "description": None,
                                                "release": "public", "valid_from": "2017-09-15",
                                                "valid_until": None, "status": "active", "note": "Astana 6"}
    again = _import(any_store, ctx, json.loads(json.dumps(doc)))
    assert again.created == [] and sorted(again.updated) == ["eastern-ghouta", "idlib"]
    assert export_document(any_store, spec()) == doc


def test_import_replaces_versions_of_an_existing_zone(any_store, ctx):
    _import(any_store, ctx, FILE)
    _import(any_store, ctx, {"type": "FeatureCollection", "features": [
        _feature(NORTH_HOMS, key="idlib", name="Idlib de-escalation zone", kind="de_escalation_zone",
                 valid_from="2018-01-01")]})
    assert [v.valid_from.isoformat() for v in service.get_zone(any_store, "idlib").versions] == ["2018-01-01"]


@pytest.mark.parametrize("doc, message", [
    ([], "expected a GeoJSON FeatureCollection"),
    ({"type": "FeatureCollection", "features": [{"type": "Point"}]}, "zones feature 1: not a GeoJSON Feature"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": GHOUTA}]},
     "'properties' must be an object"),
    ({"type": "FeatureCollection", "features": [_feature(GHOUTA, kind="other", valid_from="2017-07-22")]},
     "feature 1: properties need a 'key' or a 'name'"),
    ({"type": "FeatureCollection", "features": [
        _feature(GHOUTA, key="g", name="G", kind="other", valid_from="2017-07-22", valid_until="2017-08-01"),
        _feature(GHOUTA, key="g", kind="buffer_zone", valid_from="2017-08-01")]},
     "zones feature 2: 'kind' is 'buffer_zone' but feature 1 of zone 'g' says 'other'"),
])
def test_import_bad_files_fail_clearly(doc, message):
    with pytest.raises(FileInputError, match=message):
        parse_file(json.dumps(doc).encode(), spec=spec(), name="zones.geojson")


def test_import_bad_geometry_names_the_item(any_store, ctx):
    doc = {"type": "FeatureCollection", "features": [
        _feature(GHOUTA, name="Eastern Ghouta", kind="de_escalation_zone", valid_from="2017-07-22"),
        _feature({"type": "LineString", "coordinates": [[36, 35], [37, 36]]}, key="idlib", name="Idlib",
                 kind="de_escalation_zone", valid_from="2017-09-15")]}
    with pytest.raises(InvalidGeometry, match=r"zones item 2 \('idlib'\): versions\[0\].geometry: a LineString"):
        _import(any_store, ctx, doc)
