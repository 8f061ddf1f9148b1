"""Use-cases of the zones register: plain functions over domain objects and the ``Store`` port.

Rules enforced on every write: the key is valid and unused; the agreement, when named, exists; each
boundary is a valid Polygon or MultiPolygon in WGS84 (``InvalidGeometry``); each version ends after it starts
and versions never overlap in time (``DatesOutOfOrder``); versions are kept in ``valid_from`` order and
numbered from 1 in that order.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog
from truceline.common.context import Ctx
from truceline.common.models import check_key, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version, fetch, record_and_follow, revalidate
from truceline.errors import DatesOutOfOrder, DuplicateName, UnknownReference
from truceline.geo.geometry import POLYGONAL, parse_geometry
from truceline.zones.models import Zone, ZoneQuery, ZoneVersion
from truceline.zones.schemas import ZoneCreate, ZoneImportUpdate, ZoneUpdate, ZoneVersionAdd, ZoneVersionIn

ENTITY = "zone"


class ZoneRepository(Protocol):
    def get(self, zone_id: int) -> Zone | None: ...

    def get_by_key(self, key: str) -> Zone | None: ...

    def add(self, zone: Zone) -> Zone:
        """Store a new zone (its ``id`` is ignored) and return it with its id."""
        ...

    def save(self, zone: Zone) -> None: ...

    def list(self, query: ZoneQuery, page: Page) -> Paged[Zone]: ...

    def containing(self, point: Point, at: date) -> builtins.list[Zone]:
        """Zones whose boundary in force on ``at`` covers ``point`` (edge included), by name."""
        ...

    def intersecting(self, geometry: BaseGeometry, at: date) -> builtins.list[Zone]:
        """Zones whose boundary in force on ``at`` shares a point with ``geometry``, by name."""
        ...


class AgreementLookup(Protocol):
    def get_by_key(self, key: str) -> Any: ...


class ZoneStore(Protocol):
    @property
    def zones(self) -> ZoneRepository: ...

    @property
    def agreements(self) -> AgreementLookup: ...

    @property
    def changes(self) -> ChangeLog: ...


def get_zone(store: ZoneStore, ref: str | int) -> Zone:
    """A zone by id or key."""
    return fetch(store.zones, ref, what="zone")


def list_zones(store: ZoneStore, query: ZoneQuery, page: Page) -> Paged[Zone]:
    return store.zones.list(query, page)


def zone_on(store: ZoneStore, key: str, at: date) -> ZoneVersion | None:
    """The boundary of zone ``key`` in force on ``at`` (``None`` when it had none); ``NotFound`` if no such
    zone."""
    return get_zone(store, key).version_on(at)


def zones_containing(store: ZoneStore, point: Point, at: date) -> list[Zone]:
    """Zones whose boundary in force on ``at`` covers ``point``."""
    return store.zones.containing(point, at)


def zones_intersecting(store: ZoneStore, geometry: BaseGeometry, at: date) -> list[Zone]:
    """Zones whose boundary in force on ``at`` intersects ``geometry``."""
    return store.zones.intersecting(geometry, at)


def create_zone(store: ZoneStore, ctx: Ctx, data: ZoneCreate) -> Zone:
    key = check_key(data.key) if data.key else slugify(data.name)
    if store.zones.get_by_key(key) is not None:
        raise DuplicateName(f"a zone with key '{key}' already exists", details=[{"field": "key", "value": key}])
    now = ctx.clock.now()
    zone = Zone(id=0, key=key, created_at=now, updated_at=now,
                versions=build_versions(data.versions),
                **data.model_dump(exclude={"key", "versions"}))
    zone = _checked(store, zone)
    zone = store.zones.add(zone)
    record_and_follow(store, ctx, entity=ENTITY, before=None, after=zone)
    return zone


def update_zone(store: ZoneStore, ctx: Ctx, ref: str | int, data: ZoneUpdate) -> Zone:
    """Change a zone's fields; an import (``ZoneImportUpdate``) may also replace its versions."""
    before = get_zone(store, ref)
    check_version(before, data.expected_version, what=f"zone '{before.key}'")
    extra: dict[str, Any] = {"updated_at": ctx.clock.now()}
    if isinstance(data, ZoneImportUpdate) and data.versions is not None:
        extra["versions"] = build_versions(data.versions)
    after = _checked(store, apply_update(before, data, **extra))
    store.zones.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def add_zone_version(store: ZoneStore, ctx: Ctx, ref: str | int, data: ZoneVersionAdd) -> Zone:
    """Add a boundary version; the open-ended version before it, if any, is closed at its ``valid_from``."""
    before = get_zone(store, ref)
    check_version(before, data.expected_version, what=f"zone '{before.key}'")
    [new] = build_versions([ZoneVersionIn.model_validate(data.model_dump(exclude={"reason", "expected_version"}))],
                           field="geometry")
    versions = list(before.versions)
    if versions and versions[-1].valid_until is None and versions[-1].valid_from < new.valid_from:
        versions[-1] = versions[-1].model_copy(update={"valid_until": new.valid_from})
    after = before.model_copy(update={"versions": [*versions, new], "version": before.version + 1,
                                      "updated_at": ctx.clock.now()})
    after = _checked(store, after)
    store.zones.save(after)
    record_and_follow(store, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def zone_history(store: ZoneStore, ref: str | int) -> list[Change]:
    zone = get_zone(store, ref)
    return store.changes.for_record(ENTITY, zone.id)


def build_versions(items: Sequence[ZoneVersionIn], *, field: str | None = None) -> list[ZoneVersion]:
    """Domain versions from input, geometries parsed and checked (numbers are set by ``_checked``)."""
    out = []
    for i, item in enumerate(items):
        what = field or f"versions[{i}].geometry"
        geometry = parse_geometry(item.geometry, allowed=POLYGONAL, what=what)
        out.append(ZoneVersion(number=i + 1, geometry=geometry,
                               **item.model_dump(exclude={"geometry"})))
    return out


def _checked(store: ZoneStore, zone: Zone) -> Zone:
    """Validate the domain rules of a zone about to be stored; order and number its versions."""
    zone = revalidate(zone)
    if zone.agreement is not None and store.agreements.get_by_key(zone.agreement) is None:
        raise UnknownReference(f"zone '{zone.key}' names unknown agreement '{zone.agreement}'",
                               details=[{"field": "agreement", "value": zone.agreement}])
    ordered = sorted(zone.versions, key=lambda v: v.valid_from)
    for v in ordered:
        if v.valid_until is not None and v.valid_until <= v.valid_from:
            raise DatesOutOfOrder(
                f"zone '{zone.key}': the version from {v.valid_from.isoformat()} has valid_until "
                f"{v.valid_until.isoformat()}, which is not after its valid_from",
                details=[{"field": "valid_until", "value": v.valid_until.isoformat()}])
    for prev, nxt in zip(ordered, ordered[1:], strict=False):
        if prev.valid_until is None or prev.valid_until > nxt.valid_from:
            until = prev.valid_until.isoformat() if prev.valid_until else "open-ended"
            raise DatesOutOfOrder(
                f"zone '{zone.key}': boundary versions overlap: the version valid from "
                f"{prev.valid_from.isoformat()} (until {until}) is still in force when the version from "
                f"{nxt.valid_from.isoformat()} starts; end the earlier one on or before that date",
                details=[{"field": "versions", "value": nxt.valid_from.isoformat()}])
    numbered = [v.model_copy(update={"number": n}) for n, v in enumerate(ordered, start=1)]
    return zone.model_copy(update={"versions": numbered})
