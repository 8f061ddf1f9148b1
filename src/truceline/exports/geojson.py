"""GeoJSON (RFC 7946): one FeatureCollection, one Feature per record.

The geometry is the record's area (Polygon or MultiPolygon) when it has one, else its point; coordinates
are ``[lon, lat]`` in WGS84. ``properties`` hold the columns of the CSV export as JSON values (the point
too, as ``lon``/``lat``); the Feature ``id`` is the record's id.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from truceline.exports.columns import COLUMNS, COORDINATE_DECIMALS, properties
from truceline.exports.models import ExportRequest
from truceline.exports.records import pages


def geometry(record: Any) -> dict[str, Any]:
    if record.area is not None:
        return dict(record.area)
    return {"type": "Point",
            "coordinates": [round(record.lon, COORDINATE_DECIMALS), round(record.lat, COORDINATE_DECIMALS)]}


def feature(record: Any, columns: Any) -> dict[str, Any]:
    return {"type": "Feature", "id": record.id, "geometry": geometry(record),
            "properties": properties(record, columns)}


def render_geojson(store: Any, request: ExportRequest) -> Iterator[str]:
    columns = COLUMNS[request.kind]
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for page in pages(store, request):
        text = ",\n".join(json.dumps(feature(r, columns), ensure_ascii=False) for r in page)
        yield ("\n" if first else ",\n") + text
        first = False
    yield "\n]}\n"
