"""GeoJSON geometry in, shapely out: every geometry the registers store passes through here.

``parse_geometry`` checks, in this order, and raises ``InvalidGeometry`` (E102) with a message a person can
act on: the object has ``type`` and ``coordinates``; the type is one the caller allows; positions are two
(or three; the height is dropped) finite numbers with longitude in -180..180 and latitude in -90..90
(WGS84, EPSG:4326, GeoJSON order ``[lon, lat]``); there are at most ``MAX_VERTICES`` positions; the
geometry is not empty; polygon rings have four positions or more and are closed; lines have two positions
or more; and shapely finds it valid (the reason from ``explain_validity`` is quoted, e.g. a self-intersecting
"bowtie").

``Shape`` is the pydantic field type of domain objects holding a geometry: shapely in Python (built from a
shapely object, WKB bytes or a GeoJSON object), a GeoJSON geometry object in JSON (the change history
stores that).
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Annotated, Any, NamedTuple

import shapely
from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from shapely.geometry import Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from truceline.errors import InvalidGeometry, InvalidValue

MAX_VERTICES = 100_000
POLYGONAL = ("Polygon", "MultiPolygon")
POINT = ("Point",)
# how deep the position arrays nest for each GeoJSON type (0: the coordinates are one position)
_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


class BBox(NamedTuple):
    """A bounding box in WGS84 degrees, as in GeoJSON ``bbox`` and the ``?bbox=`` query parameter."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    def polygon(self) -> BaseGeometry:
        return shapely.box(self.min_lon, self.min_lat, self.max_lon, self.max_lat)

    def overlaps(self, other: BBox) -> bool:
        """True when the two boxes share at least one point (edges included)."""
        return (self.min_lon <= other.max_lon and other.min_lon <= self.max_lon
                and self.min_lat <= other.max_lat and other.min_lat <= self.max_lat)

    def contains(self, lon: float, lat: float) -> bool:
        return self.min_lon <= lon <= self.max_lon and self.min_lat <= lat <= self.max_lat


def parse_geometry(obj: Any, *, allowed: Collection[str], what: str = "geometry",
                   max_vertices: int = MAX_VERTICES) -> BaseGeometry:
    """A checked shapely geometry from a GeoJSON geometry object (a dict)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("type"), str) or "coordinates" not in obj:
        raise _invalid(what, "expected a GeoJSON geometry object with 'type' and 'coordinates'")
    kind = obj["type"]
    if kind not in allowed:
        expected = " or ".join(allowed)
        raise _invalid(what, f"a {kind} is not allowed here; expected {expected}")
    if kind not in _DEPTH:
        raise _invalid(what, f"unsupported geometry type {kind!r}")
    counter = [0]
    coords = _positions(obj["coordinates"], _DEPTH[kind], what=what, counter=counter, limit=max_vertices)
    if counter[0] == 0:
        raise _invalid(what, f"the {kind} is empty")
    _check_parts(kind, coords, what=what)
    geom = shapely.force_2d(shape({"type": kind, "coordinates": coords}))
    if geom.is_empty:
        raise _invalid(what, f"the {kind} is empty")
    if not geom.is_valid:
        raise _invalid(what, f"the {kind} is not valid: {explain_validity(geom)}")
    return geom


def make_point(lon: float, lat: float, *, what: str = "point") -> Point:
    """A checked WGS84 point."""
    _check_position([lon, lat], what=what)
    return Point(lon, lat)


def to_geojson(geom: BaseGeometry) -> dict[str, Any]:
    """The GeoJSON geometry object of ``geom``, with lists (not tuples) and full precision."""
    return _lists(mapping(geom))


def bbox_of(geom: BaseGeometry) -> BBox:
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    return BBox(min_lon, min_lat, max_lon, max_lat)


def parse_bbox(text: str, *, what: str = "bbox") -> BBox:
    """``minlon,minlat,maxlon,maxlat`` as a checked ``BBox``."""
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise InvalidValue(f"{what} {text!r}: expected four numbers minlon,minlat,maxlon,maxlat",
                           details=[{"field": what, "value": text}])
    box = BBox(*values)
    _check_position([box.min_lon, box.min_lat], what=what)
    _check_position([box.max_lon, box.max_lat], what=what)
    if box.min_lon > box.max_lon or box.min_lat > box.max_lat:
        raise InvalidValue(f"{what} {text!r}: the minimum is above the maximum",
                           details=[{"field": what, "value": text}])
    return box


def as_shape(value: Any) -> BaseGeometry:
    """A shapely geometry from a shapely geometry, WKB bytes or a (checked) GeoJSON geometry object."""
    if isinstance(value, BaseGeometry):
        return value
    if isinstance(value, dict):
        return parse_geometry(value, allowed=tuple(_DEPTH))
    if isinstance(value, bytes | bytearray | memoryview):  # WKB, as stored
        return shapely.from_wkb(bytes(value))
    raise ValueError("expected a shapely geometry, WKB or a GeoJSON geometry object")


Shape = Annotated[
    BaseGeometry,
    PlainValidator(as_shape),
    PlainSerializer(to_geojson, when_used="json"),
    WithJsonSchema({"type": "object", "description": "A GeoJSON geometry object (WGS84)."}),
]


def _positions(value: Any, depth: int, *, what: str, counter: list[int], limit: int) -> Any:
    if depth == 0:
        _check_position(value, what=what)
        counter[0] += 1
        if counter[0] > limit:
            raise _invalid(what, f"more than {limit} positions; simplify the geometry")
        return [float(value[0]), float(value[1])]
    if not isinstance(value, list):
        raise _invalid(what, "coordinates must be nested arrays of [lon, lat] positions")
    return [_positions(v, depth - 1, what=what, counter=counter, limit=limit) for v in value]


def _check_position(pos: Any, *, what: str) -> None:
    if (not isinstance(pos, list | tuple) or len(pos) not in (2, 3)
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in pos)):
        raise _invalid(what, f"position {pos!r} is not [lon, lat]")
    lon, lat = float(pos[0]), float(pos[1])
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise _invalid(what, f"position {list(pos)!r} has a non-finite number")
    if not -180.0 <= lon <= 180.0:
        raise _invalid(what, f"longitude {lon:g} is outside -180..180 (positions are [lon, lat] in WGS84)")
    if not -90.0 <= lat <= 90.0:
        raise _invalid(what, f"latitude {lat:g} is outside -90..90 (positions are [lon, lat] in WGS84)")


def _check_parts(kind: str, coords: Any, *, what: str) -> None:
    if kind == "Polygon":
        _check_polygon(coords, what=what, label="polygon")
    elif kind == "MultiPolygon":
        for i, poly in enumerate(coords, start=1):
            _check_polygon(poly, what=what, label=f"polygon {i}")
    elif kind == "LineString" and len(coords) < 2:
        raise _invalid(what, "a LineString needs two positions or more")
    elif kind == "MultiLineString":
        for i, line in enumerate(coords, start=1):
            if len(line) < 2:
                raise _invalid(what, f"line {i} needs two positions or more")


def _check_polygon(rings: list[Any], *, what: str, label: str) -> None:
    if not rings:
        raise _invalid(what, f"{label} is empty")
    for j, ring in enumerate(rings, start=1):
        name = "the outer ring" if j == 1 else f"hole {j - 1}"
        if len(ring) < 4:
            raise _invalid(what, f"{name} of {label} has {len(ring)} positions; a ring needs 4 or more")
        if ring[0] != ring[-1]:
            raise _invalid(what, f"{name} of {label} is not closed: it starts at {ring[0]} and ends at "
                                 f"{ring[-1]}; repeat the first position at the end")


def _invalid(what: str, message: str) -> InvalidGeometry:
    return InvalidGeometry(f"{what}: {message}", details=[{"field": what, "message": message}])


def _lists(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    return value
