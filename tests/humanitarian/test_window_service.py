"""Humanitarian windows: area or buffered route, a time window, notified parties, guarantees, status."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from shapely.geometry import LineString, Point

from tests.humanitarian.places import ROAD, SQUARE, convoy, repairs, seed_parties
from truceline.common.paging import Page
from truceline.errors import DatesOutOfOrder, InvalidGeometry, InvalidTransition, InvalidValue, UnknownReference
from truceline.humanitarian import window_service as service
from truceline.humanitarian.window_models import WindowQuery, WindowStatus, buffer_route
from truceline.humanitarian.window_schemas import WindowCreate, WindowStatusChange, WindowUpdate
from truceline.testing.memory import MemoryStore


@pytest.fixture
def store(ctx) -> MemoryStore:
    s = MemoryStore()
    seed_parties(s, ctx)
    return s


def _create(store, ctx, data):
    return service.create_window(store, ctx, WindowCreate.model_validate(data))


def test_create_window_on_route_buffers_it(store, ctx):
    window = _create(store, ctx, convoy())
    assert window.key == "wafideen-aid-convoy" and window.start == datetime(2017, 10, 30, 3, tzinfo=UTC)
    assert window.footprint.geom_type == "Polygon"
    assert window.footprint.covers(Point(36.55, 33.503))  # about 330 m north of the road
    assert not window.footprint.covers(Point(36.55, 33.51))  # about 1.1 km north
    assert window.steps[0].status == "agreed" and window.steps[0].by == "tester"


def test_buffer_route_width_in_metres():
    footprint = buffer_route(LineString(ROAD["coordinates"]), 1000)
    _min_lon, min_lat, _max_lon, max_lat = footprint.bounds
    assert (max_lat - min_lat) * 110_574 == pytest.approx(2000, rel=0.01)


def test_window_status_in_effect_is_computed_from_time(store, ctx):
    window = _create(store, ctx, repairs())
    assert window.status == WindowStatus.agreed
    assert window.status_at(datetime(2017, 10, 28, tzinfo=UTC)) == WindowStatus.agreed
    assert window.status_at(datetime(2017, 10, 30, tzinfo=UTC)) == WindowStatus.in_effect
    assert window.status_at(datetime(2017, 10, 31, 5, tzinfo=UTC)) == WindowStatus.ended


def test_window_status_moves_requested_agreed_cancelled(store, ctx):
    _create(store, ctx, repairs(status="requested"))
    agreed = service.change_window_status(store, ctx, "harasta-water-repairs", WindowStatusChange(status="agreed"))
    cancelled = service.change_window_status(store, ctx, "harasta-water-repairs",
                                             WindowStatusChange(status="cancelled", reason="shelling resumed"))
    assert (agreed.status, cancelled.status) == ("agreed", "cancelled")
    assert [s.status for s in cancelled.steps] == ["requested", "agreed", "cancelled"]
    assert [c.action for c in service.window_history(store, "harasta-water-repairs")] == ["create", "update",
                                                                                           "update"]
    with pytest.raises(InvalidTransition, match="cancelled is final") as err:
        service.change_window_status(store, ctx, "harasta-water-repairs", WindowStatusChange(status="agreed"))
    assert err.value.code == "E106"


@pytest.mark.parametrize(("data", "error", "code", "message"), [
    (convoy(buffer_m=None), InvalidValue, "E104", "a route needs buffer_m"),
    (convoy(buffer_m=0), InvalidValue, "E104", "a route needs buffer_m"),
    (convoy(area=SQUARE), InvalidValue, "E104", "not both"),
    (convoy(route=None, buffer_m=None), InvalidValue, "E104", "not neither"),
    (repairs(buffer_m=100), InvalidValue, "E104", "route only"),
    (repairs(end="2017-10-28T00:00:00Z"), DatesOutOfOrder, "E103", "not after start"),
    (repairs(parties_notified=["hts"]), UnknownReference, "E201", "unknown party 'hts'"),
    (convoy(guarantees=[{"text": "safe passage", "guarantors": ["iran"]}]), UnknownReference, "E201", "iran"),
    (repairs(area={"type": "Polygon", "coordinates": [[[36.3, 33.5], [36.4, 33.5], [36.3, 33.5]]]}),
     InvalidGeometry, "E102", "a ring needs 4"),
    (convoy(route=SQUARE), InvalidGeometry, "E102", "expected LineString"),
])
def test_bad_window_refused_with_code(store, ctx, data, error, code, message):
    with pytest.raises(error, match=message) as err:
        _create(store, ctx, data)
    assert err.value.code == code and store.windows.rows == {}


def test_window_time_needs_a_timezone():
    with pytest.raises(ValueError, match="timezone"):
        WindowCreate.model_validate(repairs(start="2017-10-29T05:00:00"))


def test_update_window_switches_area_to_route(store, ctx):
    _create(store, ctx, repairs())
    window = service.update_window(store, ctx, "harasta-water-repairs",
                                   WindowUpdate(route=ROAD, buffer_m=200, reason="repairs moved to the road"))
    assert window.area is None and window.route is not None and window.footprint.covers(Point(36.55, 33.501))
    with pytest.raises(InvalidValue):
        service.update_window(store, ctx, "harasta-water-repairs", WindowUpdate(buffer_m=-1))
    assert service.get_window(store, "harasta-water-repairs").buffer_m == 200


def test_list_windows_by_time_purpose_and_box(store, ctx):
    _create(store, ctx, repairs())
    _create(store, ctx, convoy())
    at = datetime(2017, 10, 30, 12, tzinfo=UTC)

    def keys(**kw):
        return [w.key for w in service.list_windows(store, WindowQuery(**kw), Page()).items]

    assert keys(start=at, end=at) == ["harasta-water-repairs", "wafideen-aid-convoy"]
    assert keys(start=datetime(2017, 10, 29, 6, tzinfo=UTC), end=datetime(2017, 10, 29, 7, tzinfo=UTC)) == [
        "harasta-water-repairs"]
    assert keys(purpose="aid_convoy") == ["wafideen-aid-convoy"]
    assert keys(bbox=(36.45, 33.45, 36.7, 33.55)) == ["wafideen-aid-convoy"]
