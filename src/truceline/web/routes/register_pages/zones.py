"""Zone register pages: the list with a map of the boundaries in force on a date, a zone with the map of
its boundary on a chosen date and all its versions, and the staff's forms: create a zone and add a boundary
version, each drawn on the map (Leaflet-Geoman) or uploaded as a GeoJSON file, and edit a zone's fields."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData, UploadFile

from truceline.accounts.policy import Action, Principal, Resource
from truceline.accounts.web_deps import require
from truceline.common.models import ReleaseLevel
from truceline.errors import InvalidGeometry
from truceline.geo.geometry import to_geojson
from truceline.web.deps import StoreDep, parse_ref
from truceline.web.routes.pages import POST_COLOURS, ZONE_COLOURS, basemap_layers
from truceline.web.routes.register_pages.agreements import agreement_names
from truceline.web.routes.register_pages.common import (
    ALL,
    FormDep,
    FormErrors,
    FormShape,
    attempt,
    choices,
    ctx_for,
    for_create,
    form_errors,
    is_staff,
    opt_date,
    opt_enum,
    parse_form,
    render,
    see_other,
    status_of,
    today,
    validated,
    visible,
    visible_or_404,
)
from truceline.zones import service
from truceline.zones.boundary_file import boundary_from_file
from truceline.zones.models import Zone, ZoneKind, ZoneQuery, ZoneStatus, ZoneVersion
from truceline.zones.schemas import ZoneCreate, ZoneUpdate, ZoneVersionAdd

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require(Action.read, Resource.zones))]
Creator = Annotated[Principal, Depends(require(Action.create, Resource.zones))]
Updater = Annotated[Principal, Depends(require(Action.update, Resource.zones))]
SHAPE = FormShape(lines=frozenset({"admin_areas"}), bools=frozenset({"approximate"}))
ZONE_FIELDS = ("key", "name", "kind", "agreement", "admin_areas", "approximate", "description", "release")
VERSION_FIELDS = ("valid_from", "valid_until", "status", "note")
FIELDS = (*ZONE_FIELDS, *VERSION_FIELDS, "geometry", "boundary_file", "reason")
UPDATE_FIELDS = (*(f for f in ZONE_FIELDS if f != "key"), "reason", "expected_version")
REQUIRED = ("name", "kind", "release")
RENAMES = {"versions.0.": "", "versions": "valid_from"}


def url(zone: Zone) -> str:
    return f"/registers/zones/{quote(zone.key)}"


def feature(zone: Zone, version: ZoneVersion) -> dict[str, Any]:
    return {"type": "Feature", "geometry": to_geojson(version.geometry),
            "properties": {"key": zone.key, "name": zone.name, "status": version.status.value,
                           "valid_from": version.valid_from.isoformat(),
                           "valid_until": version.valid_until.isoformat() if version.valid_until else None,
                           "url": url(zone)}}


def map_config(features: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """What ``registers.js`` needs to draw a map: the packaged basemap, the features, the colours."""
    return {"basemap": basemap_layers(), "features": {"type": "FeatureCollection", "features": features},
            "colours": {"zone": ZONE_COLOURS, "post": POST_COLOURS}, **extra}


@router.get("/registers/zones", response_class=HTMLResponse)
def zones_list(request: Request, store: StoreDep, principal: Reader, kind: str | None = None,
               agreement: str | None = None, at: str | None = None) -> HTMLResponse:
    chosen = opt_date(at)
    day = chosen or today(request)
    query = ZoneQuery(kind=opt_enum(ZoneKind, kind, name="kind"), agreement=agreement or None, at=chosen)
    zones = visible(principal, service.list_zones(store, query, ALL).items)
    rows = [{"zone": z, "shown": z.version_on(day)} for z in zones]
    features = [feature(r["zone"], r["shown"]) for r in rows if r["shown"] is not None]
    return render(request, principal, "registers/zones.html", page="registers", register="zones", rows=rows,
                  day=day, at=at or "", kind=kind or "", agreement=agreement or "", kinds=choices(ZoneKind),
                  agreements=sorted(agreement_names(store, principal).items()), config=map_config(features))


@router.get("/registers/zones/new", response_class=HTMLResponse)
def zone_new(request: Request, store: StoreDep, principal: Creator) -> HTMLResponse:
    values = {"release": "public", "status": "active", "valid_from": today(request).isoformat()}
    return _form(request, store, principal, zone=None, values=values)


@router.post("/registers/zones/new", response_class=HTMLResponse)
def zone_create(request: Request, store: StoreDep, principal: Creator, form: FormDep) -> Response:
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)

    def create() -> Zone:
        version = for_create({k: values.get(k) for k in VERSION_FIELDS})
        version["geometry"] = posted_boundary(form, values)
        data = {**for_create({k: values.get(k) for k in ZONE_FIELDS}), "versions": [version]}
        return service.create_zone(store, ctx, validated(ZoneCreate, data))

    zone, err = attempt(store, create)
    if err is not None:
        return _form(request, store, principal, zone=None, values=values,
                     errors=form_errors(err, FIELDS, renames=RENAMES), status_code=status_of(err))
    return see_other(url(zone))


@router.get("/registers/zones/{ref}", response_class=HTMLResponse)
def zone_page(ref: str, request: Request, store: StoreDep, principal: Reader, at: str | None = None) -> HTMLResponse:
    zone = visible_or_404(principal, service.get_zone(store, parse_ref(ref)), "zone", ref)
    day = opt_date(at) or today(request)
    shown = zone.version_on(day)
    history = service.zone_history(store, zone.id) if is_staff(principal) else None
    config = map_config([feature(zone, shown)] if shown is not None else [])
    return render(request, principal, "registers/zone.html", page="registers", register="zones", zone=zone,
                  shown=shown, day=day, at=at or "", config=config, history=history,
                  agreements=agreement_names(store, principal))


@router.get("/registers/zones/{ref}/edit", response_class=HTMLResponse)
def zone_edit(ref: str, request: Request, store: StoreDep, principal: Updater) -> HTMLResponse:
    zone = service.get_zone(store, parse_ref(ref))
    values = {**zone.model_dump(mode="json", exclude={"versions"}), "expected_version": zone.version}
    return _form(request, store, principal, zone=zone, values=values)


@router.post("/registers/zones/{ref}/edit", response_class=HTMLResponse)
def zone_update(ref: str, request: Request, store: StoreDep, principal: Updater, form: FormDep) -> Response:
    zone = service.get_zone(store, parse_ref(ref))
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)
    data = {k: values.get(k) for k in UPDATE_FIELDS}
    updated, err = attempt(store, lambda: service.update_zone(store, ctx, zone.id,
                                                              validated(ZoneUpdate, data, required=REQUIRED)))
    if err is not None:
        return _form(request, store, principal, zone=zone, values=values, errors=form_errors(err, FIELDS),
                     status_code=status_of(err))
    return see_other(url(updated))


@router.get("/registers/zones/{ref}/boundary", response_class=HTMLResponse)
def boundary_new(ref: str, request: Request, store: StoreDep, principal: Updater) -> HTMLResponse:
    zone = service.get_zone(store, parse_ref(ref))
    latest = zone.versions[-1] if zone.versions else None
    values = {"valid_from": today(request).isoformat(), "status": latest.status.value if latest else "active",
              "geometry": json.dumps(to_geojson(latest.geometry)) if latest else "",
              "expected_version": zone.version}
    return _boundary_form(request, principal, zone=zone, values=values)


@router.post("/registers/zones/{ref}/boundary", response_class=HTMLResponse)
def boundary_add(ref: str, request: Request, store: StoreDep, principal: Updater, form: FormDep) -> Response:
    zone = service.get_zone(store, parse_ref(ref))
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)

    def add() -> Zone:
        data = {**for_create({k: values.get(k) for k in (*VERSION_FIELDS, "reason", "expected_version")}, drop=()),
                "geometry": posted_boundary(form, values)}
        return service.add_zone_version(store, ctx, zone.id, validated(ZoneVersionAdd, data))

    updated, err = attempt(store, add)
    if err is not None:
        return _boundary_form(request, principal, zone=zone, values=values, status_code=status_of(err),
                              errors=form_errors(err, FIELDS, renames=RENAMES))
    return see_other(f"{url(updated)}?at={values.get('valid_from')}")


def posted_boundary(form: FormData, values: dict[str, Any]) -> dict[str, Any]:
    """The boundary of a zone form: the uploaded GeoJSON file when one is chosen, else the drawn one."""
    upload = form.get("boundary_file")
    if isinstance(upload, UploadFile) and upload.filename:
        return boundary_from_file(upload.file.read(), name=upload.filename)
    text = values.get("geometry")
    if not text:
        raise InvalidGeometry("draw the boundary on the map or choose a GeoJSON file",
                              details=[{"field": "geometry", "message": "draw the boundary or upload a file"}])
    try:
        geometry = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidGeometry(f"the boundary is not GeoJSON: {exc.msg}",
                              details=[{"field": "geometry", "message": f"not GeoJSON: {exc.msg}"}]) from None
    if not isinstance(geometry, dict):
        raise InvalidGeometry("the boundary must be a GeoJSON geometry object", details=[{"field": "geometry"}])
    return geometry


def _form(request: Request, store: Any, principal: Any, *, zone: Zone | None, values: dict[str, Any],
          errors: FormErrors | None = None, status_code: int = 200) -> HTMLResponse:
    return render(request, principal, "registers/zone_form.html", page="registers", register="zones",
                  status_code=status_code, zone=zone, values=values, errors=errors, kinds=choices(ZoneKind),
                  statuses=choices(ZoneStatus), releases=choices(ReleaseLevel),
                  agreements=sorted(agreement_names(store, principal).items()),
                  config=map_config([], draw=True), admin_areas_text="\n".join(values.get("admin_areas") or []))


def _boundary_form(request: Request, principal: Any, *, zone: Zone, values: dict[str, Any],
                   errors: FormErrors | None = None, status_code: int = 200) -> HTMLResponse:
    others = [feature(zone, v) for v in zone.versions]
    return render(request, principal, "registers/boundary_form.html", page="registers", register="zones",
                  status_code=status_code, zone=zone, values=values, errors=errors, statuses=choices(ZoneStatus),
                  config=map_config(others, draw=True, reference=True))

