"""Use-cases of explosive ordnance accidents recorded on their own, and where they lie.

Rules: the place is a valid WGS84 Point (``InvalidGeometry``); the date is not after today
(``InvalidValue``); the key is valid and unused (``DuplicateName``). ``locate`` links an accident to the
hazard areas whose polygon covers its point (edges included), with each area's land-release status on
the day of the accident; an accident outside every known area is said to be so, with the suggestion to
record a suspected hazard area there. The link is computed on every read, so it follows the register.
"""

from __future__ import annotations

from typing import Any, Protocol

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog
from truceline.common.context import Ctx
from truceline.common.models import check_key
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version, fetch, record_and_follow
from truceline.common.visibility import Visibility
from truceline.errors import DuplicateName, InvalidValue
from truceline.geo.geometry import POINT, BBox, parse_geometry
from truceline.humanitarian.accident_models import AccidentLocation, AccidentQuery, ExplosiveAccident, LinkedArea
from truceline.humanitarian.accident_schemas import AccidentCreate, AccidentUpdate
from truceline.humanitarian.hazard_models import HazardQuery
from truceline.humanitarian.hazard_service import HazardRepository

ENTITY = "eo_accident"
ALL = Page(limit=10_000, offset=0)
SUGGESTION = ("outside every known hazard area: an explosive ordnance accident is evidence of contamination; "
              "consider recording a suspected hazard area around it")


class AccidentRepository(Protocol):
    def get(self, accident_id: int) -> ExplosiveAccident | None: ...

    def get_by_key(self, key: str) -> ExplosiveAccident | None: ...

    def add(self, accident: ExplosiveAccident) -> ExplosiveAccident: ...

    def save(self, accident: ExplosiveAccident) -> None: ...

    def list(self, query: AccidentQuery, page: Page) -> Paged[ExplosiveAccident]: ...


class AccidentStore(Protocol):
    @property
    def accidents(self) -> AccidentRepository: ...

    @property
    def hazards(self) -> HazardRepository: ...

    @property
    def changes(self) -> ChangeLog: ...


def get_accident(store: AccidentStore, ref: str | int) -> ExplosiveAccident:
    return fetch(store.accidents, ref, what="explosive ordnance accident")


def list_accidents(store: AccidentStore, query: AccidentQuery, page: Page) -> Paged[ExplosiveAccident]:
    return store.accidents.list(query, page)


def locate(store: AccidentStore, accident: ExplosiveAccident, *, view: Visibility | None = None) -> AccidentLocation:
    """The hazard areas covering the accident's point (of those the reader may see), or that it lies outside
    every one."""
    x, y = accident.place.x, accident.place.y
    near = store.hazards.list(HazardQuery(bbox=BBox(x, y, x, y), view=view), ALL).items
    linked = [LinkedArea(key=h.key, name=h.name, type=h.type, status=h.status_on(accident.on))
              for h in near if h.geometry.covers(accident.place)]
    linked.sort(key=lambda a: a.key)
    return AccidentLocation(hazard_areas=linked, outside_hazard_areas=not linked,
                            suggestion=None if linked else SUGGESTION)


def _checked(ctx: Ctx, accident: ExplosiveAccident) -> ExplosiveAccident:
    if accident.on > ctx.clock.now().date():
        raise InvalidValue(f"accident '{accident.key}': the date {accident.on.isoformat()} is in the future",
                           details=[{"field": "on", "value": accident.on.isoformat()}])
    return accident


def _new_key(store: AccidentStore, data: AccidentCreate) -> str:
    if data.key:
        key = check_key(data.key)
        if store.accidents.get_by_key(key) is not None:
            raise DuplicateName(f"an accident with key '{key}' exists already")
        return key
    n = 1
    while store.accidents.get_by_key(f"accident-{data.on.isoformat()}-{n}") is not None:
        n += 1
    return f"accident-{data.on.isoformat()}-{n}"


def create_accident(store: AccidentStore, ctx: Ctx, data: AccidentCreate) -> ExplosiveAccident:
    place = parse_geometry(data.place, allowed=POINT, what="place")
    now = ctx.clock.now()
    accident = ExplosiveAccident(id=0, key=_new_key(store, data), on=data.on, place=place, device=data.device,
                                 killed=data.killed, injured=data.injured, victims=data.victims, note=data.note,
                                 release=data.release, created_at=now, updated_at=now)
    accident = store.accidents.add(_checked(ctx, accident))
    record_and_follow(store, ctx, entity=ENTITY, before=None, after=accident)
    return accident


def update_accident(store: AccidentStore, ctx: Ctx, ref: str | int, data: AccidentUpdate) -> ExplosiveAccident:
    before = get_accident(store, ref)
    check_version(before, data.expected_version, what=f"accident '{before.key}'")
    extra: dict[str, Any] = {"updated_at": ctx.clock.now()}
    if data.place is not None:
        extra["place"] = parse_geometry(data.place, allowed=POINT, what="place")
    after = _checked(ctx, apply_update(before, data, **extra))
    store.accidents.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def accident_history(store: AccidentStore, ref: str | int) -> list[Change]:
    return store.changes.for_record(ENTITY, get_accident(store, ref).id)
