"""The party routes: success and each error class, in the one JSON error shape."""

from __future__ import annotations

import pytest

RUSSIA = {"name": "Russia", "kind": "guarantor", "country_code": "RU", "aliases": [{"name": "Россия"}]}


def test_create_get_list_update_history(client):
    r = client.post("/api/v1/parties", json=RUSSIA)
    assert r.status_code == 201, r.text
    party = r.json()
    assert party["key"] == "russia" and party["aliases"][0]["script"] == "cyrillic"
    assert client.get(f"/api/v1/parties/{party['id']}").json()["key"] == "russia"
    listed = client.get("/api/v1/parties", params={"kind": "guarantor"}).json()
    assert listed["count"] == 1 and listed["data"][0]["name"] == "Russia"
    r = client.patch("/api/v1/parties/russia", json={"description": "Guarantor at Astana", "reason": "seed"})
    assert r.status_code == 200 and r.json()["version"] == 2
    history = client.get("/api/v1/parties/russia/history").json()
    assert [c["action"] for c in history["data"]] == ["create", "update"]


def _assert_error(r, status, code):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    return body


@pytest.mark.parametrize("payload, status, code", [
    ({"name": "X"}, 422, "E101"),  # kind missing
    ({"name": "X", "kind": "wizard"}, 422, "E101"),
    ({"name": "X", "kind": "militia", "unknown_field": 1}, 422, "E101"),
    ({"name": "X", "kind": "militia", "key": "Bad Key"}, 422, "E104"),
    ({"name": "X", "kind": "militia", "active_from": "2017-01-02", "active_until": "2017-01-01"}, 422, "E103"),
    ({"name": "X", "kind": "militia", "affiliations": [{"relation": "part_of", "party": "ghost"}]}, 422, "E201"),
])
def test_create_party_errors(client, payload, status, code):
    _assert_error(client.post("/api/v1/parties", json=payload), status, code)


def test_duplicate_name_is_conflict(client):
    client.post("/api/v1/parties", json=RUSSIA)
    body = _assert_error(client.post("/api/v1/parties", json={**RUSSIA, "key": "ru"}), 409, "E301")
    assert "already used" in body["error"]


def test_unknown_party_is_not_found(client):
    _assert_error(client.get("/api/v1/parties/nobody"), 404, "E200")


def test_stale_update_is_conflict(client):
    client.post("/api/v1/parties", json=RUSSIA)
    client.patch("/api/v1/parties/russia", json={"description": "a"})
    _assert_error(client.patch("/api/v1/parties/russia", json={"description": "b", "expected_version": 1}),
                  409, "E302")


def test_failed_write_leaves_nothing(client):
    r = client.post("/api/v1/parties", json={"name": "X", "kind": "militia",
                                             "affiliations": [{"relation": "part_of", "party": "ghost"}]})
    assert r.status_code == 422
    assert client.get("/api/v1/parties").json()["count"] == 0
