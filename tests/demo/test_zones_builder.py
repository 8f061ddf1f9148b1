"""The demo zone outlines are derived reproducibly from the packaged gazetteer and contain their towns."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import shape

from truceline.demo.loader import demo_bytes
from truceline.demo.zones_builder import Town, build_zones_document, contains_all, gazetteer_towns, outline

SPEC = json.loads(demo_bytes("zone_towns.json"))


def test_packaged_zones_file_is_what_the_builder_derives():
    assert json.loads(demo_bytes("zones.geojson")) == build_zones_document(SPEC)


@pytest.mark.parametrize("zone", SPEC["zones"], ids=lambda z: z["key"])
def test_every_zone_outline_contains_its_towns_and_is_marked_approximate(zone):
    doc = json.loads(demo_bytes("zones.geojson"))
    features = [f for f in doc["features"] if f["properties"]["key"] == zone["key"]]
    assert features and all(f["properties"]["approximate"] is True for f in features)
    towns = gazetteer_towns(zone["towns"])
    assert all(contains_all(shape(f["geometry"]), towns) for f in features)


def test_outline_buffers_on_the_ground_not_in_degrees():
    town = Town(1, "Somewhere", 60.0, 30.0)  # at 60N a degree of longitude is half a degree of latitude
    minx, miny, maxx, maxy = outline([town], buffer_km=10).bounds
    assert (maxx - minx) == pytest.approx(2 * (maxy - miny), rel=0.02)


def test_unknown_geonames_id_is_an_error():
    with pytest.raises(KeyError, match="not in the packaged gazetteer"):
        gazetteer_towns([999_999_999])
