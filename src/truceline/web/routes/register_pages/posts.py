"""Post register pages: posts grouped by lifecycle state (on a chosen date) with their map, a post with its
lifecycle history and the next steps its state allows as buttons, and the staff's forms, where a click on
the map places the post."""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from truceline.accounts.policy import Action, Principal, Resource
from truceline.accounts.web_deps import require
from truceline.common.models import ReleaseLevel
from truceline.errors import InvalidGeometry
from truceline.posts import service
from truceline.posts.models import STATE_ORDER, Post, PostKind, PostQuery, PostState
from truceline.posts.schemas import PostCreate, PostEventAdd, PostUpdate
from truceline.registry import service as parties_service
from truceline.registry.models import PartyQuery
from truceline.web.deps import StoreDep, parse_ref
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
from truceline.web.routes.register_pages.parties import party_names
from truceline.web.routes.register_pages.zones import feature, map_config
from truceline.zones import service as zones_service
from truceline.zones.models import ZoneQuery

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require(Action.read, Resource.posts))]
Creator = Annotated[Principal, Depends(require(Action.create, Resource.posts))]
Updater = Annotated[Principal, Depends(require(Action.update, Resource.posts))]
SHAPE = FormShape()
FIELDS = ("key", "name", "kind", "location", "zone", "guarantor", "staffed_by", "description", "release",
          "lifecycle", "reason")
UPDATE_FIELDS = ("name", "kind", "zone", "guarantor", "staffed_by", "description", "release", "reason",
                 "expected_version")
REQUIRED = ("name", "kind", "guarantor", "release")
STEP_FIELDS = ("state", "on", "note", "reason")


def url(post: Post) -> str:
    return f"/registers/posts/{quote(post.key)}"


def next_states(post: Post) -> list[PostState]:
    """The lifecycle steps the post's current state allows (states only move forward, skipping is allowed)."""
    current = post.state
    return [s for s in PostState if current is None or STATE_ORDER[s] > STATE_ORDER[current]]


def post_feature(post: Post, state: PostState | None) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [post.lon, post.lat]},
            "properties": {"key": post.key, "name": post.name, "state": state.value if state else None,
                           "url": url(post)}}


def posted_location(values: dict[str, Any]) -> dict[str, Any]:
    """The GeoJSON Point of the form's latitude and longitude (typed, or set by a click on the map)."""
    where: dict[str, Any] = values.get("location") or {}
    try:
        lat, lon = float(where["lat"]), float(where["lon"])
    except (KeyError, TypeError, ValueError):
        raise InvalidGeometry("place the post: click the map or type its latitude and longitude",
                              details=[{"field": "location", "message": "latitude and longitude are needed, "
                                                                        "as numbers"}]) from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise InvalidGeometry("latitude and longitude must be finite numbers", details=[{"field": "location"}])
    return {"type": "Point", "coordinates": [lon, lat]}


@router.get("/registers/posts", response_class=HTMLResponse)
def posts_list(request: Request, store: StoreDep, principal: Reader, state: str | None = None,
               zone: str | None = None, guarantor: str | None = None, kind: str | None = None,
               at: str | None = None) -> HTMLResponse:
    day = opt_date(at)
    query = PostQuery(state=opt_enum(PostState, state, name="state"), zone=zone or None,
                      guarantor=guarantor or None, kind=opt_enum(PostKind, kind, name="kind"), at=day)
    posts = visible(principal, service.list_posts(store, query, ALL).items)
    groups: dict[str, list[Post]] = {s.value: [] for s in PostState}
    unknown: list[Post] = []
    features = []
    for post in posts:
        shown = post.state if day is None else post.state_on(day)
        (groups[shown.value] if shown else unknown).append(post)
        features.append(post_feature(post, shown))
    names = party_names(store, principal)
    zones = visible(principal, zones_service.list_zones(store, ZoneQuery(), ALL).items)
    return render(request, principal, "registers/posts.html", page="registers", register="posts", groups=groups,
                  unknown=unknown, count=len(posts), state=state or "", zone=zone or "", guarantor=guarantor or "",
                  kind=kind or "", at=at or "", states=choices(PostState), kinds=choices(PostKind), names=names,
                  zones=[(z.key, z.name) for z in zones], guarantors=_guarantors(store, principal),
                  config=map_config(features))


@router.get("/registers/posts/new", response_class=HTMLResponse)
def post_new(request: Request, store: StoreDep, principal: Creator) -> HTMLResponse:
    values = {"release": "public", "first_state": "proposed", "first_on": today(request).isoformat()}
    return _form(request, store, principal, post=None, values=values)


@router.post("/registers/posts/new", response_class=HTMLResponse)
def post_create(request: Request, store: StoreDep, principal: Creator, form: FormDep) -> Response:
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)

    def create() -> Post:
        data = for_create({k: values.get(k) for k in FIELDS if k not in ("location", "lifecycle")})
        data["location"] = posted_location(values)
        if values.get("first_state"):
            data["lifecycle"] = [{"state": values["first_state"], "on": values.get("first_on")}]
        return service.create_post(store, ctx, validated(PostCreate, data))

    post, err = attempt(store, create)
    if err is not None:
        renames = {"lifecycle.0.state": "first_state", "lifecycle.0.on": "first_on", "lifecycle": "first_state"}
        return _form(request, store, principal, post=None, values=values, status_code=status_of(err),
                     errors=form_errors(err, (*FIELDS, "first_state", "first_on"), renames=renames))
    return see_other(url(post))


@router.get("/registers/posts/{ref}", response_class=HTMLResponse)
def post_page(ref: str, request: Request, store: StoreDep, principal: Reader, at: str | None = None) -> HTMLResponse:
    post = visible_or_404(principal, service.get_post(store, parse_ref(ref)), "post", ref)
    return _page(request, store, principal, post, at=at)


def _page(request: Request, store: Any, principal: Any, post: Post, *, at: str | None = None,
          values: dict[str, Any] | None = None, errors: FormErrors | None = None,
          status_code: int = 200) -> HTMLResponse:
    day = opt_date(at)
    shown = post.state if day is None else post.state_on(day)
    history = service.post_history(store, post.id) if is_staff(principal) else None
    zone = zones_service.get_zone(store, post.zone) if post.zone else None
    boundary = zone.version_on(day or today(request)) if zone is not None else None
    features = [feature(zone, boundary)] if zone is not None and boundary is not None else []
    features.append(post_feature(post, shown))
    return render(request, principal, "registers/post.html", page="registers", register="posts", post=post,
                  shown=shown, at=at or "", day=day, zone=zone, names=party_names(store, principal),
                  history=history, next_states=next_states(post), config=map_config(features),
                  values=values or {"on": today(request).isoformat()}, errors=errors, status_code=status_code)


@router.post("/registers/posts/{ref}/steps", response_class=HTMLResponse)
def post_step(ref: str, request: Request, store: StoreDep, principal: Updater, form: FormDep) -> Response:
    post = service.get_post(store, parse_ref(ref))
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)
    data = {k: values.get(k) for k in (*STEP_FIELDS, "expected_version")}
    updated, err = attempt(store, lambda: service.add_post_event(store, ctx, post.id, validated(PostEventAdd, data)))
    if err is not None:
        renames = {f"lifecycle.{len(post.lifecycle)}.": "", "lifecycle": "state"}
        return _page(request, store, principal, post, values=values, status_code=status_of(err),
                     errors=form_errors(err, STEP_FIELDS, renames=renames))
    return see_other(url(updated))


@router.get("/registers/posts/{ref}/edit", response_class=HTMLResponse)
def post_edit(ref: str, request: Request, store: StoreDep, principal: Updater) -> HTMLResponse:
    post = service.get_post(store, parse_ref(ref))
    values = {**post.model_dump(mode="json", exclude={"location"}), "location": {"lat": post.lat, "lon": post.lon},
              "expected_version": post.version}
    return _form(request, store, principal, post=post, values=values)


@router.post("/registers/posts/{ref}/edit", response_class=HTMLResponse)
def post_update(ref: str, request: Request, store: StoreDep, principal: Updater, form: FormDep) -> Response:
    post = service.get_post(store, parse_ref(ref))
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)

    def update() -> Post:
        data = {k: values.get(k) for k in UPDATE_FIELDS}
        data["location"] = posted_location(values)
        return service.update_post(store, ctx, post.id, validated(PostUpdate, data, required=REQUIRED))

    updated, err = attempt(store, update)
    if err is not None:
        return _form(request, store, principal, post=post, values=values, errors=form_errors(err, FIELDS),
                     status_code=status_of(err))
    return see_other(url(updated))


def _guarantors(store: Any, principal: Any) -> list[tuple[str, str]]:
    parties = visible(principal, parties_service.list_parties(store, PartyQuery(), ALL).items)
    return sorted(((p.key, p.name) for p in parties if p.kind.value in service.RESPONSIBLE_KINDS),
                  key=lambda kv: kv[1].casefold())


def _form(request: Request, store: Any, principal: Any, *, post: Post | None, values: dict[str, Any],
          errors: FormErrors | None = None, status_code: int = 200) -> HTMLResponse:
    zones = visible(principal, zones_service.list_zones(store, ZoneQuery(), ALL).items)
    day = today(request)
    outlines = []
    for z in zones:  # each zone's boundary today, else its latest: where a post may be placed
        boundary = z.version_on(day) or (z.versions[-1] if z.versions else None)
        if boundary is not None:
            outlines.append(feature(z, boundary))
    return render(request, principal, "registers/post_form.html", page="registers", register="posts",
                  status_code=status_code, post=post, values=values, errors=errors, kinds=choices(PostKind),
                  states=choices(PostState), releases=choices(ReleaseLevel), zones=[(z.key, z.name) for z in zones],
                  guarantors=_guarantors(store, principal), config=map_config(outlines, pick=True))
