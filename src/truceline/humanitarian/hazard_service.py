"""Use-cases of the hazard areas register: plain functions over domain objects and the store port.

Rules enforced on every write: the key is valid and unused (``DuplicateName``); the geometry is a valid
WGS84 Polygon or MultiPolygon (``InvalidGeometry``); land-release steps only follow the allowed transitions
with dates that never go back (``InvalidTransition``); a clearance destroys no more items than it found and
an accident's place is a Point (``InvalidValue``/``InvalidGeometry``); clearance records are not dated
before the area was first recorded (``DatesOutOfOrder``). Accidents may predate the record (they are often
what reveals the hazard).
"""

from __future__ import annotations

from typing import Any, Protocol

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog
from truceline.common.context import Ctx
from truceline.common.models import check_key, check_order, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version, fetch, record_and_follow, revalidate
from truceline.errors import DuplicateName, InvalidValue
from truceline.geo.geometry import POINT, POLYGONAL, parse_geometry
from truceline.humanitarian.hazard_models import (
    Accident,
    Clearance,
    HazardArea,
    HazardQuery,
    ItemCount,
    StatusChange,
    check_history,
)
from truceline.humanitarian.hazard_schemas import (
    AccidentAdd,
    AccidentIn,
    ClearanceAdd,
    ClearanceIn,
    HazardCreate,
    HazardUpdate,
    StatusChangeAdd,
)

ENTITY = "hazard_area"


class HazardRepository(Protocol):
    def get(self, hazard_id: int) -> HazardArea | None: ...

    def get_by_key(self, key: str) -> HazardArea | None: ...

    def add(self, hazard: HazardArea) -> HazardArea: ...

    def save(self, hazard: HazardArea) -> None: ...

    def list(self, query: HazardQuery, page: Page) -> Paged[HazardArea]: ...


class HazardStore(Protocol):
    @property
    def hazards(self) -> HazardRepository: ...

    @property
    def changes(self) -> ChangeLog: ...


def get_hazard(store: HazardStore, ref: str | int) -> HazardArea:
    return fetch(store.hazards, ref, what="hazard area")


def list_hazards(store: HazardStore, query: HazardQuery, page: Page) -> Paged[HazardArea]:
    return store.hazards.list(query, page)


def _clearance(data: ClearanceIn) -> Clearance:
    return Clearance(on=data.on, team=data.team, area_m2=data.area_m2, note=data.note,
                     items=[ItemCount(**i.model_dump()) for i in data.items])


def _accident(data: AccidentIn, *, n: int) -> Accident:
    place = parse_geometry(data.place, allowed=POINT, what=f"accidents[{n}].place")
    return Accident(on=data.on, place=place, killed=data.killed, injured=data.injured, victims=data.victims,
                    note=data.note)


def _parts(data: HazardCreate | HazardUpdate) -> dict[str, Any]:
    """The domain values of the geometry and lists given in ``data``."""
    out: dict[str, Any] = {}
    if data.geometry is not None:
        out["geometry"] = parse_geometry(data.geometry, allowed=POLYGONAL, what="geometry")
    if data.history is not None:
        out["history"] = [StatusChange(**s.model_dump()) for s in data.history]
    if data.clearances is not None:
        out["clearances"] = [_clearance(c) for c in data.clearances]
    if data.accidents is not None:
        out["accidents"] = [_accident(a, n=n) for n, a in enumerate(data.accidents)]
    return out


def create_hazard(store: HazardStore, ctx: Ctx, data: HazardCreate) -> HazardArea:
    key = check_key(data.key) if data.key else slugify(data.name)
    if store.hazards.get_by_key(key) is not None:
        raise DuplicateName(f"a hazard area with key '{key}' exists already")
    now = ctx.clock.now()
    hazard = HazardArea(id=0, key=key, name=data.name, type=data.type, description=data.description,
                        release=data.release, released_to=data.released_to, created_at=now,
                        updated_at=now, **_parts(data))
    hazard = store.hazards.add(_checked(hazard))
    record_and_follow(store, ctx, entity=ENTITY, before=None, after=hazard)
    return hazard


def update_hazard(store: HazardStore, ctx: Ctx, ref: str | int, data: HazardUpdate) -> HazardArea:
    before = get_hazard(store, ref)
    check_version(before, data.expected_version, what=f"hazard area '{before.key}'")
    after = _checked(apply_update(before, data, updated_at=ctx.clock.now(), **_parts(data)))
    return _save(store, ctx, before, after, data.reason)


def add_status_change(store: HazardStore, ctx: Ctx, ref: str | int, data: StatusChangeAdd) -> HazardArea:
    """Move the area one step through land release."""
    before = get_hazard(store, ref)
    check_version(before, data.expected_version, what=f"hazard area '{before.key}'")
    step = StatusChange(status=data.status, on=data.on, by=data.by, reason=data.reason)
    return _append(store, ctx, before, {"history": [*before.history, step]}, data.reason)


def add_clearance(store: HazardStore, ctx: Ctx, ref: str | int, data: ClearanceAdd) -> HazardArea:
    before = get_hazard(store, ref)
    check_version(before, data.expected_version, what=f"hazard area '{before.key}'")
    return _append(store, ctx, before, {"clearances": [*before.clearances, _clearance(data)]}, data.reason)


def add_accident(store: HazardStore, ctx: Ctx, ref: str | int, data: AccidentAdd) -> HazardArea:
    before = get_hazard(store, ref)
    check_version(before, data.expected_version, what=f"hazard area '{before.key}'")
    accident = _accident(data, n=len(before.accidents))
    return _append(store, ctx, before, {"accidents": [*before.accidents, accident]}, data.reason)


def hazard_history(store: HazardStore, ref: str | int) -> list[Change]:
    hazard = get_hazard(store, ref)
    return store.changes.for_record(ENTITY, hazard.id)


def _append(store: HazardStore, ctx: Ctx, before: HazardArea, update: dict[str, Any],
            reason: str | None) -> HazardArea:
    after = before.model_copy(update={**update, "version": before.version + 1, "updated_at": ctx.clock.now()})
    return _save(store, ctx, before, _checked(after), reason)


def _save(store: HazardStore, ctx: Ctx, before: HazardArea, after: HazardArea, reason: str | None) -> HazardArea:
    store.hazards.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=reason)
    return after


def _checked(hazard: HazardArea) -> HazardArea:
    hazard = revalidate(hazard)
    what = f"hazard area '{hazard.key}'"
    if hazard.geometry.geom_type not in POLYGONAL:
        raise InvalidValue(f"{what}: the geometry must be a Polygon or MultiPolygon")
    check_history(hazard.history, what=what)
    first = hazard.history[0].on
    for n, clearance in enumerate(hazard.clearances):
        check_order(first, clearance.on, what=f"{what}: clearance {n + 1}", start_name="first recorded",
                    end_name=f"clearances[{n}].on")
        for item in clearance.items:
            if item.destroyed > item.found:
                raise InvalidValue(f"{what}: clearance {n + 1} destroyed {item.destroyed} {item.kind} but found "
                                   f"only {item.found}", details=[{"field": f"clearances[{n}].items"}])
    for n, accident in enumerate(hazard.accidents):
        if accident.place.geom_type != "Point":
            raise InvalidValue(f"{what}: accident {n + 1}: the place must be a Point")
    return hazard
