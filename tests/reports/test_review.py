"""The review queue's merge suggestions: open incidents near the candidate in place and time."""

from __future__ import annotations

from datetime import timedelta

from tests.reports.helpers import T0, report
from truceline.incidents.models import Incident, IncidentStatus
from truceline.reports.models import PlacePrecision
from truceline.reports.review import merge_suggestions
from truceline.testing.memory import MemoryStore


def _incident(store: MemoryStore, *, lon: float, lat: float, days: float = 0.0,
              status: IncidentStatus = IncidentStatus.received) -> int:
    at = T0 + timedelta(days=days)
    return store.incidents.add(Incident(id=0, uid=f"i-{lon}-{lat}-{days}", event_type="shelling", status=status,
                                        start=at, end=at, lon=lon, lat=lat, created_at=at, updated_at=at)).id


def test_merge_suggestions_keep_to_the_radius_nearest_first():
    store = MemoryStore()
    near = _incident(store, lon=36.70, lat=35.95)  # about 7 km
    farther = _incident(store, lon=36.85, lat=36.05)  # about 24 km
    corner = _incident(store, lon=36.90, lat=36.15)  # about 35 km: inside the search box, outside the radius
    late = _incident(store, lon=36.64, lat=35.93, days=5)  # near, but five days later
    closed = _incident(store, lon=36.64, lat=35.94, status=IncidentStatus.dismissed)
    got = merge_suggestions(store, report(place_precision=PlacePrecision.town))
    assert [i.id for i, _ in got] == [near, farther]
    assert all(d <= 25.0 + 5.0 for _, d in got) and got[0][1] < got[1][1]
    assert {corner, late, closed}.isdisjoint(i.id for i, _ in got)


def test_merge_suggestions_reach_further_for_a_loosely_placed_candidate():
    store = MemoryStore()
    corner = _incident(store, lon=36.90, lat=36.15)
    got = merge_suggestions(store, report(place_precision=PlacePrecision.district))
    assert [i.id for i, _ in got] == [corner]
