"""The talks routes: success and each error class, in the one JSON error shape."""

from __future__ import annotations

import pytest

from tests.talks.seed import ASTANA_1, ASTANA_2, ASTANA_6, ASTANA_7, seed_parties
from truceline.db.store import store_scope


@pytest.fixture
def api(client, ctx):
    """The client over a database holding the parties of the seeds, created through the party service."""
    with store_scope(client.app.state.sessionmaker) as store:
        seed_parties(store, ctx)
    return client


def _assert_error(r, status, code):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    return body


def test_create_get_list_update_history(api):
    r = api.post("/api/v1/talks", json=ASTANA_2)
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["key"] == "astana-2" and created["delegations"][6]["standing"] == "observer"
    assert api.get(f"/api/v1/talks/{created['id']}").json()["key"] == "astana-2"
    assert api.get("/api/v1/talks/astana-2").json()["name"] == "Second round of the Astana talks"
    r = api.patch("/api/v1/talks/astana-2", json={"summary": "Ceasefire mechanism discussed", "reason": "seed"})
    assert r.status_code == 200 and r.json()["version"] == 2
    history = api.get("/api/v1/talks/astana-2/history").json()
    assert [c["action"] for c in history["data"]] == ["create", "update"] and history["count"] == 2


@pytest.mark.parametrize("params, keys", [
    ({}, ["astana-1", "astana-2", "astana-6", "astana-7"]),
    ({"track": "astana", "party": "united-states"}, ["astana-2"]),
    ({"standing": "mediator"}, ["astana-2"]),
    ({"from": "2017-02-16", "to": "2017-09-14"}, ["astana-2", "astana-6"]),
    ({"at": "2017-09-14"}, ["astana-1", "astana-2", "astana-6"]),
    ({"q": "seventh"}, ["astana-7"]),
    ({"limit": 1, "offset": 1}, ["astana-2"]),
])
def test_list_talks_filters(api, params, keys):
    for data in (ASTANA_7, ASTANA_1, ASTANA_6, ASTANA_2):
        assert api.post("/api/v1/talks", json=data).status_code == 201
    body = api.get("/api/v1/talks", params=params).json()
    assert [r["key"] for r in body["data"]] == keys
    assert body["count"] == (4 if "limit" in params else len(keys))


def test_timeline_orders_rounds_with_counts(api):
    for data in (ASTANA_6, ASTANA_1):
        api.post("/api/v1/talks", json=data)
    api.post("/api/v1/talks", json={"key": "geneva-4", "name": "Geneva IV", "track": "geneva", "number": 4,
                                    "starts_on": "2017-02-23", "ends_on": "2017-03-03"})
    body = api.get("/api/v1/talks/timeline").json()
    assert [(e["key"], e["delegations"], e["outcomes"]) for e in body["data"]] == [
        ("astana-1", 5, 0), ("geneva-4", 0, 0), ("astana-6", 5, 1)]
    astana = api.get("/api/v1/talks/timeline", params={"track": "astana"}).json()
    assert astana["count"] == 2 and astana["data"][1]["starts_on"] == "2017-09-14"


@pytest.mark.parametrize("changes, status, code", [
    ({"starts_on": None}, 422, "E101"),
    ({"status": "adjourned"}, 422, "E101"),
    ({"venue": "Astana"}, 422, "E101"),
    ({"delegations": [{"party": "russia", "standing": "guarantor", "role": "x"}]}, 422, "E101"),
    ({"ends_on": "2017-01-22"}, 422, "E103"),
    ({"key": "Astana 1"}, 422, "E104"),
    ({"track": "Astana!"}, 422, "E104"),
    ({"ends_on": "2017-11-01"}, 422, "E104"),  # held, but ends after the clock's today
    ({"delegations": [{"party": "iran", "standing": "guarantor"}, {"party": "iran", "standing": "invited"}]},
     422, "E104"),
    ({"outcomes": [{"summary": "x", "on": "2017-01-25"}]}, 422, "E104"),
    ({"delegations": [{"party": "ghost", "standing": "party"}]}, 422, "E201"),
    ({"outcomes": [{"summary": "x", "agreement": "no-such-agreement"}]}, 422, "E201"),
])
def test_create_talks_round_errors(api, changes, status, code):
    _assert_error(api.post("/api/v1/talks", json={**ASTANA_1, **changes}), status, code)
    assert api.get("/api/v1/talks").json()["count"] == 0


def test_list_errors(api):
    _assert_error(api.get("/api/v1/talks", params={"party": "ghost"}), 422, "E201")
    _assert_error(api.get("/api/v1/talks", params={"from": "2017-03-01", "to": "2017-02-01"}), 422, "E103")
    _assert_error(api.get("/api/v1/talks", params={"standing": "chair"}), 422, "E101")


def test_duplicate_key_and_number_are_conflicts(api):
    api.post("/api/v1/talks", json=ASTANA_1)
    _assert_error(api.post("/api/v1/talks", json=ASTANA_1), 409, "E301")
    body = _assert_error(api.post("/api/v1/talks", json={**ASTANA_1, "key": "astana-1b"}), 409, "E301")
    assert body["errors"] == [{"field": "number", "value": 1}]


def test_unknown_round_is_not_found(api):
    _assert_error(api.get("/api/v1/talks/astana-9"), 404, "E200")
    _assert_error(api.get("/api/v1/talks/astana-9/history"), 404, "E200")
    _assert_error(api.patch("/api/v1/talks/astana-9", json={"place": "x"}), 404, "E200")


def test_update_errors(api):
    api.post("/api/v1/talks", json=ASTANA_7)
    _assert_error(api.patch("/api/v1/talks/astana-7", json={"status": "held"}), 422, "E104")
    _assert_error(api.patch("/api/v1/talks/astana-7", json={"starts_on": None}), 422, "E101")
    api.patch("/api/v1/talks/astana-7", json={"place": "Astana"})
    _assert_error(api.patch("/api/v1/talks/astana-7", json={"place": "b", "expected_version": 1}), 409, "E302")
    assert api.get("/api/v1/talks/astana-7").json()["version"] == 2
