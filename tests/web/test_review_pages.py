"""The login page, the report form and the review queue, in process: forms, CSRF, locks, decisions."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.web.sessions import LOGIN_TOKEN, form_login
from truceline.accounts.passwords import fast_passwords
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.service import Accounts
from truceline.db.store import store_scope

PW = "correct horse battery"


@pytest.fixture
def site(client):
    """The admin ``client`` seeds parties and a source; accounts with passwords log in through the form."""
    app = client.app
    app.state.passwords = fast_passwords()
    for name, kind in [("Russia", "guarantor"), ("Syrian Arab Republic", "state_party"), ("Turkey", "guarantor")]:
        assert client.post("/api/v1/parties", json={"name": name, "kind": kind}).status_code == 201
    assert client.post("/api/v1/sources", json={"key": "sohr", "name": "SOHR", "kind": "ngo"}).status_code == 201
    with store_scope(app.state.sessionmaker) as store:
        accounts = Accounts(SqlAccountRepository(store.session), clock=app.state.clock, passwords=fast_passwords(),
                            parties=store.parties)
        accounts.create_user("amal", role="analyst", password=PW)
        accounts.create_user("boris", role="analyst", password=PW)
        accounts.create_user("fr1", role="field_reporter", password=PW)
        accounts.create_user("pr", role="public_reader", password=PW)
    return app


def browser(app, username: str) -> tuple[TestClient, str]:
    """A logged-in browser (session cookie, no token) and the CSRF token of its pages."""
    b = TestClient(app, follow_redirects=False)
    r = form_login(b, username, PW, "/review")
    assert r.status_code == 303 and r.headers["location"] == "/review", r.text
    page = b.get("/").text
    return b, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


FORM = {"event_type": "shelling", "occurred_at": "2017-10-20T06:00", "time_precision": "hour",
        "lat": "35.93", "lon": "36.63", "place_precision": "town", "place_name": "Idlib",
        "perpetrator": "syrian-arab-republic", "killed_min": "2", "killed_max": "4", "text": "Shelling on the market"}


def test_login_page_wrong_password_keeps_the_username_and_says_why(site):
    b = TestClient(site, follow_redirects=False)
    assert "Log in" in b.get("/login").text
    r = form_login(b, "amal", "wrong one here")
    assert r.status_code == 401 and 'value="amal"' in r.text and "E802" in r.text


def test_login_post_without_the_login_pages_token_is_refused(site):
    """Login CSRF: a form on another site cannot log the browser into an account (E806); the page's form can."""
    b = TestClient(site, follow_redirects=False)
    r = b.post("/login", data={"username": "amal", "password": PW, "next": "/"})
    assert r.status_code == 403 and "E806" in r.text and "truceline_session" not in r.headers.get("set-cookie", "")
    token = LOGIN_TOKEN.search(r.text).group(1)  # the form comes back with a token for this browser
    other = TestClient(site, follow_redirects=False)  # another browser's token does not fit this cookie
    r = other.post("/login", data={"username": "amal", "password": PW, "csrf_token": token})
    assert r.status_code == 403 and "E806" in r.text
    r = b.post("/login", data={"username": "amal", "password": PW, "next": "/", "csrf_token": token})
    assert r.status_code == 303 and "truceline_session" in r.headers["set-cookie"]
    assert "amal · analyst" in b.get("/").text


def test_refused_page_keeps_the_account_in_the_header_and_speaks_plainly(site):
    fr, _csrf = browser(site, "fr1")
    r = fr.get("/review", headers={"accept": "text/html"})
    assert r.status_code == 403 and "E807" in r.text
    assert "fr1 · field reporter" in r.text and "Log out" in r.text and "Public reader" not in r.text
    assert "This page is not open to your account" in r.text and "may not triage" not in r.text


def test_unknown_path_in_a_browser_is_the_html_not_found_page(site):
    b, _csrf = browser(site, "amal")
    r = b.get("/nonexistent", headers={"accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "E200" in r.text and "Back to the map" in r.text and "amal · analyst" in r.text
    r = b.get("/nonexistent", headers={"accept": "application/json"})
    assert r.status_code == 404 and r.json()["code"] == "E200"


def test_login_never_redirects_off_site(site):
    b = TestClient(site, follow_redirects=False)
    r = form_login(b, "amal", PW, "//evil.example/x")
    assert r.headers["location"] == "/"


def test_header_shows_the_account_and_logout_needs_csrf(site):
    b, csrf = browser(site, "amal")
    page = b.get("/").text
    assert "amal · analyst" in page and 'href="/review"' in page
    assert b.post("/logout").status_code == 403
    assert b.post("/logout", data={"csrf_token": csrf}).status_code == 303
    assert "Public reader" in b.get("/").text


def test_field_reporter_submits_through_the_form_from_their_own_source(site, client):
    b, csrf = browser(site, "fr1")
    assert "Report an incident" in b.get("/reports/new").text
    r = b.post("/reports/new", data={**FORM, "csrf_token": csrf},
               files={"attachments": ("photo.txt", b"evidence", "text/plain")})
    assert r.status_code == 303 and r.headers["location"].startswith("/reports/mine"), r.text
    report = client.get("/api/v1/reports").json()["data"][0]
    assert (report["source"], report["submitted_by"], report["status"]) == ("field-fr1", "fr1", "candidate")
    assert report["casualties"]["killed_min"] == 2 and report["perpetrator"] == "syrian-arab-republic"
    assert [a["filename"] for a in report["attachments"]] == ["photo.txt"]
    assert "Shelling" not in b.get("/reports/mine").text or "shelling" in b.get("/reports/mine").text
    assert b.get("/review").status_code == 403  # the queue is the analysts'


def test_form_errors_show_beside_their_fields_and_nothing_is_kept(site, client):
    b, csrf = browser(site, "amal")
    bad = {**FORM, "source": "sohr", "killed_min": "5", "killed_max": "2", "csrf_token": csrf}
    r = b.post("/reports/new", data=bad)
    assert r.status_code == 422
    assert re.search(r'id="killed_min-error"[^>]*>The lowest number is above the highest.', r.text)
    assert 'value="5"' in r.text  # what was typed is kept
    r = b.post("/reports/new", data={**FORM, "source": "sohr", "lat": "north", "csrf_token": csrf})
    assert r.status_code == 422 and 'id="lat-error"' in r.text
    assert client.get("/api/v1/reports").json()["count"] == 0


def test_form_names_every_problem_at_once_beside_its_field_and_on_top(site, client):
    b, csrf = browser(site, "amal")
    bad = {**FORM, "source": "sohr", "lat": "north", "lon": "200", "killed_min": "5", "killed_max": "2",
           "injured_min": "-1", "occurred_at": "", "csrf_token": csrf}
    r = b.post("/reports/new", data=bad, files=[("attachments", ("photo.jpg", b"\xff\xd8 not much", "image/jpeg"))])
    assert r.status_code == 422
    fields = {"lat": "Write a number of degrees", "lon": "A longitude lies between -180 and 180 degrees.",
              "killed_min": "The lowest number is above the highest.", "injured_min": "Write a whole number",
              "occurred_at": "Give the date and time it happened (UTC)."}
    summary = r.text[r.text.index('id="form-error"'):]
    summary = summary[:summary.index("</div>")]
    assert "Correct the 5 fields below:" in summary
    for name, message in fields.items():
        assert re.search(rf'id="{name}-error"[^>]*>{re.escape(message)}', r.text), name
        assert f'href="#field-{name}"' in summary and message in summary, name
        assert re.search(rf'id="field-{name}" aria-describedby="{name}-error" aria-invalid="true"', r.text), name
    assert "photo.jpg" in r.text and "choose them again" in r.text  # the attachment must be chosen again
    assert client.get("/api/v1/reports").json()["count"] == 0


def test_form_latitude_out_of_range_is_told_beside_the_latitude(site):
    b, csrf = browser(site, "amal")
    r = b.post("/reports/new", data={**FORM, "source": "sohr", "lat": "95", "csrf_token": csrf})
    assert r.status_code == 422
    assert re.search(r'id="lat-error"[^>]*>A latitude lies between -90 and 90 degrees.', r.text)
    assert 'href="#field-lat"' in r.text and 'id="lon-error"' not in r.text


def test_form_problems_in_arabic(site):
    b, csrf = browser(site, "amal")
    r = b.post("/reports/new?lang=ar", data={**FORM, "source": "sohr", "killed_min": "5", "killed_max": "2",
                                             "csrf_token": csrf})
    assert r.status_code == 422 and "لم يُحفظ البلاغ." in r.text and "الحد الأدنى أكبر من الحد الأعلى." in r.text


def test_form_without_csrf_is_refused(site):
    b, _csrf = browser(site, "amal")
    r = b.post("/reports/new", data={**FORM, "source": "sohr"})
    assert r.status_code == 403 and r.json()["code"] == "E806"


def test_review_lock_keeps_a_second_analyst_out_then_accept(site, client):
    report = client.post("/api/v1/reports", json={"source": "sohr", "occurred_at": "2017-10-20T06:00:00Z",
                                                  "lon": 36.63, "lat": 35.93, "event_type": "shelling"}).json()
    amal, amal_csrf = browser(site, "amal")
    boris, boris_csrf = browser(site, "boris")
    queue = amal.get("/review").text
    assert f'data-id="{report["id"]}"' in queue
    opened = amal.post(f"/review/{report['id']}/open", data={"csrf_token": amal_csrf})
    assert opened.status_code == 200 and 'id="accept"' in opened.text
    other = boris.post(f"/review/{report['id']}/open", data={"csrf_token": boris_csrf})
    assert "amal is reviewing this report" in other.text and 'id="accept"' not in other.text
    refused = boris.post(f"/review/{report['id']}/accept", data={"csrf_token": boris_csrf})
    assert refused.status_code == 303 and "E303" in refused.headers["location"]
    done = amal.post(f"/review/{report['id']}/accept", data={"csrf_token": amal_csrf})
    assert done.status_code == 303 and done.headers["location"] == f"/review?done=accepted:{report['id']}"
    accepted = client.get(f"/api/v1/reports/{report['id']}").json()
    assert accepted["status"] == "accepted" and accepted["incident_id"] and accepted["locked_by"] is None


def test_merge_into_a_chosen_incident_and_reject_with_reason(site, client):
    body = {"source": "sohr", "occurred_at": "2017-10-20T06:00:00Z", "lon": 36.63, "lat": 35.93,
            "event_type": "shelling"}
    first = client.post("/api/v1/reports", json=body).json()
    incident = client.post(f"/api/v1/reports/{first['id']}/accept").json()["incident_id"]
    far = client.post("/api/v1/reports", json={**body, "lon": 36.70, "lat": 35.99, "event_type": "air_strike"}).json()
    third = client.post("/api/v1/reports", json=body).json()
    amal, csrf = browser(site, "amal")
    panel = amal.post(f"/review/{far['id']}/open", data={"csrf_token": csrf}).text
    assert f'<option value="{incident}">#{incident}' in panel  # suggested: near in place and time
    r = amal.post(f"/review/{far['id']}/accept", data={"csrf_token": csrf, "incident": str(incident),
                                                       "reason": "same shelling, reported as a strike"})
    assert r.headers["location"] == f"/review?done=merged:{far['id']}"
    assert client.get(f"/api/v1/reports/{far['id']}").json()["incident_id"] == incident
    r = amal.post(f"/review/{third['id']}/reject", data={"csrf_token": csrf, "reason": ""})
    assert "needs a reason" in r.headers["location"].replace("%20", " ")
    r = amal.post(f"/review/{third['id']}/reject", data={"csrf_token": csrf, "reason": "duplicate of the SOHR one"})
    assert client.get(f"/api/v1/reports/{third['id']}").json()["status"] == "rejected"


def test_htmx_decision_redirects_with_the_header(site, client):
    report = client.post("/api/v1/reports", json={"source": "sohr", "occurred_at": "2017-10-20T06:00:00Z",
                                                  "lon": 36.63, "lat": 35.93, "event_type": "shelling"}).json()
    amal, csrf = browser(site, "amal")
    r = amal.post(f"/review/{report['id']}/reject", data={"csrf_token": csrf, "reason": "spam"},
                  headers={"HX-Request": "true"})
    assert r.status_code == 204 and r.headers["HX-Redirect"] == f"/review?done=rejected:{report['id']}"


def test_edit_a_candidate_from_review(site, client):
    report = client.post("/api/v1/reports", json={"source": "sohr", "occurred_at": "2017-10-20T06:00:00Z",
                                                  "lon": 36.63, "lat": 35.93, "event_type": "shelling"}).json()
    amal, csrf = browser(site, "amal")
    form = amal.get(f"/reports/{report['id']}/edit").text
    assert 'value="2017-10-20T06:00"' in form
    r = amal.post(f"/reports/{report['id']}/edit", data={**FORM, "csrf_token": csrf, "version": "1",
                                                         "reason": "place from the video"})
    assert r.status_code == 303, r.text
    edited = client.get(f"/api/v1/reports/{report['id']}").json()
    assert edited["place_name"] == "Idlib" and edited["version"] == 2


def test_public_reader_has_no_form_and_no_queue(site):
    b, _csrf = browser(site, "pr")
    assert b.get("/reports/new").status_code == 403
    assert b.get("/review").status_code == 403
    anon = TestClient(site, follow_redirects=False)
    assert anon.get("/review").status_code == 401


def _incident_of_a_new_report(client) -> int:
    report = client.post("/api/v1/reports", json={"source": "sohr", "occurred_at": "2017-10-20T06:00:00Z",
                                                  "lon": 36.63, "lat": 35.93, "event_type": "shelling"}).json()
    return client.post(f"/api/v1/reports/{report['id']}/accept").json()["incident_id"]


def test_analyst_moves_an_incident_through_the_workflow_on_its_page(site, client):
    incident = _incident_of_a_new_report(client)
    amal, csrf = browser(site, "amal")
    page = amal.get(f"/incidents/{incident}").text
    assert 'id="actions-h"' in page and "Release" in page
    for status in ("triaged", "under_verification"):
        r = amal.post(f"/incidents/{incident}/status", data={"csrf_token": csrf, "status": status})
        assert r.status_code == 303 and "done=" in r.headers["location"], r.headers["location"]
    short = amal.post(f"/incidents/{incident}/grade", data={"csrf_token": csrf, "grade": "fair", "rationale": "ok"})
    assert "error=" in short.headers["location"] and "E104" in amal.get(short.headers["location"]).text
    amal.post(f"/incidents/{incident}/grade", data={"csrf_token": csrf, "grade": "fair",
                                                     "rationale": "two sources, one video"})
    r = amal.post(f"/incidents/{incident}/publish", data={"csrf_token": csrf, "published": "true"})
    assert "done=published" in r.headers["location"]
    shown = client.get(f"/api/v1/incidents/{incident}").json()
    assert (shown["status"], shown["grade"], shown["published"], shown["release"]) == ("graded", "fair", True,
                                                                                        "public")
    bad = amal.post(f"/incidents/{incident}/status", data={"csrf_token": csrf, "status": "nonsense"})
    assert "error=" in bad.headers["location"]


def test_liaison_records_their_partys_position_on_the_page(site, client):
    incident = _incident_of_a_new_report(client)
    with store_scope(site.state.sessionmaker) as store:
        Accounts(SqlAccountRepository(store.session), clock=site.state.clock, passwords=fast_passwords(),
                 parties=store.parties).create_user("tk", role="party_liaison", party="turkey", password=PW)
    amal, csrf = browser(site, "amal")
    amal.post(f"/incidents/{incident}/release", data={"csrf_token": csrf, "release": "party_restricted",
                                                      "released_to": ["turkey"]})
    amal.post(f"/incidents/{incident}/confirmations", data={"csrf_token": csrf, "party": "turkey"})
    tk, tk_csrf = browser(site, "tk")
    page = tk.get(f"/incidents/{incident}").text
    assert "The position of Turkey" in page and 'id="actions-h"' not in page
    r = tk.post(f"/incidents/{incident}/position", data={"csrf_token": tk_csrf, "position": "confirms"})
    assert "done=" in r.headers["location"]
    ledger = client.get(f"/api/v1/incidents/{incident}").json()["confirmations"]
    assert [(c["party"], c["position"], c["recorded_by"]) for c in ledger] == [("turkey", "confirms", "tk")]
    other = tk.post(f"/incidents/{incident}/position", data={"csrf_token": tk_csrf, "position": "confirms",
                                                            "party": "russia"})
    assert other.status_code == 403
    assert tk.post(f"/incidents/{incident}/grade", data={"csrf_token": tk_csrf, "grade": "weak"}).status_code == 403


def test_a_browser_without_an_account_is_sent_to_log_in_and_back(site):
    anon = TestClient(site, follow_redirects=False)
    r = anon.get("/review?source=sohr", headers={"accept": "text/html"})
    assert (r.status_code, r.headers["location"]) == (303, "/login?next=%2Freview%3Fsource%3Dsohr")
    page = anon.get(r.headers["location"]).text
    assert 'name="next" value="/review?source=sohr"' in page
    back = anon.post("/login", data={"username": "amal", "password": PW, "next": "/review?source=sohr",
                                     "csrf_token": LOGIN_TOKEN.search(page).group(1)})
    assert back.headers["location"] == "/review?source=sohr"
