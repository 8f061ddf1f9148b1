"""Distances on the sphere (haversine) and the bounding box of a radius, for "near" searches.

The box is exact for a spherical cap, so filtering by it first never drops a point within the radius. It is
clipped at the antimeridian (no wrap-around), which is far from any theatre the registers hold today.
"""

from __future__ import annotations

import math

from shapely.geometry import Point

from truceline.geo.geometry import BBox

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def haversine_km(a: Point, b: Point) -> float:
    """Great-circle distance in km between two WGS84 points (x = lon, y = lat)."""
    lat1, lat2 = math.radians(a.y), math.radians(b.y)
    dlat = lat2 - lat1
    dlon = math.radians(b.x - a.x)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bbox_around(center: Point, radius_km: float) -> BBox:
    """The smallest lon/lat box holding every point within ``radius_km`` of ``center``."""
    d = radius_km / EARTH_RADIUS_KM  # angular radius
    lat = math.radians(center.y)
    min_lat, max_lat = lat - d, lat + d
    if min_lat <= -math.pi / 2 or max_lat >= math.pi / 2 or d >= math.pi / 2:
        # a pole lies within the radius: every longitude does
        return BBox(-180.0, max(-90.0, math.degrees(min_lat)), 180.0, min(90.0, math.degrees(max_lat)))
    dlon = math.asin(min(1.0, math.sin(d) / math.cos(lat)))
    lon = math.radians(center.x)
    return BBox(max(-180.0, math.degrees(lon - dlon)), math.degrees(min_lat),
                min(180.0, math.degrees(lon + dlon)), math.degrees(max_lat))
