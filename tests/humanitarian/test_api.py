"""The humanitarian routes (app built with ``web.routes.humanitarian.router``): GeoJSON out, each error
in the one JSON error shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import bearer, grant_token
from tests.humanitarian.places import convoy, minefield, repairs
from truceline.web.app import create_app


@pytest.fixture
def api(app_settings, clock):
    app = create_app(app_settings, clock=clock)
    with TestClient(app, headers=bearer(grant_token(app, "tester", "admin"))) as test_client:
        for name, kind in [("Russia", "guarantor"), ("Jaysh al-Islam", "armed_group")]:
            assert test_client.post("/api/v1/parties", json={"name": name, "kind": kind}).status_code == 201
        yield test_client
    app.state.engine.dispose()


def _error(r, status, code):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["code"] == code and body["error"]


def test_hazard_crud_status_clearance_accident_history(api):
    r = api.post("/api/v1/hazards", json=minefield())
    assert r.status_code == 201 and r.headers["content-type"] == "application/geo+json"
    assert r.json()["id"] == "harasta-minefield" and r.json()["properties"]["status"] == "suspected"
    r = api.post("/api/v1/hazards/harasta-minefield/status",
                 json={"status": "confirmed", "on": "2017-09-01", "by": "technical survey"})
    assert r.status_code == 201 and r.json()["properties"]["status"] == "confirmed"
    r = api.post("/api/v1/hazards/harasta-minefield/clearances",
                 json={"on": "2017-10-01", "team": "team 2", "area_m2": 400})
    assert r.status_code == 201 and r.json()["properties"]["cleared_m2"] == 400
    r = api.post("/api/v1/hazards/harasta-minefield/accidents",
                 json={"on": "2017-10-02", "place": {"type": "Point", "coordinates": [36.35, 33.55]}, "killed": 1})
    assert r.json()["properties"]["accidents"][0]["place"]["coordinates"] == [36.35, 33.55]
    r = api.patch("/api/v1/hazards/harasta-minefield", json={"name": "Harasta east minefield", "reason": "renamed"})
    assert r.status_code == 200 and r.json()["properties"]["version"] == 5
    assert api.get("/api/v1/hazards/1").json()["properties"]["name"] == "Harasta east minefield"
    listed = api.get("/api/v1/hazards", params={"status": "confirmed", "bbox": "36,33,37,34"}).json()
    assert listed["count"] == 1 and listed["features"][0]["id"] == "harasta-minefield"
    assert api.get("/api/v1/hazards", params={"bbox": "37,34,38,35"}).json()["count"] == 0
    assert api.get("/api/v1/hazards/harasta-minefield/history").json()["count"] == 5


def test_window_crud_status_list_at_and_history(api):
    r = api.post("/api/v1/windows", json=repairs(status="requested"))
    assert r.status_code == 201 and r.json()["geometry"]["type"] == "Polygon"
    assert r.json()["properties"]["status"] == "requested"
    r = api.post("/api/v1/windows/harasta-water-repairs/status", json={"status": "agreed"})
    props = r.json()["properties"]  # the clock says 30 Oct 09:00 UTC: inside the window's time
    assert r.status_code == 200 and (props["status"], props["stored_status"]) == ("in_effect", "agreed")
    api.post("/api/v1/windows", json=convoy())
    feature = api.get("/api/v1/windows/wafideen-aid-convoy").json()
    assert feature["properties"]["status"] == "in_effect" and feature["properties"]["stored_status"] == "agreed"
    assert feature["properties"]["route"]["type"] == "LineString" and feature["geometry"]["type"] == "Polygon"
    listed = api.get("/api/v1/windows", params={"at": "2017-10-29T12:00:00Z"}).json()
    assert [f["id"] for f in listed["features"]] == ["harasta-water-repairs"]
    assert api.get("/api/v1/windows", params={"bbox": "36.45,33.45,36.7,33.55"}).json()["count"] == 1
    r = api.patch("/api/v1/windows/wafideen-aid-convoy", json={"buffer_m": 250, "expected_version": 1})
    assert r.status_code == 200 and r.json()["properties"]["buffer_m"] == 250
    assert api.get("/api/v1/windows/wafideen-aid-convoy/history").json()["count"] == 2


@pytest.mark.parametrize(("path", "payload", "status", "code"), [
    ("/api/v1/hazards", minefield(geometry={"type": "Polygon", "coordinates": [[[36, 33], [36.1, 33.1],
                                                                                [36.1, 33], [36, 33.1], [36, 33]]]}),
     422, "E102"),
    ("/api/v1/windows", convoy(buffer_m=None), 422, "E104"),
    ("/api/v1/windows", repairs(end="2017-10-28T00:00:00Z"), 422, "E103"),
    ("/api/v1/windows", repairs(parties_notified=["hts"]), 422, "E201"),
    ("/api/v1/windows", repairs(start="2017-10-29T05:00:00"), 422, "E101"),
])
def test_bad_input_refused_with_code(api, path, payload, status, code):
    _error(api.post(path, json=payload), status, code)


def test_illegal_transitions_refused_with_e106(api):
    api.post("/api/v1/hazards", json=minefield())
    _error(api.post("/api/v1/hazards/harasta-minefield/status",
                    json={"status": "released", "on": "2017-09-01", "by": "x"}), 422, "E106")
    api.post("/api/v1/windows", json=repairs(status="cancelled"))
    _error(api.post("/api/v1/windows/harasta-water-repairs/status", json={"status": "agreed"}), 422, "E106")
    _error(api.get("/api/v1/windows/nowhere"), 404, "E200")
