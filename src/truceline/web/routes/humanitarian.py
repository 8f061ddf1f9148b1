"""Routes of the humanitarian registers: hazard areas (demining, land release) and humanitarian windows.

GeoJSON out (RFC 7946), plain JSON in (``HazardCreate``, ``WindowCreate``). ``router`` holds both.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from truceline.accounts.policy import Action, Principal, Resource
from truceline.accounts.web_deps import require
from truceline.audit.schemas import ChangesPublic
from truceline.common.models import as_utc
from truceline.common.visibility import Visibility
from truceline.geo.geometry import parse_bbox
from truceline.humanitarian import accident_service, hazard_service, window_service
from truceline.humanitarian.accident_models import AccidentQuery, DeviceType, ExplosiveAccident
from truceline.humanitarian.accident_schemas import AccidentCollection, AccidentCreate, AccidentFeature, AccidentUpdate
from truceline.humanitarian.hazard_models import HazardQuery, HazardType, LandStatus
from truceline.humanitarian.hazard_schemas import (
    AccidentAdd,
    ClearanceAdd,
    HazardCollection,
    HazardCreate,
    HazardFeature,
    HazardUpdate,
    StatusChangeAdd,
)
from truceline.humanitarian.window_models import Purpose, WindowQuery, WindowStatus
from truceline.humanitarian.window_schemas import (
    WindowCollection,
    WindowCreate,
    WindowFeature,
    WindowStatusChange,
    WindowUpdate,
)
from truceline.web.deps import CtxDep, PageDep, StoreDep, ViewDep, parse_ref, visible

router = APIRouter(prefix="/api/v1", tags=["humanitarian"])


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"


@router.get("/hazards", response_model=HazardCollection, response_class=GeoJSONResponse)
def list_hazards(store: StoreDep, view: ViewDep, page: PageDep,
                 type: HazardType | None = None, status: LandStatus | None = None,
                 bbox: str | None = None) -> HazardCollection:
    """Hazard areas; ``status`` filters on the latest land-release status, ``bbox`` on the area's box."""
    query = HazardQuery(type=type, status=status, bbox=parse_bbox(bbox) if bbox else None, view=view)
    paged = hazard_service.list_hazards(store, query, page)
    return HazardCollection(features=[HazardFeature.from_hazard(h) for h in paged.items], count=paged.count)


@router.post("/hazards", response_model=HazardFeature, response_class=GeoJSONResponse, status_code=201)
def create_hazard(data: HazardCreate, store: StoreDep, ctx: CtxDep) -> HazardFeature:
    return HazardFeature.from_hazard(hazard_service.create_hazard(store, ctx, data))


@router.get("/hazards/{ref}", response_model=HazardFeature, response_class=GeoJSONResponse)
def get_hazard(ref: str, store: StoreDep, view: ViewDep) -> HazardFeature:
    hazard = visible(view, hazard_service.get_hazard(store, parse_ref(ref)), what="hazard area", ref=ref)
    return HazardFeature.from_hazard(hazard)


@router.patch("/hazards/{ref}", response_model=HazardFeature, response_class=GeoJSONResponse)
def update_hazard(ref: str, data: HazardUpdate, store: StoreDep, ctx: CtxDep) -> HazardFeature:
    return HazardFeature.from_hazard(hazard_service.update_hazard(store, ctx, parse_ref(ref), data))


@router.post("/hazards/{ref}/status", response_model=HazardFeature, response_class=GeoJSONResponse,
             status_code=201)
def add_hazard_status(ref: str, data: StatusChangeAdd, store: StoreDep, ctx: CtxDep) -> HazardFeature:
    """Move the area one land-release step (suspected → confirmed/cancelled, confirmed → cleared/released,
    cleared → released)."""
    return HazardFeature.from_hazard(hazard_service.add_status_change(store, ctx, parse_ref(ref), data))


@router.post("/hazards/{ref}/clearances", response_model=HazardFeature, response_class=GeoJSONResponse,
             status_code=201)
def add_clearance(ref: str, data: ClearanceAdd, store: StoreDep, ctx: CtxDep) -> HazardFeature:
    return HazardFeature.from_hazard(hazard_service.add_clearance(store, ctx, parse_ref(ref), data))


@router.post("/hazards/{ref}/accidents", response_model=HazardFeature, response_class=GeoJSONResponse,
             status_code=201)
def add_accident(ref: str, data: AccidentAdd, store: StoreDep, ctx: CtxDep) -> HazardFeature:
    return HazardFeature.from_hazard(hazard_service.add_accident(store, ctx, parse_ref(ref), data))


@router.get("/hazards/{ref}/history", response_model=ChangesPublic)
def hazard_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = hazard_service.hazard_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))


@router.get("/windows", response_model=WindowCollection, response_class=GeoJSONResponse)
def list_windows(store: StoreDep, ctx: CtxDep, view: ViewDep, page: PageDep, purpose: Purpose | None = None,
                 status: WindowStatus | None = None, bbox: str | None = None,
                 at: datetime | None = None) -> WindowCollection:
    """Humanitarian windows, each with its status now; ``at`` keeps those whose time includes that instant,
    ``status`` filters on the stored status (requested, agreed, cancelled)."""
    when = None if at is None else as_utc(at)
    query = WindowQuery(purpose=purpose, status=status, bbox=parse_bbox(bbox) if bbox else None,
                        start=when, end=when, view=view)
    paged = window_service.list_windows(store, query, page)
    now = ctx.clock.now()
    return WindowCollection(features=[WindowFeature.from_window(w, now=now) for w in paged.items],
                            count=paged.count)


@router.post("/windows", response_model=WindowFeature, response_class=GeoJSONResponse, status_code=201)
def create_window(data: WindowCreate, store: StoreDep, ctx: CtxDep) -> WindowFeature:
    return WindowFeature.from_window(window_service.create_window(store, ctx, data), now=ctx.clock.now())


@router.get("/windows/{ref}", response_model=WindowFeature, response_class=GeoJSONResponse)
def get_window(ref: str, store: StoreDep, ctx: CtxDep, view: ViewDep) -> WindowFeature:
    window = visible(view, window_service.get_window(store, parse_ref(ref)), what="humanitarian window", ref=ref)
    return WindowFeature.from_window(window, now=ctx.clock.now())


@router.patch("/windows/{ref}", response_model=WindowFeature, response_class=GeoJSONResponse)
def update_window(ref: str, data: WindowUpdate, store: StoreDep, ctx: CtxDep) -> WindowFeature:
    window = window_service.update_window(store, ctx, parse_ref(ref), data)
    return WindowFeature.from_window(window, now=ctx.clock.now())


@router.post("/windows/{ref}/status", response_model=WindowFeature, response_class=GeoJSONResponse)
def change_window_status(ref: str, data: WindowStatusChange, store: StoreDep, ctx: CtxDep) -> WindowFeature:
    """Agree or cancel a window (requested → agreed → cancelled, requested → cancelled)."""
    window = window_service.change_window_status(store, ctx, parse_ref(ref), data)
    return WindowFeature.from_window(window, now=ctx.clock.now())


@router.get("/windows/{ref}/history", response_model=ChangesPublic)
def window_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = window_service.window_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))


# --- explosive ordnance accidents on their own ------------------------------------------------------------

ReadAccidents = Annotated[Principal, Depends(require(Action.read, Resource.hazard_areas))]


def _accident_feature(store: StoreDep, accident: ExplosiveAccident, view: Visibility | None = None
                      ) -> AccidentFeature:
    return AccidentFeature.of(accident, accident_service.locate(store, accident, view=view))


@router.get("/accidents", response_model=AccidentCollection, response_class=GeoJSONResponse)
def list_accidents(store: StoreDep, page: PageDep, view: ViewDep, device: DeviceType | None = None,
                   bbox: str | None = None, since: date | None = None, until: date | None = None,
                   outside: bool | None = None) -> AccidentCollection:
    """Explosive ordnance accidents, each linked to the hazard areas covering it; ``outside=true`` keeps
    those outside every known area (candidates for a new suspected hazard area)."""
    query = AccidentQuery(device=device, bbox=parse_bbox(bbox) if bbox else None, since=since, until=until,
                          view=view)
    paged = accident_service.list_accidents(store, query, page)
    features = [_accident_feature(store, a, view) for a in paged.items]
    if outside is not None:
        features = [f for f in features if f.properties.outside_hazard_areas == outside]
    return AccidentCollection(features=features, count=paged.count if outside is None else len(features))


@router.post("/accidents", response_model=AccidentFeature, response_class=GeoJSONResponse, status_code=201)
def create_accident(data: AccidentCreate, store: StoreDep, ctx: CtxDep,
                    principal: Annotated[Principal, Depends(require(Action.create, Resource.hazard_areas))]
                    ) -> AccidentFeature:
    """Record an accident on its own: a Point, a date, the device, the casualties."""
    return _accident_feature(store, accident_service.create_accident(store, ctx, data))


@router.get("/accidents/{ref}", response_model=AccidentFeature, response_class=GeoJSONResponse)
def get_accident(ref: str, store: StoreDep, view: ViewDep) -> AccidentFeature:
    accident = visible(view, accident_service.get_accident(store, parse_ref(ref)), what="accident", ref=ref)
    return _accident_feature(store, accident, view)


@router.patch("/accidents/{ref}", response_model=AccidentFeature, response_class=GeoJSONResponse)
def update_accident(ref: str, data: AccidentUpdate, store: StoreDep, ctx: CtxDep,
                    principal: Annotated[Principal, Depends(require(Action.update, Resource.hazard_areas))]
                    ) -> AccidentFeature:
    return _accident_feature(store, accident_service.update_accident(store, ctx, parse_ref(ref), data))


@router.get("/accidents/{ref}/history", response_model=ChangesPublic)
def accident_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = accident_service.accident_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))
