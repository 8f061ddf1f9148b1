"""Routes of the posts register: GeoJSON out (RFC 7946), plain JSON in (``PostCreate``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from truceline.audit.schemas import ChangesPublic
from truceline.geo.geometry import make_point, parse_bbox
from truceline.posts import service
from truceline.posts.models import PostKind, PostQuery, PostState
from truceline.posts.schemas import PostCollection, PostCreate, PostEventAdd, PostFeature, PostUpdate
from truceline.web.deps import CtxDep, PageDep, StoreDep, ViewDep, parse_ref, visible

router = APIRouter(prefix="/api/v1/posts", tags=["posts"])


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"


@router.get("", response_model=PostCollection, response_class=GeoJSONResponse)
def list_posts(store: StoreDep, view: ViewDep, page: PageDep, zone: str | None = None, guarantor: str | None = None,
               kind: PostKind | None = None, state: PostState | None = None, bbox: str | None = None,
               at: date | None = None) -> PostCollection:
    """Posts, with their state. With ``at``: only posts whose first lifecycle step is on or before that day,
    with their state then (``state=`` filters on it); without: every post with its latest state."""
    query = PostQuery(zone=zone, guarantor=guarantor, kind=kind, state=state, at=at,
                      bbox=parse_bbox(bbox) if bbox else None, view=view)
    paged = service.list_posts(store, query, page)
    return PostCollection(features=[PostFeature.from_post(p, at=at) for p in paged.items], count=paged.count)


@router.get("/near", response_model=PostCollection, response_class=GeoJSONResponse)
def posts_near(lon: float, lat: float, store: StoreDep, view: ViewDep,
               radius_km: Annotated[float, Query(gt=0, le=1000)] = 10.0, at: date | None = None,
               state: Annotated[list[PostState] | None, Query()] = None) -> PostCollection:
    """Posts within ``radius_km`` of the point (existing on ``at`` when given), nearest first, each with
    ``distance_km``; ``state`` (repeatable) keeps posts in those states."""
    found = service.posts_near(store, make_point(lon, lat, what="lon/lat"), at, radius_km=radius_km,
                               states=state)
    features = [PostFeature.from_post(p, at=at, distance_km=round(d, 3)) for p, d in found if view.admits_record(p)]
    return PostCollection(features=features, count=len(features))


@router.post("", response_model=PostFeature, response_class=GeoJSONResponse, status_code=201)
def create_post(data: PostCreate, store: StoreDep, ctx: CtxDep) -> PostFeature:
    return PostFeature.from_post(service.create_post(store, ctx, data))


@router.get("/{ref}", response_model=PostFeature, response_class=GeoJSONResponse)
def get_post(ref: str, store: StoreDep, view: ViewDep, at: date | None = None) -> PostFeature:
    return PostFeature.from_post(visible(view, service.get_post(store, parse_ref(ref)), what="post", ref=ref), at=at)


@router.patch("/{ref}", response_model=PostFeature, response_class=GeoJSONResponse)
def update_post(ref: str, data: PostUpdate, store: StoreDep, ctx: CtxDep) -> PostFeature:
    return PostFeature.from_post(service.update_post(store, ctx, parse_ref(ref), data))


@router.post("/{ref}/events", response_model=PostFeature, response_class=GeoJSONResponse, status_code=201)
def add_post_event(ref: str, data: PostEventAdd, store: StoreDep, ctx: CtxDep) -> PostFeature:
    """Append a lifecycle step (states only move forward: proposed → agreed → deployed → withdrawn)."""
    return PostFeature.from_post(service.add_post_event(store, ctx, parse_ref(ref), data))


@router.get("/{ref}/history", response_model=ChangesPublic)
def post_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = service.post_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))
