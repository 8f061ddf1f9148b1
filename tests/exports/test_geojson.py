"""GeoJSON: a valid RFC 7946 FeatureCollection, lon/lat order, the area as geometry when there is one."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import shape

from tests.exports.helpers import DOUMA_AREA, render, request
from truceline.exports.columns import INCIDENT_COLUMNS
from truceline.exports.geojson import render_geojson
from truceline.incidents.models import IncidentQuery


def test_geojson_is_a_feature_collection_with_point_and_area(world):
    doc = json.loads(render(world, "geojson"))
    assert doc["type"] == "FeatureCollection"
    point, area = doc["features"]
    assert point["id"] == 1 and point["geometry"] == {"type": "Point", "coordinates": [36.63, 35.93]}
    assert area["geometry"] == DOUMA_AREA  # the report's area, carried by its incident
    assert shape(area["geometry"]).contains(shape({"type": "Point", "coordinates": [36.40, 33.57]}))
    assert list(point["properties"]) == [c.name for c in INCIDENT_COLUMNS]
    assert point["properties"]["perpetrators"] == ["syria"] and point["properties"]["killed_max"] == 4


@pytest.mark.parametrize("page_size", [1, 1000])
def test_geojson_streamed_by_page_is_valid_json(world, page_size):
    chunks = list(render_geojson(world, request("reports", page_size=page_size)))
    doc = json.loads("".join(chunks))
    assert [f["id"] for f in doc["features"]] == [1, 2, 3]
    assert len(chunks) == (5 if page_size == 1 else 3)


def test_geojson_empty_is_an_empty_collection(world):
    doc = json.loads(render(world, "geojson", query=IncidentQuery(zone="nowhere")))
    assert doc == {"type": "FeatureCollection", "features": []}
