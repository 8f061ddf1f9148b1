"""The exchange-operation routes: staff only, batches, release times with the simultaneity flag, outcomes."""

from __future__ import annotations

import pytest

from tests.persons.lists import LIST_A


@pytest.fixture
def stored(api, as_user):
    r = api.post("/api/v1/persons/lists/upload", data={"party": "jaysh-al-islam", "kind": "detained",
                                                       "key": "jai-detained"},
                 files={"file": ("a.csv", LIST_A, "text/csv")}, headers=as_user("amal"))
    assert r.status_code == 201, r.text
    return api


def test_operation_steps_through_the_api(stored, as_user):
    api, h = stored, as_user("amal")
    body = {"name": "Exchange at Wafideen", "parties": ["syria-government", "jaysh-al-islam"], "intermediary": "ICRC",
            "tolerance_minutes": 15, "batches": [{"persons": [{"list_key": "jai-detained", "ref": "A-1"}]}]}
    r = api.post("/api/v1/exchange-operations", json=body, headers=h)
    assert r.status_code == 201, r.text
    assert (r.json()["number"], r.json()["status"], r.json()["flagged_batches"]) == (1, "planned", [])
    r = api.post("/api/v1/exchange-operations/exchange-1/batches", headers=h,
                 json={"place": "Harasta", "persons": [{"list_key": "jai-detained", "ref": "A-2"}]})
    assert r.status_code == 201 and [b["number"] for b in r.json()["batches"]] == [1, 2]
    for party, at in (("jaysh-al-islam", "2017-10-30T12:00:00Z"), ("syria-government", "2017-10-30T12:40:00Z")):
        r = api.post("/api/v1/exchange-operations/1/batches/1/releases", json={"party": party, "released_at": at},
                     headers=h)
        assert r.status_code == 200, r.text
    op = r.json()
    assert op["flagged_batches"] == [1]
    assert op["batches"][0]["simultaneity"] == {"gap_seconds": 2400.0, "tolerance_seconds": 900.0, "flagged": True}
    r = api.post("/api/v1/exchange-operations/1/batches/2/outcomes", headers=h,
                 json={"outcomes": [{"list_key": "jai-detained", "ref": "A-2", "outcome": "refused"}]})
    assert r.json()["batches"][1]["persons"][0]["outcome"] == "refused"
    r = api.post("/api/v1/exchange-operations/1/status", json={"status": "completed"}, headers=h)
    assert (r.status_code, r.json()["code"]) == (422, "E106")
    assert api.post("/api/v1/exchange-operations/1/status", json={"status": "agreed"}, headers=h).status_code == 200
    r = api.patch("/api/v1/exchange-operations/1", json={"place": "Wafideen", "expected_version": 6}, headers=h)
    assert r.status_code == 200 and r.json()["version"] == 7
    listed = api.get("/api/v1/exchange-operations", params={"party": "jaysh-al-islam"}, headers=h).json()
    assert listed["count"] == 1 and listed["data"][0]["status"] == "agreed"
    assert api.get("/api/v1/exchange-operations/1", headers=h).json()["place"] == "Wafideen"
    assert api.get("/api/v1/exchange-operations/exchange-1/history", headers=h).json()["count"] == 7


@pytest.mark.parametrize("who", ["lia", "fr", "pub"])
def test_operations_are_kept_by_the_mechanisms_staff(stored, as_user, who):
    if who != "lia":
        r = stored.get("/api/v1/exchange-operations", headers=as_user(who))
        assert (r.status_code, r.json()["code"]) == (403, "E807")
    r = stored.post("/api/v1/exchange-operations", json={"name": "x", "parties": ["a", "b"]}, headers=as_user(who))
    assert (r.status_code, r.json()["code"]) == (403, "E807")


def test_a_liaison_reads_the_operations_of_their_party_only(stored, as_user):
    api, h = stored, as_user("amal")
    for parties in (["syria-government", "jaysh-al-islam"], ["syria-government", "russia"]):
        if "russia" in parties:
            r = api.post("/api/v1/parties", json={"name": "Russia", "kind": "guarantor"}, headers=h)
            assert r.status_code == 201
        r = api.post("/api/v1/exchange-operations", json={"name": "op", "parties": parties}, headers=h)
        assert r.status_code == 201, r.text
    listed = api.get("/api/v1/exchange-operations", headers=as_user("lia")).json()
    assert [o["number"] for o in listed["data"]] == [1] and listed["count"] == 1
    assert api.get("/api/v1/exchange-operations", params={"party": "russia"}, headers=as_user("lia")).json()[
        "count"] == 0
    assert api.get("/api/v1/exchange-operations/1", headers=as_user("lia")).status_code == 200
    assert api.get("/api/v1/exchange-operations/1/history", headers=as_user("lia")).status_code == 200
    for path in ("/api/v1/exchange-operations/2", "/api/v1/exchange-operations/2/history"):
        r = api.get(path, headers=as_user("lia"))
        assert (r.status_code, r.json()["code"]) == (403, "E807")
    assert api.get("/api/v1/exchange-operations", headers=as_user("gov")).json()["count"] == 2
    r = api.post("/api/v1/exchange-operations/1/status", json={"status": "agreed"}, headers=as_user("lia"))
    assert (r.status_code, r.json()["code"]) == (403, "E807")
