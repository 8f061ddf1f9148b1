"""Routes of the zones register: GeoJSON out (RFC 7946), plain JSON in (``ZoneCreate``)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from truceline.audit.schemas import ChangesPublic
from truceline.common.context import Ctx
from truceline.geo.geometry import make_point, parse_bbox
from truceline.web.deps import CtxDep, PageDep, StoreDep, ViewDep, parse_ref, visible
from truceline.zones import service
from truceline.zones.models import Zone, ZoneKind, ZoneQuery
from truceline.zones.schemas import (
    ZoneCollection,
    ZoneCreate,
    ZoneFeature,
    ZoneUpdate,
    ZoneVersionAdd,
)

router = APIRouter(prefix="/api/v1/zones", tags=["zones"])


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"


def _today(ctx: Ctx) -> date:
    return ctx.clock.now().date()


def _collection(zones: list[Zone], count: int, at: date) -> ZoneCollection:
    return ZoneCollection(features=[ZoneFeature.from_zone(z, at=at) for z in zones], count=count)


@router.get("", response_model=ZoneCollection, response_class=GeoJSONResponse)
def list_zones(store: StoreDep, ctx: CtxDep, view: ViewDep, page: PageDep, kind: ZoneKind | None = None,
               agreement: str | None = None, bbox: str | None = None, at: date | None = None) -> ZoneCollection:
    """Zones with a boundary in force on ``at`` (default today), that boundary as geometry.

    ``bbox=minlon,minlat,maxlon,maxlat`` keeps zones whose boundary that day intersects the box."""
    day = at or _today(ctx)
    query = ZoneQuery(kind=kind, agreement=agreement, at=day, bbox=parse_bbox(bbox) if bbox else None, view=view)
    paged = service.list_zones(store, query, page)
    return _collection(paged.items, paged.count, day)


@router.get("/containing", response_model=ZoneCollection, response_class=GeoJSONResponse)
def zones_containing(lon: float, lat: float, store: StoreDep, ctx: CtxDep, view: ViewDep,
                     at: date | None = None) -> ZoneCollection:
    """Zones whose boundary in force on ``at`` (default today) covers the point (edge included)."""
    day = at or _today(ctx)
    zones = [z for z in service.zones_containing(store, make_point(lon, lat, what="lon/lat"), day)
             if view.admits_record(z)]
    return _collection(zones, len(zones), day)


@router.post("", response_model=ZoneFeature, response_class=GeoJSONResponse, status_code=201)
def create_zone(data: ZoneCreate, store: StoreDep, ctx: CtxDep) -> ZoneFeature:
    zone = service.create_zone(store, ctx, data)
    return ZoneFeature.from_zone(zone, at=_today(ctx))


@router.get("/{ref}", response_model=ZoneFeature, response_class=GeoJSONResponse)
def get_zone(ref: str, store: StoreDep, ctx: CtxDep, view: ViewDep, at: date | None = None) -> ZoneFeature:
    """The zone with the boundary in force on ``at`` (default today; ``geometry`` null when none) and the
    list of all its versions in ``properties.versions``."""
    zone = visible(view, service.get_zone(store, parse_ref(ref)), what="zone", ref=ref)
    return ZoneFeature.from_zone(zone, at=at or _today(ctx))


@router.patch("/{ref}", response_model=ZoneFeature, response_class=GeoJSONResponse)
def update_zone(ref: str, data: ZoneUpdate, store: StoreDep, ctx: CtxDep) -> ZoneFeature:
    return ZoneFeature.from_zone(service.update_zone(store, ctx, parse_ref(ref), data), at=_today(ctx))


@router.post("/{ref}/versions", response_model=ZoneFeature, response_class=GeoJSONResponse, status_code=201)
def add_zone_version(ref: str, data: ZoneVersionAdd, store: StoreDep, ctx: CtxDep) -> ZoneFeature:
    """Add a boundary version; an open-ended one before it is closed at its ``valid_from``. The answer
    shows the zone as on the new version's ``valid_from``."""
    zone = service.add_zone_version(store, ctx, parse_ref(ref), data)
    return ZoneFeature.from_zone(zone, at=data.valid_from)


@router.get("/{ref}/history", response_model=ChangesPublic)
def zone_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = service.zone_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))
