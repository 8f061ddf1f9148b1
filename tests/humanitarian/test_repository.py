"""The hazard and window repository contract, on the in-memory fake and on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

from shapely.geometry import Point

from tests.humanitarian.places import SQUARE, convoy, minefield, repairs
from tests.incidents.fakes import add_report, report
from tests.incidents.seed import seed_registers
from truceline.common.paging import Page
from truceline.geo.geometry import BBox, parse_geometry
from truceline.humanitarian import hazard_service as hazards
from truceline.humanitarian import window_service as windows
from truceline.humanitarian.hazard_models import HazardQuery
from truceline.humanitarian.hazard_schemas import AccidentAdd, ClearanceAdd, HazardCreate, StatusChangeAdd
from truceline.humanitarian.window_models import WindowQuery
from truceline.humanitarian.window_schemas import WindowCreate
from truceline.incidents.service import attach_report

EAST = {"type": "Polygon", "coordinates": [[[37.0, 34.0], [37.2, 34.0], [37.2, 34.2], [37.0, 34.0]]]}


def test_repository_roundtrips_hazard_with_history_clearances_accidents(any_store, ctx):
    hazards.create_hazard(any_store, ctx, HazardCreate.model_validate(minefield()))
    hazards.add_status_change(any_store, ctx, "harasta-minefield", StatusChangeAdd.model_validate(
        {"status": "confirmed", "on": "2017-09-01", "by": "technical survey", "reason": "two mines found"}))
    hazards.add_clearance(any_store, ctx, "harasta-minefield", ClearanceAdd.model_validate(
        {"on": "2017-10-01", "team": "team 2", "area_m2": 900.0, "items": [{"kind": "AP mine", "found": 2,
                                                                           "destroyed": 2}]}))
    hazards.add_accident(any_store, ctx, "harasta-minefield", AccidentAdd.model_validate(
        {"on": "2017-07-15", "place": {"type": "Point", "coordinates": [36.35, 33.55]}, "injured": 1,
         "victims": "deminer"}))
    hazard = hazards.get_hazard(any_store, "harasta-minefield")
    assert hazard.geometry.equals(parse_geometry(SQUARE, allowed=("Polygon",)))
    assert [(s.status, s.on, s.by) for s in hazard.history] == [
        ("suspected", date(2017, 8, 1), "survey team 3"), ("confirmed", date(2017, 9, 1), "technical survey")]
    assert hazard.clearances[0].items[0].kind == "AP mine" and hazard.cleared_m2 == 900.0
    assert hazard.accidents[0].place == Point(36.35, 33.55) and hazard.accidents[0].victims == "deminer"
    assert hazard.version == 4 and hazards.get_hazard(any_store, hazard.id).key == hazard.key
    assert [c.version for c in hazards.hazard_history(any_store, "harasta-minefield")] == [1, 2, 3, 4]


def test_repository_lists_hazards_with_filters(any_store, ctx):
    hazards.create_hazard(any_store, ctx, HazardCreate.model_validate(minefield()))
    hazards.create_hazard(any_store, ctx, HazardCreate.model_validate(minefield(name="Rastan UXO", type="uxo",
                                                                                 geometry=EAST)))

    def keys(**kw):
        return [h.key for h in hazards.list_hazards(any_store, HazardQuery(**kw), Page()).items]

    assert keys() == ["harasta-minefield", "rastan-uxo"]
    assert keys(type="uxo") == ["rastan-uxo"] and keys(status="suspected") == ["harasta-minefield", "rastan-uxo"]
    assert keys(status="confirmed") == []
    assert keys(bbox=BBox(36.0, 33.0, 36.5, 33.7)) == ["harasta-minefield"]
    assert keys(bbox=BBox(36.4, 33.6, 36.5, 33.7)) == ["harasta-minefield"]  # corner touch counts
    page = hazards.list_hazards(any_store, HazardQuery(), Page(limit=1, offset=1))
    assert page.count == 2 and [h.key for h in page.items] == ["rastan-uxo"]


def test_repository_roundtrips_and_lists_windows(any_store, ctx):
    seed_registers(any_store, ctx)
    windows.create_window(any_store, ctx, WindowCreate.model_validate(repairs()))
    windows.create_window(any_store, ctx, WindowCreate.model_validate(convoy()))
    window = windows.get_window(any_store, "wafideen-aid-convoy")
    assert window.start == datetime(2017, 10, 30, 3, tzinfo=UTC) and window.buffer_m == 500
    assert window.route is not None and window.area is None and window.footprint.covers(Point(36.55, 33.503))
    assert window.guarantees[0].guarantors == ["russia"] and window.parties_notified == ["jaysh-al-islam"]
    assert window.steps[0].status == "agreed"

    def keys(**kw):
        return [w.key for w in windows.list_windows(any_store, WindowQuery(**kw), Page()).items]

    at = datetime(2017, 10, 29, 12, tzinfo=UTC)
    assert keys() == ["harasta-water-repairs", "wafideen-aid-convoy"]  # by start
    assert keys(start=at, end=at) == ["harasta-water-repairs"]
    assert keys(start=datetime(2017, 10, 31, 5, tzinfo=UTC)) == []  # end excluded
    assert keys(purpose="aid_convoy", status="agreed") == ["wafideen-aid-convoy"]
    assert keys(bbox=BBox(36.45, 33.45, 36.7, 33.55)) == ["wafideen-aid-convoy"]


def test_flagging_on_every_engine(any_store, ctx):
    seed_registers(any_store, ctx)
    inside = attach_report(any_store, ctx, add_report(any_store, report(lon=36.35, lat=33.55, perpetrator="syria")))
    windows.create_window(any_store, ctx, WindowCreate.model_validate(
        repairs(start="2017-10-20T05:00:00Z", end="2017-10-20T09:00:00Z")))
    assert any_store.incidents.get(inside.id).scope.windows == ["harasta-water-repairs"]
    later = attach_report(any_store, ctx, add_report(any_store, report(hours=48, lon=36.35, lat=33.55,
                                                                       perpetrator="syria", uid="later")))
    assert later.id != inside.id and later.scope.windows == []
