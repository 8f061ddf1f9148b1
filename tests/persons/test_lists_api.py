"""The person-list routes: who may do what, uploads refused whole, every read of personal values logged."""

from __future__ import annotations

import os
import stat

import pytest

from tests.persons.lists import LIST_A, LIST_B

HEAD = "id,full_name,given_name,father_name,grandfather_name,family_name,birth_year,place_of_origin,notes"


def _upload(api, headers, data=LIST_A, **form):
    fields = {"party": "jaysh-al-islam", "kind": "detained", "submitted_on": "2017-10-01", **form}
    return api.post("/api/v1/persons/lists/upload", data=fields, files={"file": ("a.csv", data, "text/csv")},
                    headers=headers)


def _error(r, status, code):
    assert r.status_code == status, r.text
    assert r.json()["ok"] is False and r.json()["code"] == code


def test_upload_read_export_and_the_access_log(api, as_user, api_app, tmp_path):
    r = _upload(api, as_user("amal"))
    assert r.status_code == 201, r.text
    plist = r.json()
    assert (plist["key"], plist["record_count"], plist["release"], plist["source"]) == (
        "jaysh-al-islam-detained-2017-10-01", 3, "party_restricted", "a.csv")
    key_file = tmp_path / "data" / "persons_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600  # made on first use
    meta = api.get(f"/api/v1/persons/lists/{plist['key']}", headers=as_user("amal")).json()
    assert meta["record_count"] == 3 and "records" not in meta
    r = api.get(f"/api/v1/persons/lists/{plist['key']}/records", params={"refs": "A-1,A-3", "purpose": "exchange 4"},
                headers=as_user("amal"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert [p["full_name"] for p in body["data"]] == ["محمد عبد الرحمن الحسن", "Ahmad Yusuf Darwish"]
    assert body["count"] == 3 and body["person_list"]["key"] == plist["key"]
    r = api.get(f"/api/v1/persons/lists/{plist['id']}/export", headers=as_user("root"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0] == HEAD and len(r.text.splitlines()) == 4
    log = api.get("/api/v1/persons/access-log", headers=as_user("root")).json()
    assert log["count"] == 2
    export, read = log["data"]
    assert (export["actor"], export["action"], export["all_records"], export["record_count"]) == ("root", "export",
                                                                                                   True, 3)
    assert export["route"] == "GET /api/v1/persons/lists/{ref}/export" and export["via"] == "token"
    assert (read["actor"], read["role"], read["record_refs"], read["purpose"]) == ("amal", "analyst",
                                                                                   ["A-1", "A-3"], "exchange 4")
    only = api.get("/api/v1/persons/access-log", params={"actor": "amal"}, headers=as_user("root")).json()
    assert only["count"] == 1


def test_json_create_and_history(api, as_user):
    body = {"party": "syria-government", "kind": "missing", "key": "gov-missing-1",
            "records": [{"id": "G-1", "full_name": "Omar Saleh Haddad", "birth_year": 1969}]}
    r = api.post("/api/v1/persons/lists", json=body, headers=as_user("amal"))
    assert r.status_code == 201, r.text
    r = api.patch("/api/v1/persons/lists/gov-missing-1", json={"release": "mechanism", "reason": "for the ICRC"},
                  headers=as_user("amal"))
    assert r.json()["version"] == 2
    history = api.get("/api/v1/persons/lists/gov-missing-1/history", headers=as_user("amal")).json()
    assert history["count"] == 2 and history["data"][1]["actor"] == "amal"
    assert "Omar" not in str(history)


def test_a_bad_upload_is_refused_whole_with_every_problem(api, as_user):
    bad = LIST_A + b"A-1,Duplicate,,,,,,,\nA-9,,,,,,,,\n"
    r = _upload(api, as_user("amal"), data=bad)
    _error(r, 422, "E600")
    assert [d["line"] for d in r.json()["errors"]] == [5, 6]
    assert api.get("/api/v1/persons/lists", headers=as_user("amal")).json()["count"] == 0
    _error(_upload(api, as_user("amal"), party="nobody"), 422, "E201")


@pytest.mark.parametrize("who", [None, "pub", "fr"])
def test_public_readers_and_field_reporters_never_see_person_data(api, as_user, who):
    assert _upload(api, as_user("amal")).status_code == 201
    headers = as_user(who) if who else {}
    status, code = (401, "E801") if who is None else (403, "E807")
    for path in ["/api/v1/persons/lists", "/api/v1/persons/lists/1", "/api/v1/persons/lists/1/records",
                 "/api/v1/persons/lists/1/export", "/api/v1/persons/access-log"]:
        _error(api.get(path, headers=headers), status, code)
    _error(_upload(api, headers), status, code)


def test_a_liaison_handles_only_their_own_partys_lists(api, as_user):
    assert _upload(api, as_user("lia")).status_code == 201  # their own party
    _error(_upload(api, as_user("lia"), data=LIST_B, party="syria-government"), 403, "E807")
    assert _upload(api, as_user("gov"), data=LIST_B, party="syria-government").status_code == 201
    listed = api.get("/api/v1/persons/lists", headers=as_user("lia")).json()
    assert [p["party"] for p in listed["data"]] == ["jaysh-al-islam"] and listed["count"] == 1
    assert api.get("/api/v1/persons/lists", headers=as_user("amal")).json()["count"] == 2
    assert api.get("/api/v1/persons/lists/1/records", headers=as_user("lia")).status_code == 200
    for path in ["/api/v1/persons/lists/2", "/api/v1/persons/lists/2/records", "/api/v1/persons/lists/2/export"]:
        _error(api.get(path, headers=as_user("lia")), 403, "E807")
    _error(api.get("/api/v1/persons/access-log", headers=as_user("lia")), 403, "E807")
    _error(api.get("/api/v1/persons/access-log", headers=as_user("amal")), 403, "E807")  # admins only


def test_a_missing_configured_key_file_is_a_clear_error(api_app, api, as_user, tmp_path):
    api_app.state.settings = api_app.state.settings.model_copy(update={"persons_key_file": tmp_path / "gone"})
    r = _upload(api, as_user("amal"))
    _error(r, 500, "E620")
    assert "does not exist" in r.json()["error"]


def test_match_stored_lists_and_review_a_pair(api, as_user):
    assert _upload(api, as_user("amal"), key="a").status_code == 201
    assert _upload(api, as_user("amal"), data=LIST_B, party="syria-government", key="b").status_code == 201
    h = as_user("amal")
    r = api.post("/api/v1/persons/matches", json={"list_a": "a", "list_b": "b", "purpose": "exchange 4"}, headers=h)
    assert r.status_code == 202, r.text
    started = r.json()  # stored at once; the matcher works after the answer
    assert (started["state"], started["pair_count"], started["actor"]) == ("running", 0, "amal")
    assert api.get("/api/v1/persons/matches", headers=h).json()["count"] == 1
    run = api.get(f"/api/v1/persons/matches/{started['id']}", headers=h).json()
    assert (run["state"], run["list_b"], run["match_count"], run["error"]) == ("done", "b", 2, None)
    assert run["finished_at"] is not None and run["version"] == 2
    pairs = api.get(f"/api/v1/persons/matches/{run['id']}/pairs", params={"matches_only": True}, headers=h).json()
    assert pairs["count"] == 2 and pairs["data"][0]["a"] == "A-1" and pairs["data"][0]["why"]
    pair = pairs["data"][0]["id"]
    url = f"/api/v1/persons/matches/{run['id']}/pairs/{pair}/review"
    _error(api.post(url, json={"decision": "confirmed"}, headers=h), 422, "E104")
    r = api.post(url, json={"decision": "confirmed", "reason": "father's name and year agree"}, headers=h)
    assert r.status_code == 200 and r.json()["status"] == "confirmed" and r.json()["reviewed_by"] == "amal"
    assert api.get(f"{url.removesuffix('/review')}/history", headers=h).json()["count"] == 1
    log = api.get("/api/v1/persons/access-log", headers=as_user("root")).json()["data"]
    assert [(e["action"], e["list_key"]) for e in log] == [("match", "b"), ("match", "a"), ("match", "b"),
                                                            ("match", "a")]
    for who in ("lia", "fr"):  # matching crosses two parties' lists: the mechanism's staff only
        _error(api.get(f"/api/v1/persons/matches/{run['id']}/pairs", headers=as_user(who)), 403, "E807")


def test_a_match_run_that_fails_says_why_and_keeps_no_pairs(api, as_user, monkeypatch):
    from truceline.web.routes import persons as persons_routes

    assert _upload(api, as_user("amal"), key="a").status_code == 201
    assert _upload(api, as_user("amal"), data=LIST_B, party="syria-government", key="b").status_code == 201

    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(persons_routes, "match_records", broken)
    h = as_user("amal")
    r = api.post("/api/v1/persons/matches", json={"list_a": "a", "list_b": "b"}, headers=h)
    assert r.status_code == 202, r.text
    run = api.get(f"/api/v1/persons/matches/{r.json()['id']}", headers=h).json()
    assert run["state"] == "failed" and "MemoryError" in run["error"] and run["pair_count"] == 0
    assert api.get(f"/api/v1/persons/matches/{run['id']}/pairs", headers=h).json()["count"] == 0


def test_a_match_run_of_unknown_or_identical_lists_is_refused_before_it_starts(api, as_user):
    assert _upload(api, as_user("amal"), key="a").status_code == 201
    h = as_user("amal")
    _error(api.post("/api/v1/persons/matches", json={"list_a": "a", "list_b": "nope"}, headers=h), 404, "E200")
    _error(api.post("/api/v1/persons/matches", json={"list_a": "a", "list_b": "a"}, headers=h), 422, "E104")
    assert api.get("/api/v1/persons/matches", headers=h).json()["count"] == 0


def test_a_match_run_whose_process_stopped_is_reported_failed_ten_minutes_on(api, as_user, clock, monkeypatch):
    """A server restart loses the background matcher: the run must not stay 'running' for good."""
    from truceline.web.routes import persons as persons_routes

    assert _upload(api, as_user("amal"), key="a").status_code == 201
    assert _upload(api, as_user("amal"), data=LIST_B, party="syria-government", key="b").status_code == 201
    monkeypatch.setattr(persons_routes, "complete_match_later", lambda *args: None)  # the process dies at once
    h = as_user("amal")
    run = api.post("/api/v1/persons/matches", json={"list_a": "a", "list_b": "b"}, headers=h).json()
    clock.advance(minutes=9)
    assert api.get(f"/api/v1/persons/matches/{run['id']}", headers=h).json()["state"] == "running"
    clock.advance(minutes=2)
    listed = api.get("/api/v1/persons/matches", headers=h).json()["data"][0]
    assert listed["state"] == "failed" and listed["error"].startswith("interrupted")
    assert api.get(f"/api/v1/persons/matches/{run['id']}", headers=h).json() == listed
