"""The posts GeoJSON file: import, export, round-trip, and bad files."""

from __future__ import annotations

import json

import pytest

from tests.posts.places import DAMASCUS, RASTAN, SALWA, seed_parties, seed_zones
from truceline.errors import FileInputError, PostOutsideZone, UnknownReference
from truceline.posts import service
from truceline.posts.register import spec
from truceline.transfer import export_document, import_items, parse_file


def _feature(geometry, **props):
    return {"type": "Feature", "geometry": geometry, "properties": props}


FILE = {"type": "FeatureCollection", "features": [
    _feature(SALWA, key="salwa", name="Salwa observation post", kind="observation_post", zone="idlib",
             guarantor="turkey", lifecycle=[{"state": "deployed", "on": "2017-10-13"}]),
    {**_feature(RASTAN, name="Rastan checkpoint", kind="checkpoint", zone="northern-homs", guarantor="russia",
                staffed_by="Russian military police"), "id": "rastan"},
]}


@pytest.fixture
def store(any_store, ctx):
    seed_parties(any_store, ctx)
    seed_zones(any_store, ctx)
    return any_store


def _import(store, ctx, doc):
    items = parse_file(json.dumps(doc).encode(), spec=spec(), name="posts.geojson")
    return import_items(store, ctx, spec(), items)


def test_import_reads_points_and_takes_the_key_from_the_feature_id(store, ctx):
    summary = _import(store, ctx, FILE)
    assert summary.created == ["salwa", "rastan"]
    rastan = service.get_post(store, "rastan")
    assert (rastan.lon, rastan.lat) == (36.73, 34.93) and rastan.lifecycle == []


def test_export_then_import_roundtrips(store, ctx):
    _import(store, ctx, FILE)
    doc = export_document(store, spec())
    assert doc["type"] == "FeatureCollection" and [f["id"] for f in doc["features"]] == ["rastan", "salwa"]
    salwa = doc["features"][1]
    assert salwa["geometry"] == SALWA
    assert salwa["properties"] == {"key": "salwa", "name": "Salwa observation post", "kind": "observation_post",
                                   "zone": "idlib", "guarantor": "turkey", "staffed_by": None,
                                   "description": None, "release": "public",
                                   "lifecycle": [{"state": "deployed", "on": "2017-10-13", "note": None}]}
    again = _import(store, ctx, json.loads(json.dumps(doc)))
    assert again.created == [] and again.updated == ["rastan", "salwa"]
    assert export_document(store, spec()) == doc


@pytest.mark.parametrize("doc, message", [
    ({"data": []}, "expected a GeoJSON FeatureCollection"),
    ({"type": "FeatureCollection", "features": ["salwa"]}, "posts feature 1: not a GeoJSON Feature"),
    ({"type": "FeatureCollection", "features": [_feature(SALWA, name="X", location=SALWA)]},
     "the location is the feature's geometry"),
])
def test_import_bad_files_fail_clearly(doc, message):
    with pytest.raises(FileInputError, match=message):
        parse_file(json.dumps(doc).encode(), spec=spec(), name="posts.geojson")


@pytest.mark.parametrize("props, error, message", [
    ({"zone": "eastern-ghouta"}, PostOutsideZone, r"posts item 1 \('damascus'\): post 'damascus' at"),
    ({"zone": "raqqa"}, UnknownReference, "unknown zone 'raqqa'"),
])
def test_import_bad_post_names_the_item(store, ctx, props, error, message):
    doc = {"type": "FeatureCollection", "features": [
        _feature(DAMASCUS, key="damascus", name="Damascus", kind="monitoring_centre", guarantor="russia",
                 **props)]}
    with pytest.raises(error, match=message):
        _import(store, ctx, doc)
