"""GeoJSON geometry checks: each way a geometry can be wrong gives InvalidGeometry with a clear message."""

from __future__ import annotations

import re

import pytest
from shapely.geometry import MultiPolygon, Point, Polygon

from truceline.errors import InvalidGeometry, InvalidValue
from truceline.geo.geometry import (
    POINT,
    POLYGONAL,
    BBox,
    make_point,
    parse_bbox,
    parse_geometry,
    to_geojson,
)

SQUARE = [[36.0, 35.0], [37.0, 35.0], [37.0, 36.0], [36.0, 36.0], [36.0, 35.0]]


def test_parse_geometry_returns_shapely_polygon_and_multipolygon():
    poly = parse_geometry({"type": "Polygon", "coordinates": [SQUARE]}, allowed=POLYGONAL)
    assert isinstance(poly, Polygon) and poly.area == pytest.approx(1.0)
    multi = parse_geometry({"type": "MultiPolygon", "coordinates": [[SQUARE]]}, allowed=POLYGONAL)
    assert isinstance(multi, MultiPolygon)


def test_parse_geometry_drops_heights():
    point = parse_geometry({"type": "Point", "coordinates": [36.63, 35.93, 400]}, allowed=POINT)
    assert point == Point(36.63, 35.93) and not point.has_z


@pytest.mark.parametrize("geometry, message", [
    ({"type": "Polygon", "coordinates": [[[36, 35], [37, 36], [37, 35], [36, 36], [36, 35]]]},
     "not valid: Self-intersection"),
    ({"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, 36], [36, 36]]]}, "is not closed"),
    ({"type": "Polygon", "coordinates": [[[36, 35], [37, 95], [37, 35], [36, 35]]]}, "latitude 95 is outside"),
    ({"type": "Point", "coordinates": [185, 35]}, "not allowed here"),
    ({"type": "LineString", "coordinates": [[36, 35], [37, 36]]}, "a LineString is not allowed here"),
    ({"type": "Polygon", "coordinates": []}, "is empty"),
    ({"type": "MultiPolygon", "coordinates": []}, "is empty"),
    ({"type": "Polygon", "coordinates": [[]]}, "is empty"),
    ({"type": "Polygon", "coordinates": [SQUARE, []]}, "hole 1 of polygon has 0 positions"),
    ({"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [36, 35]]]}, "a ring needs 4 or more"),
    ({"type": "Polygon", "coordinates": [[[36, "35"], [37, 35], [37, 36], [36, 35]]]}, "is not [lon, lat]"),
    ({"type": "Polygon", "coordinates": [[[36, True], [37, 35], [37, 36], [36, True]]]}, "is not [lon, lat]"),
    ({"type": "Polygon", "coordinates": [36, 35]}, "nested arrays"),
    ({"type": "Polygon"}, "with 'type' and 'coordinates'"),
    ("POLYGON((36 35, 37 35, 37 36, 36 35))", "with 'type' and 'coordinates'"),
    ({"type": "GeometryCollection", "coordinates": []}, "not allowed here"),
])
def test_parse_geometry_rejects_bad_polygons(geometry, message):
    with pytest.raises(InvalidGeometry, match=re.escape(message)) as info:
        parse_geometry(geometry, allowed=POLYGONAL, what="versions[0].geometry")
    assert info.value.code == "E102" and info.value.user_message.startswith("versions[0].geometry: ")
    assert info.value.details[0]["field"] == "versions[0].geometry"


def test_parse_geometry_rejects_longitude_out_of_range_for_points():
    with pytest.raises(InvalidGeometry, match="longitude 185 is outside -180..180"):
        parse_geometry({"type": "Point", "coordinates": [185, 35]}, allowed=POINT)


def test_parse_geometry_limits_vertex_count():
    ring = [[36 + i / 1000, 35.0] for i in range(20)] + [[36.0, 36.0], [36.0, 35.0]]
    with pytest.raises(InvalidGeometry, match="more than 10 positions"):
        parse_geometry({"type": "Polygon", "coordinates": [ring]}, allowed=POLYGONAL, max_vertices=10)


def test_to_geojson_roundtrips_with_lists():
    geojson = {"type": "Polygon", "coordinates": [SQUARE]}
    assert to_geojson(parse_geometry(geojson, allowed=POLYGONAL)) == geojson


def test_make_point_checks_range():
    assert make_point(36.40, 33.57) == Point(36.40, 33.57)
    with pytest.raises(InvalidGeometry, match="latitude 95"):
        make_point(36.4, 95)


def test_parse_bbox_reads_and_checks():
    assert parse_bbox("36,33.4,36.6,33.7") == BBox(36.0, 33.4, 36.6, 33.7)
    with pytest.raises(InvalidValue, match="four numbers"):
        parse_bbox("36,33")
    with pytest.raises(InvalidValue, match="minimum is above"):
        parse_bbox("37,33,36,34")
    with pytest.raises(InvalidGeometry, match="latitude 95"):
        parse_bbox("36,33,37,95")
