"""A zone boundary from an uploaded GeoJSON file: a geometry, a Feature or a FeatureCollection.

``boundary_from_file`` only finds the boundary in the file: a bare Polygon or MultiPolygon, the geometry of
a Feature, or the polygons of a FeatureCollection's features (one feature gives its geometry, several are
gathered into one MultiPolygon). The result is checked like any boundary by the zones service
(``parse_geometry``: WGS84, closed rings, a valid shape), so a file refused here is unreadable
(``FileInputError``, E107) and a boundary refused there is an ``InvalidGeometry`` (E102).
"""

from __future__ import annotations

import json
from typing import Any

from truceline.errors import FileInputError
from truceline.geo.geometry import POLYGONAL

MAX_BYTES = 5_000_000


def boundary_from_file(raw: bytes, *, name: str = "the file") -> dict[str, Any]:
    """The GeoJSON Polygon or MultiPolygon a file holds."""
    if not raw.strip():
        raise FileInputError(f"{name} is empty")
    if len(raw) > MAX_BYTES:
        raise FileInputError(f"{name} is larger than {MAX_BYTES // 1_000_000} MB; simplify the boundary first")
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FileInputError(f"{name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise FileInputError(f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") \
            from None
    return boundary_from_document(doc, name=name)


def boundary_from_document(doc: Any, *, name: str = "the file") -> dict[str, Any]:
    kind = doc.get("type") if isinstance(doc, dict) else None
    if kind in POLYGONAL:
        return dict(doc)
    if kind == "Feature":
        return _polygonal(doc.get("geometry"), where=f"{name}: the feature")
    if kind == "FeatureCollection" and isinstance(doc.get("features"), list):
        geometries = []
        for i, feature in enumerate(doc["features"], start=1):
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                raise FileInputError(f"{name}: feature {i} is not a GeoJSON Feature object")
            geometries.append(_polygonal(feature.get("geometry"), where=f"{name}: feature {i}"))
        if not geometries:
            raise FileInputError(f"{name}: the FeatureCollection has no feature")
        if len(geometries) == 1:
            return geometries[0]
        polygons: list[Any] = []
        for geometry in geometries:
            coordinates: Any = geometry.get("coordinates")
            polygons.extend(coordinates if geometry["type"] == "MultiPolygon" else [coordinates])
        return {"type": "MultiPolygon", "coordinates": polygons}
    raise FileInputError(f"{name}: expected GeoJSON: a Polygon, a MultiPolygon, a Feature or a FeatureCollection "
                         f"of polygons, not {kind or type(doc).__name__!r}")


def _polygonal(geometry: Any, *, where: str) -> dict[str, Any]:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in POLYGONAL:
        raise FileInputError(f"{where} has a {kind or 'missing'} geometry; a zone boundary is a Polygon or "
                             "MultiPolygon")
    return dict(geometry)
