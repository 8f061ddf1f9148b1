"""Window flagging: an incident inside an agreed window's footprint and time carries the window in its
agreement-in-force check, with a reason; the flag follows windows created or changed later."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.humanitarian.places import convoy, repairs
from tests.incidents.fakes import T0, add_report, memory_store, report
from tests.incidents.seed import seed_registers
from truceline.humanitarian import window_service as windows
from truceline.humanitarian.window_schemas import WindowCreate, WindowStatusChange, WindowUpdate
from truceline.incidents.scope import AgreementFacts, ScopeFacts, classify
from truceline.incidents.service import attach_report

INSIDE = (36.35, 33.55)  # in the Harasta square
NEAR_ROAD = (36.55, 33.503)  # about 330 m from the convoy road
OFF_ROAD = (36.55, 33.51)  # about 1.1 km from it
AROUND_T0 = {"start": "2017-10-20T05:00:00Z", "end": "2017-10-20T09:00:00Z"}


@pytest.fixture
def store(ctx):
    s = memory_store()
    seed_registers(s, ctx)
    return s


def _attach(store, ctx, place, **kw):
    return attach_report(store, ctx, add_report(store, report(lon=place[0], lat=place[1], perpetrator="syria",
                                                               **kw)))


def _window(store, ctx, data):
    return windows.create_window(store, ctx, WindowCreate.model_validate(data))


def test_incident_inside_area_and_time_flagged(store, ctx):
    _window(store, ctx, repairs(**AROUND_T0))
    incident = _attach(store, ctx, INSIDE)
    assert incident.scope.windows == ["harasta-water-repairs"]
    assert "inside humanitarian window harasta-water-repairs (repairs, until 2017-10-20T09:00:00+00:00)" \
        in incident.scope.reasons


def test_incident_outside_time_not_flagged(store, ctx):
    _window(store, ctx, repairs(**AROUND_T0))
    later = _attach(store, ctx, INSIDE, hours=3)  # 09:00: the window's end is excluded
    assert later.scope.windows == []
    assert not any("humanitarian window" in r for r in later.scope.reasons)


def test_incident_on_route_buffer_flagged_and_beside_it_not(store, ctx):
    _window(store, ctx, convoy(**AROUND_T0))
    assert _attach(store, ctx, NEAR_ROAD).scope.windows == ["wafideen-aid-convoy"]
    assert _attach(store, ctx, OFF_ROAD).scope.windows == []


def test_requested_or_cancelled_window_does_not_flag(store, ctx):
    _window(store, ctx, repairs(status="requested", **AROUND_T0))
    incident = _attach(store, ctx, INSIDE)
    assert incident.scope.windows == []
    windows.change_window_status(store, ctx, "harasta-water-repairs", WindowStatusChange(status="agreed"))
    assert store.incidents.get(incident.id).scope.windows == ["harasta-water-repairs"]
    windows.change_window_status(store, ctx, "harasta-water-repairs", WindowStatusChange(status="cancelled"))
    assert store.incidents.get(incident.id).scope.windows == []


def test_flag_appears_when_window_created_later(store, ctx):
    incident = _attach(store, ctx, INSIDE)
    far = _attach(store, ctx, (36.63, 35.93))
    assert incident.scope.windows == []
    _window(store, ctx, repairs(**AROUND_T0))
    now = store.incidents.get(incident.id)
    assert now.scope.windows == ["harasta-water-repairs"] and now.version > incident.version
    assert store.incidents.get(far.id) == far  # outside the footprint's box: untouched


def test_flag_follows_window_moved_away(store, ctx):
    _window(store, ctx, repairs(**AROUND_T0))
    incident = _attach(store, ctx, INSIDE)
    windows.update_window(store, ctx, "harasta-water-repairs",
                          WindowUpdate(start=datetime(2017, 10, 21, tzinfo=UTC),
                                       end=datetime(2017, 10, 22, tzinfo=UTC)))
    assert store.incidents.get(incident.id).scope.windows == []


def test_classify_keeps_windows_whatever_the_scope():
    facts = ScopeFacts(on=T0.date(), event_type="shelling", perpetrators=["syria"],
                       agreements=[AgreementFacts(key="truce", nationwide=True, covered=frozenset({"syria"}))],
                       windows=[("w", "medical", datetime(2017, 10, 20, 9, tzinfo=UTC))])
    check = classify(facts, now=T0)
    assert check.scope == "violation" and check.windows == ["w"]
    assert "inside humanitarian window w (medical, until 2017-10-20T09:00:00+00:00)" in check.reasons
