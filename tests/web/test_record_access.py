"""Record-level access through the API: release levels, the field reporter's own reports, the liaison's
party. Each case is checked on a list (the SQL filter) and on the single record (``visible``)."""

from __future__ import annotations

import pytest

from tests.conftest import bearer, grant_token
from tests.zones.places import ghouta_zone, idlib_zone
from truceline.zones.schemas import ZoneCreate

REPORT = {"source": "sohr", "occurred_at": "2017-10-20T06:00:00Z", "lon": 36.63, "lat": 35.93,
          "event_type": "shelling", "place_precision": "town", "text": "Shelling near Idlib"}


def _json(zone: dict) -> dict:
    return ZoneCreate.model_validate(zone).model_dump(mode="json", exclude_none=True)


@pytest.fixture
def world(client):
    """Parties, a public and a mechanism zone, and one account per role besides the admin ``client``."""
    for name, kind in [("Russia", "guarantor"), ("Turkey", "guarantor"), ("Syrian Arab Republic", "state_party")]:
        assert client.post("/api/v1/parties", json={"name": name, "kind": kind}).status_code == 201
    assert client.post("/api/v1/sources", json={"key": "sohr", "name": "SOHR", "kind": "ngo"}).status_code == 201
    assert client.post("/api/v1/zones", json=_json(idlib_zone(key="idlib"))).status_code == 201
    hidden = _json({**ghouta_zone(), "key": "ghouta-draft", "release": "mechanism"})
    assert client.post("/api/v1/zones", json=hidden).status_code == 201
    app = client.app
    return {
        "reporter": bearer(grant_token(app, "fr1", "field_reporter")),
        "reporter2": bearer(grant_token(app, "fr2", "field_reporter")),
        "turkey": bearer(grant_token(app, "tk", "party_liaison", party="turkey")),
        "russia": bearer(grant_token(app, "ru", "party_liaison", party="russia")),
        "reader": bearer(grant_token(app, "pr", "public_reader")),
    }


def _keys(response) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(f["id"] for f in response.json()["features"])


def test_mechanism_zone_hidden_from_the_public_in_list_and_record(client, anon_client, world):
    assert _keys(client.get("/api/v1/zones", params={"at": "2017-10-30"})) == ["ghouta-draft", "idlib"]
    for headers in ({}, world["reader"], world["turkey"], world["reporter"]):
        assert _keys(anon_client.get("/api/v1/zones", params={"at": "2017-10-30"}, headers=headers)) == ["idlib"]
        r = anon_client.get("/api/v1/zones/ghouta-draft", headers=headers)
        assert (r.status_code, r.json()["code"]) == (404, "E200")
    assert anon_client.get("/api/v1/zones/idlib").status_code == 200


def test_party_restricted_zone_is_seen_by_that_partys_liaison_only(client, anon_client, world):
    r = client.patch("/api/v1/zones/ghouta-draft", json={"release": "party_restricted", "released_to": ["turkey"]})
    assert r.status_code == 200, r.text
    assert r.json()["properties"]["released_to"] == ["turkey"]
    assert anon_client.get("/api/v1/zones/ghouta-draft", headers=world["turkey"]).status_code == 200
    assert "ghouta-draft" in _keys(anon_client.get("/api/v1/zones", params={"at": "2017-10-30"},
                                                   headers=world["turkey"]))
    assert anon_client.get("/api/v1/zones/ghouta-draft", headers=world["russia"]).status_code == 404
    assert anon_client.get("/api/v1/zones/ghouta-draft").status_code == 404


def test_released_to_needs_the_party_restricted_level(client, world):
    r = client.patch("/api/v1/zones/idlib", json={"released_to": ["turkey"]})
    assert (r.status_code, r.json()["code"]) == (422, "E104")
    assert "only party_restricted records" in r.json()["error"]


def test_field_reporter_sees_and_edits_only_their_own_candidates(client, anon_client, world):
    mine = anon_client.post("/api/v1/reports", json=REPORT, headers=world["reporter"])
    theirs = anon_client.post("/api/v1/reports", json=REPORT, headers=world["reporter2"])
    assert mine.status_code == theirs.status_code == 201
    mine_id, theirs_id = mine.json()["id"], theirs.json()["id"]
    assert mine.json()["submitted_by"] == "fr1"
    listed = anon_client.get("/api/v1/reports", headers=world["reporter"]).json()
    assert [r["id"] for r in listed["data"]] == [mine_id] and listed["count"] == 1
    assert anon_client.get(f"/api/v1/reports/{theirs_id}", headers=world["reporter"]).status_code == 404
    ok = anon_client.patch(f"/api/v1/reports/{mine_id}", json={"text": "corrected"}, headers=world["reporter"])
    assert ok.status_code == 200 and ok.json()["text"] == "corrected"
    r = anon_client.patch(f"/api/v1/reports/{theirs_id}", json={"text": "x"}, headers=world["reporter"])
    assert r.status_code == 404  # not even told it exists
    assert client.get("/api/v1/reports").json()["count"] == 2  # the staff see both


def test_field_reporter_cannot_edit_after_acceptance_nor_choose_the_release(client, anon_client, world):
    mine = anon_client.post("/api/v1/reports", json=REPORT, headers=world["reporter"]).json()
    r = anon_client.post("/api/v1/reports", json={**REPORT, "release": "public"}, headers=world["reporter"])
    assert (r.status_code, r.json()["code"]) == (403, "E807")
    assert client.post(f"/api/v1/reports/{mine['id']}/accept").status_code == 200
    r = anon_client.patch(f"/api/v1/reports/{mine['id']}", json={"text": "late"}, headers=world["reporter"])
    assert (r.status_code, r.json()["code"]) == (403, "E807")


def _published_and_restricted_incidents(client) -> tuple[int, int]:
    first = client.post("/api/v1/reports", json=REPORT).json()
    second = client.post("/api/v1/reports", json={**REPORT, "lon": 36.40, "lat": 33.57,
                                                   "occurred_at": "2017-10-25T06:00:00Z"}).json()
    a = client.post(f"/api/v1/reports/{first['id']}/accept").json()["incident_id"]
    b = client.post(f"/api/v1/reports/{second['id']}/accept").json()["incident_id"]
    assert a != b
    for step in ("triaged", "under_verification"):
        assert client.post(f"/api/v1/incidents/{a}/status", json={"status": step}).status_code == 200
    assert client.post(f"/api/v1/incidents/{a}/grade",
                       json={"grade": "fair", "rationale": "two sources agree on it"}).status_code == 200
    published = client.post(f"/api/v1/incidents/{a}/publish", json={})
    assert published.json()["release"] == "public"
    r = client.post(f"/api/v1/incidents/{b}/release",
                    json={"release": "party_restricted", "released_to": ["turkey"], "reason": "for confirmation"})
    assert r.status_code == 200 and r.json()["released_to"] == ["turkey"], r.text
    return a, b


def test_incidents_by_publication_and_release(client, anon_client, world):
    a, b = _published_and_restricted_incidents(client)
    seen = {name: sorted(i["id"] for i in anon_client.get("/api/v1/incidents", headers=world.get(name, {}))
                         .json()["data"]) for name in ("anonymous", "reader", "turkey", "russia", "reporter")}
    assert seen == {"anonymous": [a], "reader": [a], "turkey": [a, b], "russia": [a], "reporter": [a]}
    assert anon_client.get(f"/api/v1/incidents/{b}", headers=world["turkey"]).status_code == 200
    assert anon_client.get(f"/api/v1/incidents/{b}", headers=world["russia"]).status_code == 404
    assert anon_client.get(f"/api/v1/incidents/{b}").status_code == 404
    assert sorted(i["id"] for i in client.get("/api/v1/incidents").json()["data"]) == [a, b]


def test_liaison_records_only_their_own_partys_confirmation(client, anon_client, world):
    _a, b = _published_and_restricted_incidents(client)
    assert client.post(f"/api/v1/incidents/{b}/confirmations", json={"party": "turkey"}).status_code == 200
    ok = anon_client.post(f"/api/v1/incidents/{b}/confirmations/turkey", json={"position": "confirms"},
                          headers=world["turkey"])
    assert ok.status_code == 200, ok.text
    r = anon_client.post(f"/api/v1/incidents/{b}/confirmations/russia", json={"position": "disputes",
                                                                             "counter_evidence": "none"},
                         headers=world["turkey"])
    assert (r.status_code, r.json()["code"]) == (403, "E807")


def test_release_of_a_published_incident_is_refused(client, world):
    a, _b = _published_and_restricted_incidents(client)
    r = client.post(f"/api/v1/incidents/{a}/release", json={"release": "mechanism"})
    assert (r.status_code, r.json()["code"]) == (422, "E104")
    r = client.post(f"/api/v1/incidents/{_b}/release", json={"release": "party_restricted", "released_to": ["nope"]})
    assert (r.status_code, r.json()["code"]) == (422, "E201")


def test_history_is_for_the_staff(client, anon_client, world):
    assert client.get("/api/v1/zones/idlib/history").status_code == 200
    assert anon_client.get("/api/v1/zones/idlib/history").status_code == 401
    assert anon_client.get("/api/v1/zones/idlib/history", headers=world["turkey"]).status_code == 403


def test_changes_are_recorded_as_the_account_that_made_them(client, anon_client, world):
    mine = anon_client.post("/api/v1/reports", json=REPORT, headers=world["reporter"]).json()
    history = client.get(f"/api/v1/reports/{mine['id']}/history").json()["data"]
    assert [c["actor"] for c in history] == ["fr1"]
    client.patch("/api/v1/zones/idlib", json={"description": "north-west", "reason": "wording"})
    assert client.get("/api/v1/zones/idlib/history").json()["data"][-1]["actor"] == "tester"


def test_mechanism_exports_need_the_staff(client, anon_client, world):
    assert client.get("/api/v1/exports/incidents.csv", params={"audience": "mechanism"}).status_code == 200
    r = anon_client.get("/api/v1/exports/incidents.csv", params={"audience": "mechanism"})
    assert (r.status_code, r.json()["code"]) == (401, "E801")
    r = anon_client.get("/api/v1/exports/incidents.csv", params={"audience": "mechanism"}, headers=world["turkey"])
    assert (r.status_code, r.json()["code"]) == (403, "E807")
    assert anon_client.get("/api/v1/exports/incidents.csv").status_code == 200


def test_readers_outside_the_mechanism_get_no_working_data(client, anon_client, world):
    a, _b = _published_and_restricted_incidents(client)
    client.post(f"/api/v1/incidents/{a}/assign", json={"user": "tester"})
    staff = client.get(f"/api/v1/incidents/{a}").json()
    assert staff["links"] and staff["assigned_to"] == "tester"
    public = anon_client.get(f"/api/v1/incidents/{a}").json()
    assert public["links"] == [] and public["assigned_to"] is None and public["locked_by"] is None
    assert public["grade"] == "fair" and public["report_ids"] == staff["report_ids"]
    listed = anon_client.get("/api/v1/incidents").json()["data"]
    assert all(i["links"] == [] for i in listed)
