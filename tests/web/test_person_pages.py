"""The person-list pages: submitting a list (refused whole with every problem named), reading its records
only on request and logged, matching two lists and reviewing the pairs; a liaison held to their party."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.persons.conftest import api_app  # noqa: F401  (the app: parties, one account per role)
from tests.persons.lists import LIST_A, LIST_B
from tests.web.sessions import form_login

PW = "correct horse battery"


def browser(app, username):
    b = TestClient(app, follow_redirects=False)
    assert form_login(b, username, PW, "/persons").status_code == 303
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', b.get("/persons").text).group(1)
    return b, csrf


def _upload(b, csrf, data, *, party="jaysh-al-islam", kind="detained"):
    return b.post("/persons/upload", data={"csrf_token": csrf, "party": party, "kind": kind,
                                           "submitted_on": "2017-10-01"},
                  files={"file": ("list.csv", data, "text/csv")})


@pytest.fixture
def app(api_app):  # noqa: F811
    from truceline.accounts.passwords import fast_passwords

    api_app.state.passwords = fast_passwords()
    return api_app


def test_liaison_submits_their_partys_list_and_reads_it_on_request_logged(app):
    lia, csrf = browser(app, "lia")
    r = _upload(lia, csrf, LIST_A)
    assert r.status_code == 303 and "stored" in r.headers["location"], r.headers["location"]
    page = lia.get("/persons/lists/jaysh-al-islam-detained-2017-10-01").text
    assert "Show the names" in page and "Fatima" not in page  # nothing personal until asked
    shown = lia.get("/persons/lists/jaysh-al-islam-detained-2017-10-01",
                    params={"show": "true", "purpose": "exchange 4"}).text
    assert "Fatima Zahra Khalil" in shown and "محمد عبد الرحمن الحسن" in shown
    root, _ = browser(app, "root")
    log = root.get("/api/v1/persons/access-log").json()
    [entry] = log["data"]
    assert (entry["actor"], entry["purpose"], entry["route"]) == ("lia", "exchange 4", "GET /persons/lists/{ref}")
    refused = _upload(lia, csrf, LIST_B, party="syria-government")  # another party's list
    assert "E807" in lia.get(refused.headers["location"]).text
    assert [pl["party"] for pl in root.get("/api/v1/persons/lists").json()["data"]] == ["jaysh-al-islam"]


def test_a_list_with_problems_is_refused_whole_with_each_problem(app):
    amal, csrf = browser(app, "amal")
    bad = LIST_A + b"A-1,Duplicate Id,,,,,19x5,,\n"
    r = _upload(amal, csrf, bad)
    page = amal.get(r.headers["location"]).text
    assert "list refused" in page and "line 5" in page
    assert amal.get("/api/v1/persons/lists").json()["count"] == 0


def test_staff_match_two_lists_and_review_a_pair(app):
    amal, csrf = browser(app, "amal")
    assert "stored" in _upload(amal, csrf, LIST_A).headers["location"]
    assert "stored" in _upload(amal, csrf, LIST_B, party="syria-government", kind="missing").headers["location"]
    r = amal.post("/persons/matches", data={"csrf_token": csrf, "list_a": "jaysh-al-islam-detained-2017-10-01",
                                             "list_b": "syria-government-missing-2017-10-01", "purpose": "test"})
    assert r.status_code == 303 and r.headers["location"].startswith("/persons/matches/"), r.headers["location"]
    page = amal.get(r.headers["location"]).text
    pair_id = re.search(r'id="pair-(\d+)"', page).group(1)
    assert "A-1 ↔ B-1" in page
    no_reason = amal.post(f"{r.headers['location']}/pairs/{pair_id}/review",
                          data={"csrf_token": csrf, "decision": "confirmed", "version": "1"})
    assert "error=" in no_reason.headers["location"]
    done = amal.post(f"{r.headers['location']}/pairs/{pair_id}/review",
                     data={"csrf_token": csrf, "decision": "confirmed", "version": "1", "reason": "same family"})
    assert "done=" in done.headers["location"]
    run_id = r.headers["location"].rsplit("/", 1)[1]
    pairs = amal.get(f"/api/v1/persons/matches/{run_id}/pairs").json()["data"]
    assert any(p["status"] == "confirmed" and p["reason"] == "same family" for p in pairs)


def test_a_run_page_reloads_while_matching_and_says_why_a_run_stopped(app, monkeypatch):
    from truceline.web.routes import person_pages
    from truceline.web.routes import persons as persons_routes

    amal, csrf = browser(app, "amal")
    _upload(amal, csrf, LIST_A)
    _upload(amal, csrf, LIST_B, party="syria-government", kind="missing")
    lists = {"csrf_token": csrf, "list_a": "jaysh-al-islam-detained-2017-10-01",
             "list_b": "syria-government-missing-2017-10-01"}
    monkeypatch.setattr(person_pages, "complete_match_later", lambda *args: None)  # the matcher not done yet
    running = amal.get(amal.post("/persons/matches", data=lists).headers["location"]).text
    assert '<meta http-equiv="refresh" content="5">' in running and "This page reloads" in running
    assert "No candidate pair." not in running
    assert "matching…" in amal.get("/persons").text
    monkeypatch.undo()

    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(persons_routes, "match_records", broken)
    stopped = amal.get(amal.post("/persons/matches", data=lists).headers["location"]).text
    assert "This run stopped and kept no pairs: internal error (MemoryError)" in stopped
    assert 'http-equiv="refresh"' not in stopped


def test_readers_outside_the_lists_get_nothing(app):
    anonymous = TestClient(app, follow_redirects=False)
    assert anonymous.get("/persons").status_code == 401
    fr = TestClient(app, follow_redirects=False)
    assert form_login(fr, "fr", PW).status_code == 303
    assert fr.get("/persons").status_code == 403


def test_operation_pages_show_batches_simultaneity_and_outcomes_to_their_sides(app):
    amal, csrf = browser(app, "amal")
    assert "stored" in _upload(amal, csrf, LIST_A).headers["location"]
    token = {"Authorization": f"Bearer {app.state.test_tokens['amal']}"}
    body = {"name": "Exchange at Wafideen", "parties": ["syria-government", "jaysh-al-islam"], "intermediary": "ICRC",
            "tolerance_minutes": 15,
            "batches": [{"persons": [{"list_key": "jaysh-al-islam-detained-2017-10-01", "ref": "A-1"}]}]}
    api = TestClient(app)
    assert api.post("/api/v1/exchange-operations", json=body, headers=token).status_code == 201
    for party, at in (("jaysh-al-islam", "2017-10-30T12:00:00Z"), ("syria-government", "2017-10-30T12:40:00Z")):
        api.post("/api/v1/exchange-operations/1/batches/1/releases", json={"party": party, "released_at": at},
                 headers=token)
    listed = amal.get("/persons/operations").text
    assert 'href="/persons/operations/exchange-1"' in listed and "ICRC" in listed
    page = amal.get("/persons/operations/exchange-1").text
    assert "not simultaneous" in page and "gap 40 minutes" in page and "<dd>15 minutes</dd>" in page and "A-1" in page
    lia, _ = browser(app, "lia")  # jaysh-al-islam is a side
    assert "Exchange at Wafideen" in lia.get("/persons/operations/exchange-1").text
    other = TestClient(app, follow_redirects=False)
    assert form_login(other, "pub", PW).status_code == 303
    assert other.get("/persons/operations").status_code == 403


def test_a_list_shows_the_nisba_beside_the_family_name_and_the_full_date_of_birth(app):
    lia, csrf = browser(app, "lia")
    data = b"id,full_name,family_name,nisba,birth_date\nN-1,Omar Haddad,Haddad,al-Halabi,1985-04-12\n"
    assert "stored" in _upload(lia, csrf, data).headers["location"]
    shown = lia.get("/persons/lists/jaysh-al-islam-detained-2017-10-01",
                    params={"show": "true", "purpose": "exchange 4"}).text
    assert 'Haddad <bdi class="hint">al-Halabi</bdi>' in shown and "<td>1985-04-12</td>" in shown
