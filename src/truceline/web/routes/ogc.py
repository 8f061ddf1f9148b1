"""OGC API – Features under ``/ogc``: what QGIS and GDAL's OAPIF driver read as layers. Published data
only (what an anonymous public reader may read); see ``truceline.ogc``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from truceline.errors import InvalidValue, NotFound
from truceline.ogc import documents
from truceline.ogc.collections import COLLECTIONS, collection
from truceline.ogc.params import clamp_limit, parse_datetime, parse_ogc_bbox
from truceline.web.deps import StoreDep

router = APIRouter(prefix="/ogc", tags=["ogc"])


class GeoJSONResponse(JSONResponse):
    media_type = documents.GEOJSON


ITEMS_PARAMS = frozenset({"bbox", "datetime", "limit", "offset", "f"})
FEATURE_PARAMS = frozenset({"f"})


def _refuse_unknown(request: Request, known: frozenset[str]) -> None:
    """A query parameter the API does not define is refused (Part 1, /req/core/query-param-unknown): a
    filter the server would silently ignore returns more than the client asked for."""
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise InvalidValue(f"unknown query parameter(s) {', '.join(unknown)}: this API takes "
                           f"{', '.join(sorted(known))}", details=[{"field": name} for name in unknown])


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/ogc"


@router.get("", response_model=None)
def landing_page(request: Request) -> dict[str, Any]:
    """The landing page: links to the API definition, conformance and the collections."""
    return documents.landing(_base(request), openapi_url=str(request.base_url).rstrip("/") + "/openapi.json")


@router.get("/conformance", response_model=None)
def conformance() -> dict[str, Any]:
    return documents.conformance()


@router.get("/collections", response_model=None)
def collections(request: Request, store: StoreDep) -> dict[str, Any]:
    return documents.collections_document(_base(request), {c.id: c.extent(store) for c in COLLECTIONS.values()})


@router.get("/collections/{collection_id}", response_model=None)
def collection_page(collection_id: str, request: Request, store: StoreDep) -> dict[str, Any]:
    item = collection(collection_id)
    return documents.collection_document(_base(request), item, item.extent(store))


@router.get("/collections/{collection_id}/items", response_class=GeoJSONResponse, response_model=None)
def items(collection_id: str, request: Request, store: StoreDep,
          bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat (CRS84)")] = None,
          datetime: Annotated[str | None, Query(description="RFC 3339 instant or interval (a/b, .. open)")] = None,
          limit: Annotated[int | None, Query(description="Page size (capped by the server)")] = None,
          offset: Annotated[int, Query(ge=0, description="Features to skip (used by the next link)")] = 0,
          ) -> dict[str, Any]:
    """Features of a collection filtered by ``bbox`` and ``datetime``, a page at a time with next links."""
    _refuse_unknown(request, ITEMS_PARAMS)
    item = collection(collection_id)
    size = clamp_limit(limit, maximum=request.app.state.settings.page_size_max)
    features, matched = item.items(store, bbox=parse_ogc_bbox(bbox), interval=parse_datetime(datetime),
                                   limit=size, offset=offset)
    url = request.url
    next_url = (str(url.include_query_params(limit=size, offset=offset + size))
                if offset + len(features) < matched else None)
    prev_url = str(url.include_query_params(limit=size, offset=max(0, offset - size))) if offset > 0 else None
    return documents.items_document(str(url), features, matched, next_url=next_url, prev_url=prev_url,
                                    now=request.app.state.clock.now())


@router.get("/collections/{collection_id}/items/{feature_id}", response_class=GeoJSONResponse,
            response_model=None)
def feature(collection_id: str, feature_id: str, request: Request, store: StoreDep) -> dict[str, Any]:
    _refuse_unknown(request, FEATURE_PARAMS)
    item = collection(collection_id)
    found = item.item(store, feature_id)
    if found is None:
        raise NotFound(f"no feature {feature_id!r} in collection {collection_id!r}")
    base = f"{_base(request)}/collections/{collection_id}"
    return documents.item_document(found, self_url=str(request.url), collection_url=base)
