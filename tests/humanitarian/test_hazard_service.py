"""Hazard areas: land release with enforced transitions, clearance records, accidents, history."""

from __future__ import annotations

from datetime import date

import pytest

from tests.humanitarian.places import minefield
from truceline.common.paging import Page
from truceline.errors import DatesOutOfOrder, DuplicateName, InvalidGeometry, InvalidTransition, InvalidValue
from truceline.humanitarian import hazard_service as service
from truceline.humanitarian.hazard_models import HazardQuery, LandStatus
from truceline.humanitarian.hazard_schemas import AccidentAdd, ClearanceAdd, HazardCreate, HazardUpdate, StatusChangeAdd
from truceline.testing.memory import MemoryStore


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


def _create(store, ctx, **over):
    return service.create_hazard(store, ctx, HazardCreate.model_validate(minefield(**over)))


def _step(status: str, on: str, **over) -> StatusChangeAdd:
    return StatusChangeAdd.model_validate({"status": status, "on": on, "by": "survey team 3", **over})


def test_create_hazard_keys_and_records_status(store, ctx):
    hazard = _create(store, ctx)
    assert hazard.key == "harasta-minefield" and hazard.status == LandStatus.suspected
    assert hazard.release == "mechanism"
    assert [c.action for c in service.hazard_history(store, "harasta-minefield")] == ["create"]


def test_create_hazard_duplicate_key_refused(store, ctx):
    _create(store, ctx)
    with pytest.raises(DuplicateName) as err:
        _create(store, ctx)
    assert err.value.code == "E301"


def test_land_release_walks_suspected_confirmed_cleared_released(store, ctx):
    _create(store, ctx)
    service.add_status_change(store, ctx, "harasta-minefield", _step("confirmed", "2017-09-01"))
    service.add_status_change(store, ctx, "harasta-minefield", _step("cleared", "2017-10-01"))
    hazard = service.add_status_change(store, ctx, "harasta-minefield",
                                       _step("released", "2017-10-20", reason="handed to the local council"))
    assert [s.status for s in hazard.history] == ["suspected", "confirmed", "cleared", "released"]
    assert hazard.history[-1].by == "survey team 3" and hazard.history[-1].reason == "handed to the local council"
    assert hazard.status_on(date(2017, 9, 15)) == LandStatus.confirmed and hazard.version == 4
    assert len(service.hazard_history(store, hazard.id)) == 4


def test_non_technical_survey_cancels_suspected_area(store, ctx):
    _create(store, ctx)
    hazard = service.add_status_change(store, ctx, "harasta-minefield", _step("cancelled", "2017-08-20"))
    assert hazard.status == LandStatus.cancelled
    with pytest.raises(InvalidTransition, match="cancelled is final"):
        service.add_status_change(store, ctx, "harasta-minefield", _step("confirmed", "2017-09-01"))


@pytest.mark.parametrize(("steps", "message"), [
    ([("cleared", "2017-09-01")], "cannot go from suspected to cleared"),
    ([("confirmed", "2017-09-01"), ("suspected", "2017-09-02")], "cannot go from confirmed to suspected"),
    ([("confirmed", "2017-07-01")], "dated before step 1"),
])
def test_illegal_land_release_step_refused_with_e106(store, ctx, steps, message):
    _create(store, ctx)
    with pytest.raises(InvalidTransition, match=message) as err:
        for status, on in steps:
            service.add_status_change(store, ctx, "harasta-minefield", _step(status, on))
    assert err.value.code == "E106"
    assert service.get_hazard(store, "harasta-minefield").status != "cleared"


def test_clearance_records_and_accident_kept(store, ctx):
    _create(store, ctx)
    service.add_clearance(store, ctx, "harasta-minefield", ClearanceAdd.model_validate({
        "on": "2017-10-01", "team": "UNMAS team 2", "area_m2": 12500.5,
        "items": [{"kind": "anti-personnel mine", "found": 14, "destroyed": 14}]}))
    service.add_clearance(store, ctx, "harasta-minefield", ClearanceAdd.model_validate({
        "on": "2017-10-02", "team": "UNMAS team 2", "area_m2": 2500}))
    hazard = service.add_accident(store, ctx, "harasta-minefield", AccidentAdd.model_validate({
        "on": "2017-07-15", "place": {"type": "Point", "coordinates": [36.35, 33.55]}, "killed": 1, "injured": 2,
        "victims": "civilian"}))
    assert hazard.cleared_m2 == 15000.5 and hazard.clearances[0].items[0].destroyed == 14
    assert hazard.accidents[0].place.x == 36.35 and hazard.accidents[0].killed == 1


@pytest.mark.parametrize(("data", "error", "code"), [
    ({"on": "2017-07-01", "team": "t", "area_m2": 10}, DatesOutOfOrder, "E103"),
    ({"on": "2017-10-01", "team": "t", "area_m2": 10, "items": [{"kind": "mortar round", "found": 1,
                                                                  "destroyed": 2}]}, InvalidValue, "E104"),
])
def test_bad_clearance_refused(store, ctx, data, error, code):
    _create(store, ctx)
    with pytest.raises(error) as err:
        service.add_clearance(store, ctx, "harasta-minefield", ClearanceAdd.model_validate(data))
    assert err.value.code == code
    assert service.get_hazard(store, "harasta-minefield").clearances == []


def test_accident_place_must_be_a_point(store, ctx):
    _create(store, ctx)
    with pytest.raises(InvalidGeometry) as err:
        service.add_accident(store, ctx, "harasta-minefield", AccidentAdd.model_validate({
            "on": "2017-07-15", "place": {"type": "LineString", "coordinates": [[36, 33], [36.1, 33]]}}))
    assert err.value.code == "E102"


def test_bad_polygon_refused_with_e102(store, ctx):
    bowtie = {"type": "Polygon", "coordinates": [[[36.0, 33.0], [36.1, 33.1], [36.1, 33.0], [36.0, 33.1],
                                                  [36.0, 33.0]]]}
    with pytest.raises(InvalidGeometry, match="not valid") as err:
        _create(store, ctx, geometry=bowtie)
    assert err.value.code == "E102" and store.hazards.rows == {}


def test_update_hazard_replaces_fields_and_checks_version(store, ctx):
    _create(store, ctx)
    hazard = service.update_hazard(store, ctx, "harasta-minefield",
                                   HazardUpdate(type="uxo", reason="survey found shells", expected_version=1))
    assert hazard.type == "uxo" and hazard.version == 2
    assert service.list_hazards(store, HazardQuery(type="uxo"), Page()).count == 1
