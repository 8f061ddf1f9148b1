"""A zone boundary read from an uploaded GeoJSON file."""

from __future__ import annotations

import json

import pytest

from truceline.errors import FileInputError
from truceline.zones.boundary_file import MAX_BYTES, boundary_from_file

RING = [[36.5, 35.5], [36.9, 35.5], [36.9, 35.9], [36.5, 35.5]]
OTHER = [[37.5, 35.5], [37.9, 35.5], [37.9, 35.9], [37.5, 35.5]]
POLYGON = {"type": "Polygon", "coordinates": [RING]}


def _file(doc) -> bytes:
    return json.dumps(doc).encode()


@pytest.mark.parametrize("doc", [
    POLYGON,
    {"type": "Feature", "properties": {"name": "x"}, "geometry": POLYGON},
    {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": POLYGON}]},
])
def test_one_polygon_from_a_geometry_a_feature_or_a_collection(doc):
    assert boundary_from_file(_file(doc)) == POLYGON


def test_several_features_are_gathered_into_one_multipolygon():
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": POLYGON},
        {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [[OTHER]]}}]}
    assert boundary_from_file(_file(doc)) == {"type": "MultiPolygon", "coordinates": [[RING], [OTHER]]}


def test_a_byte_order_mark_is_allowed():
    assert boundary_from_file(b"\xef\xbb\xbf" + _file(POLYGON)) == POLYGON


@pytest.mark.parametrize("raw,needle", [
    (b"", "empty"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"{nope", "not valid JSON"),
    (_file({"type": "Point", "coordinates": [36, 35]}), "expected GeoJSON"),
    (_file([1, 2]), "expected GeoJSON"),
    (_file({"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [36, 35]}}),
     "has a Point geometry"),
    (_file({"type": "Feature", "properties": {}, "geometry": None}), "has a missing geometry"),
    (_file({"type": "FeatureCollection", "features": []}), "has no feature"),
    (_file({"type": "FeatureCollection", "features": [{"type": "Polygon"}]}), "feature 1 is not a GeoJSON Feature"),
    (b" " * (MAX_BYTES + 1) + b"{}", "larger than"),
])
def test_unreadable_files_are_refused_with_e107(raw, needle):
    with pytest.raises(FileInputError) as err:
        boundary_from_file(raw, name="zone.geojson")
    assert err.value.code == "E107" and needle in err.value.user_message
