"""The source routes: success and each error class, in the one JSON error shape."""

from __future__ import annotations

import pytest


def _assert_error(r, status, code):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    return body


def test_sources_create_get_list_update_history(client):
    r = client.post("/api/v1/sources", json={"name": "SOHR", "kind": "ngo"})
    assert r.status_code == 201, r.text
    src = r.json()
    assert src["key"] == "sohr" and src["reliability"] == "F" and src["computed_reliability"] == "F"
    assert src["track_record"] == {"confirmed": 0, "discounted": 0, "judged": 0}
    assert client.get(f"/api/v1/sources/{src['id']}").json()["key"] == "sohr"
    assert client.get("/api/v1/sources", params={"kind": "ngo"}).json()["count"] == 1
    r = client.patch("/api/v1/sources/sohr", json={"reliability_override": "B", "override_reason": "record"})
    assert r.status_code == 200 and r.json()["reliability"] == "B" and r.json()["computed_reliability"] == "F"
    history = client.get("/api/v1/sources/sohr/history").json()
    assert [c["action"] for c in history["data"]] == ["create", "update"]


@pytest.mark.parametrize(("payload", "status", "code"), [
    ({"name": "X"}, 422, "E101"),
    ({"name": "X", "kind": "ngo", "reliability_override": "A"}, 422, "E104"),
    ({"name": "X", "kind": "ngo", "party": "ghost"}, 422, "E201"),
])
def test_sources_create_errors(client, payload, status, code):
    _assert_error(client.post("/api/v1/sources", json=payload), status, code)


def test_sources_conflicts_and_not_found(client):
    client.post("/api/v1/sources", json={"name": "SOHR", "kind": "ngo"})
    _assert_error(client.post("/api/v1/sources", json={"name": "SOHR", "kind": "ngo"}), 409, "E301")
    _assert_error(client.patch("/api/v1/sources/sohr", json={"name": "x", "expected_version": 5}), 409, "E302")
    _assert_error(client.get("/api/v1/sources/nope"), 404, "E200")
