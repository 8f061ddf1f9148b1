"""Scope follows the registers: when a zone, post, agreement or accession changes, the incidents whose
agreement-in-force check could depend on it are checked again, in the same transaction.

Which incidents a change can touch, by register (from the record before and after the change):

- **zone**: incidents inside the bounding box of any of its boundaries, and those whose check named it;
- **post**: incidents within the posts radius (15 km) of its old or new location;
- **agreement**: incidents from its earliest signature or effect date on (terms, exclusions and zones all
  hang on it);
- **accession**: incidents in which the group that joined or left is an alleged perpetrator or target;
- **humanitarian window**: incidents inside the bounding box of its old or new footprint, in its old or new
  time.

Only incidents whose classification, agreement, provision, zones, nearby posts or windows actually change are
rewritten (with their own change record), so an edit that moves nothing leaves no trace on incidents.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any

from shapely.geometry import Point

from truceline.audit.models import Change
from truceline.common.context import Ctx
from truceline.common.paging import Page
from truceline.geo.distance import bbox_around
from truceline.geo.geometry import BBox, as_shape
from truceline.incidents.models import Incident, IncidentQuery
from truceline.incidents.scope import POSTS_RADIUS_KM

ALL = Page(limit=10**9, offset=0)


def _snapshots(change: Change) -> list[dict[str, Any]]:
    return [s for s in (change.before, change.after) if s]


def _box(shapes: Iterable[Any]) -> BBox | None:
    bounds = [as_shape(s).bounds for s in shapes]
    if not bounds:
        return None
    return BBox(min_lon=min(b[0] for b in bounds), min_lat=min(b[1] for b in bounds),
                max_lon=max(b[2] for b in bounds), max_lat=max(b[3] for b in bounds))


def _zone_queries(change: Change) -> list[IncidentQuery]:
    snaps = _snapshots(change)
    box = _box(v["geometry"] for s in snaps for v in s.get("versions", []))
    queries = [IncidentQuery(zone=s["key"]) for s in snaps[:1]]
    return queries + ([IncidentQuery(bbox=box)] if box is not None else [])


def _post_queries(change: Change) -> list[IncidentQuery]:
    queries = []
    for snap in _snapshots(change):
        lon, lat = snap["location"]["coordinates"][:2]
        queries.append(IncidentQuery(bbox=bbox_around(Point(lon, lat), POSTS_RADIUS_KM)))
    return queries


def _agreement_queries(change: Change) -> list[IncidentQuery]:
    days = [date.fromisoformat(s[f]) for s in _snapshots(change) for f in ("signed_on", "effective_from")
            if s.get(f)]
    since = datetime.combine(min(days), time(), tzinfo=UTC) if days else None
    return [IncidentQuery(start=since)]


def _accession_queries(change: Change) -> list[IncidentQuery]:
    return [IncidentQuery(party=p) for p in sorted({s["party"] for s in _snapshots(change) if s.get("party")})]


def _window_queries(change: Change) -> list[IncidentQuery]:
    queries = []
    for snap in _snapshots(change):
        box = _box([snap["footprint"]])
        queries.append(IncidentQuery(bbox=box, start=datetime.fromisoformat(snap["start"]),
                                     end=datetime.fromisoformat(snap["end"])))
    return queries


FOLLOWED = {"zone": _zone_queries, "post": _post_queries, "agreement": _agreement_queries,
            "accession": _accession_queries, "humanitarian_window": _window_queries}


def affected_incidents(store: Any, change: Change) -> list[int]:
    """Ids of the incidents whose scope may depend on the record ``change`` touched (sorted, no repeats)."""
    queries = FOLLOWED.get(change.entity)
    if queries is None:
        return []
    ids: set[int] = set()
    for query in queries(change):
        ids.update(i.id for i in store.incidents.list(query, ALL).items)
    return sorted(ids)


def follow_register_change(store: Any, ctx: Ctx, change: Change) -> list[Incident]:
    """Re-check the scope of the incidents ``change`` may affect; returns those whose scope changed."""
    from truceline.incidents.service import reevaluate_scope  # the service imports the registers' services

    ids = affected_incidents(store, change)
    return reevaluate_scope(store, ctx, ids) if ids else []
