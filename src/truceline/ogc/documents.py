"""The JSON documents of OGC API – Features (Part 1: Core, GeoJSON, OpenAPI 3.0), built from plain data.

``base`` is the API root as clients reached it (e.g. ``http://host:8000/ogc``); every link is absolute so
GDAL and QGIS follow them exactly as given.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from truceline.ogc.collections import COLLECTIONS, Collection, Extent

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
]
JSON = "application/json"
GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"


def _link(href: str, rel: str, type_: str, title: str | None = None) -> dict[str, str]:
    link = {"href": href, "rel": rel, "type": type_}
    if title:
        link["title"] = title
    return link


def landing(base: str, *, openapi_url: str) -> dict[str, Any]:
    return {
        "title": "Truceline — OGC API Features",
        "description": "Published data of this monitoring mechanism: zones, observation posts and published "
                       "incidents, as GeoJSON features.",
        "links": [_link(base, "self", JSON, "This document"),
                  _link(openapi_url, "service-desc", OPENAPI, "The API definition"),
                  _link(f"{base}/conformance", "conformance", JSON, "Conformance classes"),
                  _link(f"{base}/collections", "data", JSON, "Collections")],
    }


def conformance() -> dict[str, Any]:
    return {"conformsTo": CONFORMANCE}


def _moment(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return f"{value.isoformat()}T00:00:00Z"


def collection_document(base: str, item: Collection, extent: Extent | None) -> dict[str, Any]:
    url = f"{base}/collections/{item.id}"
    doc: dict[str, Any] = {
        "id": item.id, "title": item.title, "description": item.description, "itemType": "feature",
        "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
        "links": [_link(url, "self", JSON), _link(f"{url}/items", "items", GEOJSON, f"{item.title} as GeoJSON")],
    }
    if extent is not None:
        doc["extent"] = {"spatial": {"bbox": [list(extent.bbox)],
                                     "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84"},
                         "temporal": {"interval": [[_moment(extent.start), _moment(extent.end)]]}}
    else:  # an empty collection: GDAL still needs a box to open the layer
        doc["extent"] = {"spatial": {"bbox": [[-180.0, -90.0, 180.0, 90.0]]}}
    return doc


def collections_document(base: str, extents: dict[str, Extent | None]) -> dict[str, Any]:
    return {"links": [_link(f"{base}/collections", "self", JSON)],
            "collections": [collection_document(base, c, extents[c.id]) for c in COLLECTIONS.values()]}


def items_document(self_url: str, features: list[dict[str, Any]], matched: int, *, next_url: str | None,
                   prev_url: str | None, now: datetime) -> dict[str, Any]:
    links = [_link(self_url, "self", GEOJSON)]
    if next_url:
        links.append(_link(next_url, "next", GEOJSON, "Next page"))
    if prev_url:
        links.append(_link(prev_url, "prev", GEOJSON, "Previous page"))
    return {"type": "FeatureCollection", "features": features, "numberMatched": matched,
            "numberReturned": len(features), "timeStamp": _moment(now), "links": links}


def item_document(feature: dict[str, Any], *, self_url: str, collection_url: str) -> dict[str, Any]:
    return {**feature, "links": [_link(self_url, "self", GEOJSON),
                                 _link(collection_url, "collection", JSON)]}
