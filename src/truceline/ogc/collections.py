"""The OGC API – Features collections, one entry per collection in ``COLLECTIONS``.

What a collection serves is what an anonymous public reader may read: zones and posts of release level
``public``, and published incidents. Features are flat (one value per property) so GIS tools read them
as attribute tables: lists become comma-separated text.

- ``zones``: each zone with the boundary in force on the day asked (``datetime``: an instant, or the end
  of an interval), zones with no boundary that day left out; without ``datetime``, each zone with its
  latest boundary (its dates are properties), so a layer of a past ceasefire is never empty.
- ``posts``: each post with its lifecycle state on that day (posts not yet proposed then are left out);
  without ``datetime``, its latest state.
- ``incidents``: published incidents whose time range meets ``datetime``, as points (or their area).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page
from truceline.errors import NotFound
from truceline.geo.geometry import BBox, to_geojson
from truceline.incidents.models import Incident, IncidentQuery
from truceline.ogc.params import Interval
from truceline.posts import service as posts_service
from truceline.posts.models import Post, PostQuery
from truceline.zones import service as zones_service
from truceline.zones.models import Zone, ZoneQuery

PUBLIC = frozenset({ReleaseLevel.public})
ALL = Page(limit=10**6, offset=0)
Feature = dict[str, Any]


@dataclass(frozen=True, kw_only=True)
class Extent:
    bbox: BBox
    start: datetime | date | None
    end: datetime | date | None


@dataclass(frozen=True, kw_only=True)
class Collection:
    id: str
    title: str
    description: str
    items: Callable[..., tuple[list[Feature], int]]  # (store, *, bbox, interval, limit, offset)
    item: Callable[..., Feature | None]  # (store, feature_id)
    extent: Callable[[Any], Extent | None]
    queryables: tuple[str, ...] = ()


def _text(values: list[str]) -> str:
    return ", ".join(values)


# --- zones -------------------------------------------------------------------------------------------

def _zone_feature(zone: Zone, day: date | None) -> Feature:
    shown = zone.version_on(day) if day is not None else zone.versions[-1]
    assert shown is not None
    props = {"key": zone.key, "name": zone.name, "kind": str(zone.kind), "agreement": zone.agreement,
             "status": str(shown.status), "valid_from": shown.valid_from.isoformat(),
             "valid_until": None if shown.valid_until is None else shown.valid_until.isoformat(),
             "boundary_version": shown.number, "approximate": zone.approximate,
             "admin_areas": _text(zone.admin_areas), "shown_on": None if day is None else day.isoformat()}
    return {"type": "Feature", "id": zone.key, "geometry": to_geojson(shown.geometry), "properties": props}


def _zone_items(store: Any, *, bbox: BBox | None, interval: Interval | None, limit: int,
                offset: int) -> tuple[list[Feature], int]:
    day = interval.day() if interval else None
    paged = zones_service.list_zones(store, ZoneQuery(at=day, bbox=bbox, releases=PUBLIC),
                                     Page(limit=limit, offset=offset))
    return [_zone_feature(z, day) for z in paged.items], paged.count


def _zone_item(store: Any, fid: str) -> Feature | None:
    zone = store.zones.get_by_key(fid)
    if zone is None or zone.release != ReleaseLevel.public or not zone.versions:
        return None
    return _zone_feature(zone, None)


def _zone_extent(store: Any) -> Extent | None:
    zones = zones_service.list_zones(store, ZoneQuery(releases=PUBLIC), ALL).items
    versions = [v for z in zones for v in z.versions]
    if not versions:
        return None
    boxes = [v.bbox() for v in versions]
    ends = [v.valid_until for v in versions]
    return Extent(bbox=BBox(min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                            max(b[3] for b in boxes)),
                  start=min(v.valid_from for v in versions), end=None if None in ends else max(e for e in ends if e))


# --- posts -------------------------------------------------------------------------------------------

def _post_feature(post: Post, day: date | None) -> Feature:
    state = post.state if day is None else post.state_on(day)
    props = {"key": post.key, "name": post.name, "kind": str(post.kind), "zone": post.zone,
             "guarantor": post.guarantor, "staffed_by": post.staffed_by,
             "state": None if state is None else str(state), "shown_on": None if day is None else day.isoformat()}
    return {"type": "Feature", "id": post.key, "geometry": to_geojson(post.location), "properties": props}


def _post_items(store: Any, *, bbox: BBox | None, interval: Interval | None, limit: int,
                offset: int) -> tuple[list[Feature], int]:
    day = interval.day() if interval else None
    paged = posts_service.list_posts(store, PostQuery(at=day, bbox=bbox, releases=PUBLIC),
                                     Page(limit=limit, offset=offset))
    return [_post_feature(p, day) for p in paged.items], paged.count


def _post_item(store: Any, fid: str) -> Feature | None:
    post = store.posts.get_by_key(fid)
    if post is None or post.release != ReleaseLevel.public:
        return None
    return _post_feature(post, None)


def _post_extent(store: Any) -> Extent | None:
    posts = posts_service.list_posts(store, PostQuery(releases=PUBLIC), ALL).items
    if not posts:
        return None
    days = [e.on for p in posts for e in p.lifecycle]
    return Extent(bbox=BBox(min(p.lon for p in posts), min(p.lat for p in posts), max(p.lon for p in posts),
                            max(p.lat for p in posts)), start=min(days) if days else None, end=None)


# --- incidents ---------------------------------------------------------------------------------------

def _incident_feature(incident: Incident) -> Feature:
    scope = incident.scope
    geometry = incident.area or {"type": "Point", "coordinates": [incident.lon, incident.lat]}
    props = {"uid": incident.uid, "event_type": str(incident.event_type), "start": incident.start.isoformat(),
             "end": incident.end.isoformat(), "grade": None if incident.grade is None else str(incident.grade),
             "grade_rationale": incident.grade_rationale, "status": str(incident.status),
             "scope": None if scope is None else str(scope.scope),
             "agreement": None if scope is None else scope.agreement,
             "zones": _text(incident.zone_keys()), "perpetrators": _text(incident.perpetrators),
             "targets": _text(incident.targets), "killed_min": incident.killed_min,
             "killed_max": incident.killed_max, "reports": len(incident.report_ids)}
    return {"type": "Feature", "id": incident.uid, "geometry": geometry, "properties": props}


def _incident_items(store: Any, *, bbox: BBox | None, interval: Interval | None, limit: int,
                    offset: int) -> tuple[list[Feature], int]:
    query = IncidentQuery(published=True, bbox=bbox, start=interval.start if interval else None,
                          end=interval.end if interval else None)
    paged = store.incidents.list(query, Page(limit=limit, offset=offset))
    return [_incident_feature(i) for i in paged.items], paged.count


def _incident_item(store: Any, fid: str) -> Feature | None:
    incident = store.incidents.get_by_uid(fid)  # feature ids are incident uids
    if incident is None or not incident.published:
        return None
    return _incident_feature(incident)


def _incident_extent(store: Any) -> Extent | None:
    found = store.incidents.extent(IncidentQuery(published=True))
    if found is None:
        return None
    box, start, end = found
    return Extent(bbox=box, start=start, end=end)


COLLECTIONS: dict[str, Collection] = {
    "zones": Collection(id="zones", title="Zones",
                        description="De-escalation zones, security belts and other zones, with the boundary "
                                    "in force on the day asked (datetime), else the latest boundary.",
                        items=_zone_items, item=_zone_item, extent=_zone_extent),
    "posts": Collection(id="posts", title="Observation posts",
                        description="Observation posts and checkpoints with their lifecycle state on the day "
                                    "asked (datetime), else the latest state.",
                        items=_post_items, item=_post_item, extent=_post_extent),
    "incidents": Collection(id="incidents", title="Published incidents",
                            description="Incidents the mechanism has graded and published, with their grade, "
                                        "scope and casualty ranges; datetime filters by their time range.",
                            items=_incident_items, item=_incident_item, extent=_incident_extent),
}


def collection(collection_id: str) -> Collection:
    found = COLLECTIONS.get(collection_id)
    if found is None:
        raise NotFound(f"no collection {collection_id!r}; the collections are {', '.join(COLLECTIONS)}")
    return found
