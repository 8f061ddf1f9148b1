"""Use-cases of the posts register: plain functions over domain objects and the ``Store`` port.

Rules enforced on every write: the key is valid and unused; the location is a valid WGS84 Point
(``InvalidGeometry``); the guarantor exists (``UnknownReference``) and is a party of kind guarantor or
observer (``InvalidValue``); the zone, when named, exists and its boundary covers the post
(``PostOutsideZone``) — the boundary in force on the post's first lifecycle date, or any of the zone's
boundaries when the post has no lifecycle yet or the zone had no boundary that day; the lifecycle only moves
forward, proposed → agreed → deployed → withdrawn, possibly skipping states, with dates that never go back
(``InvalidTransition``).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any, Protocol

from shapely.geometry import Point

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog
from truceline.common.context import Ctx
from truceline.common.models import check_key, check_order, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version, fetch, record_and_follow, revalidate
from truceline.errors import DuplicateName, InvalidValue, NotFound, PostOutsideZone, UnknownReference
from truceline.geo.distance import bbox_around, haversine_km
from truceline.geo.geometry import POINT, parse_geometry
from truceline.posts.models import Post, PostEvent, PostQuery, PostState, check_lifecycle
from truceline.posts.schemas import PostCreate, PostEventAdd, PostUpdate

ENTITY = "post"
RESPONSIBLE_KINDS = ("guarantor", "observer")
_ALL = Page(limit=10**9, offset=0)


class PostRepository(Protocol):
    def get(self, post_id: int) -> Post | None: ...

    def get_by_key(self, key: str) -> Post | None: ...

    def add(self, post: Post) -> Post:
        """Store a new post (its ``id`` is ignored) and return it with its id."""
        ...

    def save(self, post: Post) -> None: ...

    def list(self, query: PostQuery, page: Page) -> Paged[Post]: ...


class KeyLookup(Protocol):
    def get_by_key(self, key: str) -> Any: ...


class PostStore(Protocol):
    @property
    def posts(self) -> PostRepository: ...

    @property
    def zones(self) -> KeyLookup: ...

    @property
    def parties(self) -> KeyLookup: ...

    @property
    def changes(self) -> ChangeLog: ...


def get_post(store: PostStore, ref: str | int) -> Post:
    """A post by id or key."""
    return fetch(store.posts, ref, what="post")


def list_posts(store: PostStore, query: PostQuery, page: Page) -> Paged[Post]:
    return store.posts.list(query, page)


def create_post(store: PostStore, ctx: Ctx, data: PostCreate) -> Post:
    key = check_key(data.key) if data.key else slugify(data.name)
    if store.posts.get_by_key(key) is not None:
        raise DuplicateName(f"a post with key '{key}' already exists", details=[{"field": "key", "value": key}])
    now = ctx.clock.now()
    post = Post(id=0, key=key, created_at=now, updated_at=now,
                location=parse_geometry(data.location, allowed=POINT, what="location"),
                lifecycle=[PostEvent(**e.model_dump()) for e in data.lifecycle],
                **data.model_dump(exclude={"key", "location", "lifecycle"}))
    post = _checked(store, post)
    post = store.posts.add(post)
    record_and_follow(store, ctx, entity=ENTITY, before=None, after=post)
    return post


def update_post(store: PostStore, ctx: Ctx, ref: str | int, data: PostUpdate) -> Post:
    before = get_post(store, ref)
    check_version(before, data.expected_version, what=f"post '{before.key}'")
    extra: dict[str, Any] = {"updated_at": ctx.clock.now()}
    if data.location is not None:
        extra["location"] = parse_geometry(data.location, allowed=POINT, what="location")
    if data.lifecycle is not None:
        extra["lifecycle"] = [PostEvent(**e.model_dump()) for e in data.lifecycle]
    after = _checked(store, apply_update(before, data, **extra))
    store.posts.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def add_post_event(store: PostStore, ctx: Ctx, ref: str | int, data: PostEventAdd) -> Post:
    """Append one lifecycle step."""
    before = get_post(store, ref)
    check_version(before, data.expected_version, what=f"post '{before.key}'")
    event = PostEvent(state=data.state, on=data.on, note=data.note)
    after = before.model_copy(update={"lifecycle": [*before.lifecycle, event], "version": before.version + 1,
                                      "updated_at": ctx.clock.now()})
    after = _checked(store, after)
    store.posts.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def post_history(store: PostStore, ref: str | int) -> list[Change]:
    post = get_post(store, ref)
    return store.changes.for_record(ENTITY, post.id)


def posts_near(store: PostStore, point: Point, at: date | None, *, radius_km: float,
               states: Collection[PostState] | None = None) -> list[tuple[Post, float]]:
    """Posts within ``radius_km`` of ``point`` that existed on ``at`` (any post when ``at`` is None), with
    their great-circle distance in km, nearest first; ``states`` keeps those in one of these states then."""
    if not radius_km > 0:
        raise InvalidValue(f"radius_km must be above 0, not {radius_km}",
                           details=[{"field": "radius_km", "value": radius_km}])
    candidates = store.posts.list(PostQuery(bbox=bbox_around(point, radius_km), at=at), _ALL).items
    out = []
    for post in candidates:
        state = post.state if at is None else post.state_on(at)
        if states is not None and state not in states:
            continue
        distance = haversine_km(point, post.location)
        if distance <= radius_km:
            out.append((post, distance))
    return sorted(out, key=lambda pd: (pd[1], pd[0].key))


def posts_operating(store: PostStore, zone_key: str, start: date, end: date) -> list[Post]:
    """Posts of zone ``zone_key`` deployed on at least one day of ``[start, end)``, by name."""
    check_order(start, end, what="period", start_name="start", end_name="end")
    if store.zones.get_by_key(zone_key) is None:
        raise NotFound(f"no zone with key {zone_key!r}")
    posts = store.posts.list(PostQuery(zone=zone_key), _ALL).items
    return [p for p in posts if p.deployed_during(start, end)]


def _checked(store: PostStore, post: Post) -> Post:
    """Validate the domain rules of a post about to be stored."""
    post = revalidate(post)
    if post.location.geom_type != "Point":
        raise InvalidValue(f"post '{post.key}': the location must be a Point")
    check_lifecycle(post.lifecycle, what=f"post '{post.key}'")
    party = store.parties.get_by_key(post.guarantor)
    if party is None:
        raise UnknownReference(f"post '{post.key}' names unknown party '{post.guarantor}' as guarantor",
                               details=[{"field": "guarantor", "value": post.guarantor}])
    if party.kind not in RESPONSIBLE_KINDS:
        raise InvalidValue(f"post '{post.key}': '{party.key}' is a party of kind {party.kind}; the party "
                           f"responsible for a post must be a guarantor or an observer",
                           details=[{"field": "guarantor", "value": post.guarantor}])
    if post.zone is not None:
        _check_in_zone(store, post, post.zone)
    return post


def _check_in_zone(store: PostStore, post: Post, zone_key: str) -> None:
    zone = store.zones.get_by_key(zone_key)
    if zone is None:
        raise UnknownReference(f"post '{post.key}' names unknown zone '{zone_key}'",
                               details=[{"field": "zone", "value": zone_key}])
    first = post.first_on
    current = zone.version_on(first) if first is not None else None
    boundaries = [current] if current is not None else zone.versions
    if any(v.geometry.covers(post.location) for v in boundaries):
        return
    drawn = (f"as drawn on {first.isoformat()} (boundary version {current.number})"
             if current is not None and first is not None else "in every one of its boundary versions")
    raise PostOutsideZone(
        f"post '{post.key}' at [{post.lon:g}, {post.lat:g}] (lon, lat) lies outside zone '{zone.key}' {drawn}",
        details=[{"field": "location", "value": [post.lon, post.lat]}, {"field": "zone", "value": zone.key}])
