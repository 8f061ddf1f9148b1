"""Haversine distances and the bounding box of a radius."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from truceline.geo.distance import bbox_around, haversine_km

IDLIB = Point(36.63, 35.93)
DOUMA = Point(36.40, 33.57)


def test_haversine_km_idlib_to_douma():
    assert haversine_km(IDLIB, DOUMA) == pytest.approx(263.3, abs=0.5)
    assert haversine_km(IDLIB, IDLIB) == 0.0


def test_bbox_around_holds_every_point_of_the_radius():
    box = bbox_around(IDLIB, 10.0)
    for dlon, dlat in [(0.1099, 0), (-0.1099, 0), (0, 0.0899), (0, -0.0899)]:
        p = Point(IDLIB.x + dlon, IDLIB.y + dlat)
        assert haversine_km(IDLIB, p) < 10.0
        assert box.contains(p.x, p.y)
    assert not box.contains(IDLIB.x + 0.2, IDLIB.y)


def test_bbox_around_a_pole_spans_all_longitudes():
    box = bbox_around(Point(10, 89.99), 50)
    assert (box.min_lon, box.max_lon, box.max_lat) == (-180.0, 180.0, 90.0)
