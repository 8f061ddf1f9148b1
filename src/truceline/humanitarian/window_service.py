"""Use-cases of the humanitarian windows register, and the window check the incidents' scope uses.

Rules enforced on every write: the key is valid and unused (``DuplicateName``); exactly one of ``area`` and
``route`` is given, an area is a valid Polygon/MultiPolygon and a route a valid LineString
(``InvalidGeometry``) with ``buffer_m`` above 0 and at most 50 km (``InvalidValue``); ``end`` is after
``start`` (``DatesOutOfOrder``); every notified party and guarantor exists (``UnknownReference``); the
status moves requested → agreed → cancelled or requested → cancelled (``InvalidTransition``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from shapely.geometry.base import BaseGeometry

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog
from truceline.common.context import Ctx
from truceline.common.models import check_key, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version, fetch, record_and_follow, revalidate
from truceline.errors import DatesOutOfOrder, DuplicateName, InvalidTransition, InvalidValue, UnknownReference
from truceline.geo.geometry import POLYGONAL, bbox_of, parse_geometry
from truceline.humanitarian.window_models import (
    WINDOW_TRANSITIONS,
    HumanitarianWindow,
    WindowQuery,
    WindowStatus,
    WindowStep,
    buffer_route,
)
from truceline.humanitarian.window_schemas import (
    WindowCreate,
    WindowImportUpdate,
    WindowStatusChange,
    WindowUpdate,
)

ENTITY = "humanitarian_window"
MAX_BUFFER_M = 50_000.0
_ALL = Page(limit=10**9, offset=0)


class WindowRepository(Protocol):
    def get(self, window_id: int) -> HumanitarianWindow | None: ...

    def get_by_key(self, key: str) -> HumanitarianWindow | None: ...

    def add(self, window: HumanitarianWindow) -> HumanitarianWindow: ...

    def save(self, window: HumanitarianWindow) -> None: ...

    def list(self, query: WindowQuery, page: Page) -> Paged[HumanitarianWindow]: ...


class KeyLookup(Protocol):
    def get_by_key(self, key: str) -> Any: ...


class WindowStore(Protocol):
    @property
    def windows(self) -> WindowRepository: ...

    @property
    def parties(self) -> KeyLookup: ...

    @property
    def changes(self) -> ChangeLog: ...


def get_window(store: WindowStore, ref: str | int) -> HumanitarianWindow:
    return fetch(store.windows, ref, what="humanitarian window")


def list_windows(store: WindowStore, query: WindowQuery, page: Page) -> Paged[HumanitarianWindow]:
    return store.windows.list(query, page)


def windows_flagging(store: WindowStore, place: BaseGeometry, start: datetime, end: datetime
                     ) -> list[HumanitarianWindow]:
    """Agreed windows whose footprint meets ``place`` and whose time meets ``[start, end]``, by key."""
    query = WindowQuery(status=WindowStatus.agreed, bbox=bbox_of(place), start=start, end=end)
    hits = [w for w in store.windows.list(query, _ALL).items if w.flags(place, start, end)]
    return sorted(hits, key=lambda w: w.key)


def _geometry(data: WindowCreate | WindowUpdate) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if data.area is not None:
        out["area"] = parse_geometry(data.area, allowed=POLYGONAL, what="area")
    if data.route is not None:
        out["route"] = parse_geometry(data.route, allowed=("LineString",), what="route")
    return out


def create_window(store: WindowStore, ctx: Ctx, data: WindowCreate) -> HumanitarianWindow:
    key = check_key(data.key) if data.key else slugify(data.name)
    if store.windows.get_by_key(key) is not None:
        raise DuplicateName(f"a humanitarian window with key '{key}' exists already")
    now = ctx.clock.now()
    fields = data.model_dump(exclude={"key", "area", "route", "guarantees"})
    steps = [WindowStep(status=data.status, at=now, by=ctx.actor)]
    window = HumanitarianWindow(id=0, key=key, **fields, **_geometry(data),
                                guarantees=[g.model_dump() for g in data.guarantees],
                                footprint=_PLACEHOLDER, steps=steps, created_at=now, updated_at=now)
    window = store.windows.add(_checked(store, window))
    record_and_follow(store, ctx, entity=ENTITY, before=None, after=window)
    return window


def update_window(store: WindowStore, ctx: Ctx, ref: str | int, data: WindowUpdate) -> HumanitarianWindow:
    """Change fields; giving ``area`` drops the route and giving ``route`` drops the area. An import
    (``WindowImportUpdate``) may also set the stored status, through an allowed transition."""
    before = get_window(store, ref)
    check_version(before, data.expected_version, what=f"humanitarian window '{before.key}'")
    extra: dict[str, Any] = {"updated_at": ctx.clock.now(), **_geometry(data)}
    if data.area is not None and data.route is None:
        extra.update(route=None, buffer_m=None)
    if data.route is not None and data.area is None:
        extra["area"] = None
    status = data.status if isinstance(data, WindowImportUpdate) else None
    if status is not None and status != before.status:
        extra["steps"] = [*before.steps, _step(before, status, ctx, data.reason)]
    after = _checked(store, apply_update(before, data, **extra))
    store.windows.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def change_window_status(store: WindowStore, ctx: Ctx, ref: str | int, data: WindowStatusChange
                         ) -> HumanitarianWindow:
    """Agree or cancel a window."""
    before = get_window(store, ref)
    check_version(before, data.expected_version, what=f"humanitarian window '{before.key}'")
    step = _step(before, data.status, ctx, data.reason)
    after = before.model_copy(update={"status": data.status, "steps": [*before.steps, step],
                                      "version": before.version + 1, "updated_at": ctx.clock.now()})
    store.windows.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def window_history(store: WindowStore, ref: str | int) -> list[Change]:
    window = get_window(store, ref)
    return store.changes.for_record(ENTITY, window.id)


def _step(window: HumanitarianWindow, status: WindowStatus, ctx: Ctx, reason: str | None) -> WindowStep:
    allowed = WINDOW_TRANSITIONS[window.status]
    if status not in allowed:
        then = ", ".join(allowed) if allowed else f"nothing ({window.status} is final)"
        raise InvalidTransition(f"humanitarian window '{window.key}' cannot go from {window.status} to {status}; "
                                f"allowed: {then}", details=[{"field": "status", "value": str(status)}])
    return WindowStep(status=status, at=ctx.clock.now(), by=ctx.actor, reason=reason)


def _checked(store: WindowStore, window: HumanitarianWindow) -> HumanitarianWindow:
    what = f"humanitarian window '{window.key}'"
    if (window.area is None) == (window.route is None):
        raise InvalidValue(f"{what}: give either an area or a route, not {'both' if window.area else 'neither'}",
                           details=[{"field": "area"}, {"field": "route"}])
    if window.route is not None:
        if window.buffer_m is None or not 0 < window.buffer_m <= MAX_BUFFER_M:
            raise InvalidValue(f"{what}: a route needs buffer_m, the width in metres on each side of the route "
                               f"(above 0, at most {MAX_BUFFER_M:g}), not {window.buffer_m}",
                               details=[{"field": "buffer_m", "value": window.buffer_m}])
        footprint = buffer_route(window.route, window.buffer_m)
    else:
        if window.buffer_m is not None:
            raise InvalidValue(f"{what}: buffer_m applies to a route only",
                               details=[{"field": "buffer_m", "value": window.buffer_m}])
        footprint = window.area
    if window.end <= window.start:
        raise DatesOutOfOrder(f"{what}: end {window.end.isoformat()} is not after start {window.start.isoformat()}",
                              details=[{"field": "end", "value": window.end.isoformat()}])
    named = [("parties_notified", p) for p in window.parties_notified]
    named += [(f"guarantees[{n}].guarantors", p) for n, g in enumerate(window.guarantees) for p in g.guarantors]
    for field, party in named:
        if store.parties.get_by_key(party) is None:
            raise UnknownReference(f"{what} names unknown party '{party}' in {field}",
                                   details=[{"field": field, "value": party}])
    return revalidate(window.model_copy(update={"footprint": footprint}))


_PLACEHOLDER: Any = {"type": "Point", "coordinates": [0, 0]}  # replaced by _checked before anything stores it
