"""The agreement routes: success and each error class, in the one JSON error shape."""

from __future__ import annotations

import pytest

from tests.agreements.seed import ASTANA_MEMORANDUM, DECEMBER_CEASEFIRE, EXTENSION, PARTIES

BASE = "/api/v1/agreements"
ASTANA = f"{BASE}/astana-memorandum-2017"


@pytest.fixture
def seeded(client):
    for party in PARTIES:
        assert client.post("/api/v1/parties", json=party).status_code == 201
    for agreement in (DECEMBER_CEASEFIRE, ASTANA_MEMORANDUM):
        r = client.post(BASE, json=agreement)
        assert r.status_code == 201, r.text
    return client


def _assert_error(r, status, code):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    return body


def test_create_get_list_update_history(seeded):
    astana = seeded.get(ASTANA).json()
    assert astana["guarantors"] == ["russia", "turkey", "iran"] and astana["extends"] == "ceasefire-2016-12-29"
    assert seeded.get(f"{BASE}/{astana['id']}").json()["key"] == "astana-memorandum-2017"
    listed = seeded.get(BASE, params={"party": "iran"}).json()
    assert listed["count"] == 1 and listed["data"][0]["name"].startswith("Memorandum")
    r = seeded.patch(ASTANA, json={"witnesses": ["united-states"], "reason": "seed 002"})
    assert r.status_code == 200 and r.json()["version"] == 2
    history = seeded.get(f"{ASTANA}/history").json()
    assert [c["action"] for c in history["data"]] == ["create", "update"]


def test_amendment_makes_a_new_version_of_the_terms(seeded):
    r = seeded.post(f"{ASTANA}/amendments", json=EXTENSION)
    assert r.status_code == 201, r.text
    assert r.json()["amendments"] == [{"number": 1, **EXTENSION}] and r.json()["version"] == 2
    assert seeded.get(ASTANA, params={"at": "2017-06-01"}).json()["expires_on"] == "2017-11-06"
    assert seeded.get(ASTANA, params={"at": "2017-11-10"}).json()["expires_on"] == "2018-05-06"
    in_force = seeded.get(BASE, params={"at": "2017-12-01"}).json()
    assert [a["key"] for a in in_force["data"]] == ["ceasefire-2016-12-29", "astana-memorandum-2017"]
    history = seeded.get(f"{ASTANA}/history").json()["data"]
    assert history[-1]["reason"] == "amendment 1: Extended for six months"


def test_provisions_of_the_latest_version_and_at_a_date(seeded):
    seeded.post(f"{ASTANA}/amendments", json={
        "adopted_on": "2017-10-31", "summary": "Humanitarian demining added (illustrative)",
        "changes": {"provisions": [{"key": "demining", "type": "demining", "text": "Humanitarian demining"}]}})
    latest = seeded.get(f"{ASTANA}/provisions").json()
    assert latest["count"] == 1 and latest["data"][0]["type"] == "demining"
    then = seeded.get(f"{ASTANA}/provisions", params={"at": "2017-06-01"}).json()
    assert [p["key"] for p in then["data"]] == ["cessation", "access", "observers", "return"]


@pytest.mark.parametrize("payload, status, code", [
    ({"name": "X"}, 422, "E101"),  # kind missing
    ({"name": "X", "kind": "truce"}, 422, "E101"),
    ({"name": "X", "kind": "other", "unknown_field": 1}, 422, "E101"),
    ({"name": "X", "kind": "other", "provisions": [{"key": "a", "type": "bombing", "text": "t"}]}, 422, "E101"),
    ({"name": "X", "kind": "other", "key": "Bad Key"}, 422, "E104"),
    ({"name": "X", "kind": "other", "guarantors": ["syria"]}, 422, "E104"),
    ({"name": "X", "kind": "other", "signatories": ["isil"], "excluded_groups": ["isil"]}, 422, "E104"),
    ({"name": "X", "kind": "other", "signed_on": "2017-05-04", "expires_on": "2017-05-01"}, 422, "E103"),
    ({"name": "X", "kind": "other", "guarantors": ["ghost"]}, 422, "E201"),
    ({"name": "X", "kind": "other", "extends": "ghost"}, 422, "E201"),
])
def test_create_agreement_errors(seeded, payload, status, code):
    _assert_error(seeded.post(BASE, json=payload), status, code)


@pytest.mark.parametrize("payload, status, code", [
    ({"adopted_on": "2017-10-31", "summary": "s"}, 422, "E101"),  # changes missing
    ({**EXTENSION, "changes": {"expires_on": "2017-01-01"}}, 422, "E103"),
    ({**EXTENSION, "number": 3}, 422, "E104"),
    ({**EXTENSION, "changes": {"guarantors": ["ghost"]}}, 422, "E201"),
    ({**EXTENSION, "expected_version": 7}, 409, "E302"),
])
def test_add_amendment_errors(seeded, payload, status, code):
    _assert_error(seeded.post(f"{ASTANA}/amendments", json=payload), status, code)


def test_duplicate_key_is_conflict(seeded):
    body = _assert_error(seeded.post(BASE, json=DECEMBER_CEASEFIRE), 409, "E301")
    assert "already exists" in body["error"]


def test_unknown_agreement_is_not_found(seeded):
    _assert_error(seeded.get(f"{BASE}/geneva-2012"), 404, "E200")
    _assert_error(seeded.post(f"{BASE}/geneva-2012/amendments", json=EXTENSION), 404, "E200")
    _assert_error(seeded.get(f"{BASE}/geneva-2012/provisions"), 404, "E200")


def test_stale_update_is_conflict(seeded):
    seeded.patch(ASTANA, json={"place": "Astana, Kazakhstan"})
    _assert_error(seeded.patch(ASTANA, json={"place": "Astana", "expected_version": 1}), 409, "E302")


def test_failed_write_leaves_nothing(seeded):
    _assert_error(seeded.post(f"{ASTANA}/amendments", json={**EXTENSION, "changes": {"guarantors": ["ghost"]}}),
                  422, "E201")
    assert seeded.get(ASTANA).json()["amendments"] == []
    assert seeded.get(BASE).json()["count"] == 2
