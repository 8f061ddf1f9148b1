"""The auth routes and the access dependencies, in process, over a fresh database (each engine)."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from truceline.accounts.passwords import fast_passwords
from truceline.accounts.policy import Action, Principal, Resource
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.service import Accounts
from truceline.accounts.web_deps import SESSION_COOKIE, csrf_protect, require
from truceline.config import Settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import store_scope
from truceline.web.access import OPEN, Rule, add_rules
from truceline.web.app import create_app

PW = "correct horse battery"

probe = APIRouter(prefix="/probe")


@probe.get("/incidents")
def read_incidents(principal: Annotated[Principal, Depends(require("read", "incidents"))]) -> dict[str, str]:
    return {"as": principal.role.value}


@probe.post("/incidents/grade")
def grade(principal: Annotated[Principal, Depends(require("grade", "incidents"))]) -> dict[str, str]:
    return {"graded_by": principal.username or ""}


@probe.post("/form")
def form_post(principal: Annotated[Principal, Depends(csrf_protect)]) -> dict[str, str]:
    return {"ok": principal.via}


@pytest.fixture
def app(db_url, tmp_path, clock):
    application = create_app(Settings(database_url=db_url, data_dir=tmp_path / "data"), clock=clock)
    application.state.passwords = fast_passwords()
    application.include_router(probe)
    add_rules(application, {("GET", "/probe/incidents"): Rule(Action.read, Resource.incidents),
                            ("POST", "/probe/incidents/grade"): Rule(Action.grade, Resource.incidents),
                            ("POST", "/probe/form"): OPEN})
    engine = make_engine(db_url)
    with store_scope(make_sessionmaker(engine)) as store:
        accounts = Accounts(SqlAccountRepository(store.session), clock=clock, passwords=fast_passwords())
        accounts.create_user("amal", role="analyst", password=PW)
        accounts.create_user("fr1", role="field_reporter", password=PW)
    engine.dispose()
    yield application
    application.state.engine.dispose()


@pytest.fixture
def client(app):
    with TestClient(app) as test_client:
        yield test_client


def login(client, username="amal", password=PW, **kwargs):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password}, **kwargs)


def test_anonymous_is_a_public_reader_and_must_log_in_to_write(client):
    me = client.get("/api/v1/auth/me").json()
    assert me["authenticated"] is False and me["role"] == "public_reader" and me["csrf_token"] is None
    assert client.get("/probe/incidents").json() == {"as": "public_reader"}
    r = client.post("/probe/incidents/grade")
    assert (r.status_code, r.json()["code"]) == (401, "E801")


def test_login_sets_an_httponly_lax_cookie_and_me_gives_the_csrf_token(client):
    r = login(client)
    assert r.status_code == 200, r.text
    cookie = r.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie
    me = client.get("/api/v1/auth/me").json()
    assert (me["username"], me["role"], me["via"]) == ("amal", "analyst", "session")
    assert me["csrf_token"] == r.json()["csrf_token"] and len(me["csrf_token"]) == 64


def test_cookie_is_secure_over_https(app):
    with TestClient(app, base_url="https://testserver") as secure_client:
        assert "Secure" in login(secure_client).headers["set-cookie"]


def test_login_by_form_works_too(client):
    r = client.post("/api/v1/auth/login", data={"username": "amal", "password": PW})
    assert r.status_code == 200 and r.json()["username"] == "amal"


@pytest.mark.parametrize("headers", [{"origin": "https://evil.example"}, {"origin": "null"},
                                     {"sec-fetch-site": "cross-site"}])
def test_login_posted_from_another_site_is_refused(client, headers):
    """Login CSRF through the API: a form on another site posting the attacker's credentials."""
    r = client.post("/api/v1/auth/login", data={"username": "amal", "password": PW}, headers=headers)
    assert (r.status_code, r.json()["code"]) == (403, "E806") and "set-cookie" not in r.headers
    same = client.post("/api/v1/auth/login", data={"username": "amal", "password": PW},
                       headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"})
    assert same.status_code == 200


def test_bad_login_and_bad_body(client):
    r = login(client, password="wrong password")
    assert (r.status_code, r.json()["code"]) == (401, "E802")
    r = client.post("/api/v1/auth/login", json={"username": "amal"})
    assert (r.status_code, r.json()["code"]) == (422, "E101")


def test_failed_logins_are_kept_and_lock_the_account(client):
    for _ in range(5):
        assert login(client, password="wrong password").status_code == 401
    r = login(client)
    assert (r.status_code, r.json()["code"]) == (429, "E803")


def test_unsafe_request_on_a_session_needs_the_csrf_token(client):
    csrf = login(client).json()["csrf_token"]
    r = client.post("/probe/incidents/grade")
    assert (r.status_code, r.json()["code"]) == (403, "E806")
    r = client.post("/probe/incidents/grade", headers={"X-CSRF-Token": "0" * 64})
    assert r.status_code == 403
    r = client.post("/probe/incidents/grade", headers={"X-CSRF-Token": csrf})
    assert r.json() == {"graded_by": "amal"}
    r = client.post("/probe/form", data={"csrf_token": csrf, "note": "x"})
    assert r.json() == {"ok": "session"}
    assert client.post("/probe/form", data={"note": "x"}).status_code == 403


def test_logged_in_but_not_allowed_is_403(client):
    csrf = login(client, "fr1").json()["csrf_token"]
    r = client.post("/probe/incidents/grade", headers={"X-CSRF-Token": csrf})
    assert (r.status_code, r.json()["code"]) == (403, "E807")


def test_logout_ends_the_session(client):
    csrf = login(client).json()["csrf_token"]
    assert client.post("/api/v1/auth/logout").status_code == 403  # no CSRF token
    stolen = client.cookies.get(SESSION_COOKIE)
    r = client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert r.json() == {"ok": True, "ended": True}
    client.cookies.set(SESSION_COOKIE, stolen)  # a copied cookie no longer opens anything
    assert client.get("/api/v1/auth/me").json()["authenticated"] is False


def test_api_tokens_create_use_list_revoke(client, app):
    csrf = login(client).json()["csrf_token"]
    r = client.post("/api/v1/auth/tokens", json={"name": "qgis"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    token, token_id = r.json()["token"], r.json()["id"]
    listed = client.get("/api/v1/auth/tokens").json()
    assert listed["count"] == 1 and "token" not in listed["data"][0] and token.startswith(listed["data"][0]["prefix"])
    with TestClient(app) as machine:
        bearer = {"Authorization": f"Bearer {token}"}
        assert machine.get("/api/v1/auth/me", headers=bearer).json()["via"] == "token"
        assert machine.post("/probe/incidents/grade", headers=bearer).json() == {"graded_by": "amal"}  # no CSRF
        r = client.delete(f"/api/v1/auth/tokens/{token_id}", headers={"X-CSRF-Token": csrf})
        assert r.json()["revoked_at"] is not None
        r = machine.get("/api/v1/auth/me", headers=bearer)
        assert (r.status_code, r.json()["code"]) == (401, "E805")
    r = client.delete(f"/api/v1/auth/tokens/{token_id}", headers={"X-CSRF-Token": csrf})
    assert (r.status_code, r.json()["code"]) == (409, "E815")


def test_anonymous_cannot_touch_tokens(client):
    r = client.get("/api/v1/auth/tokens")
    assert (r.status_code, r.json()["code"]) == (401, "E801")


def test_server_secret_is_created_once_under_the_data_dir(client, tmp_path):
    first = login(client).json()["csrf_token"]
    path = tmp_path / "data" / "secret_key"
    assert path.exists() and oct(path.stat().st_mode & 0o777) == "0o600"
    assert client.get("/api/v1/auth/me").json()["csrf_token"] == first


def test_a_new_login_ends_the_browsers_previous_session(client):
    login(client)
    first = client.cookies.get(SESSION_COOKIE)
    login(client, "fr1")
    assert client.cookies.get(SESSION_COOKIE) != first
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, first)
    assert client.get("/api/v1/auth/me").json()["authenticated"] is False


def test_an_idle_session_counts_as_anonymous(client, clock):
    login(client)
    clock.advance(hours=2)
    me = client.get("/api/v1/auth/me").json()
    assert me["authenticated"] is False and me["role"] == "public_reader"
