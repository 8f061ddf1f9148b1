"""The statements waiting for review, in process: the queue with each statement's sentence, accept, edit and
accept, reject, with the CSRF token of a browser session; linked from the review queue and the document."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

import pytest
from fastapi.testclient import TestClient

from tests.ingest.helpers import FakeExtractor, app_with_accounts
from tests.web.sessions import form_login
from tests.web.test_statements import SAID, TEXT
from truceline.accounts.passwords import fast_passwords
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.service import Accounts
from truceline.db.store import store_scope

PW = "correct horse battery"


@pytest.fixture
def site(db_url, tmp_path, clock):
    """A document with two candidate statements; ``amal`` (analyst) and ``fr1`` log in with a password."""
    app, who = app_with_accounts(db_url, tmp_path / "data", clock,
                                 FakeExtractor(statements=SAID))
    app.state.passwords = fast_passwords()
    with store_scope(app.state.sessionmaker) as store:
        accounts = Accounts(SqlAccountRepository(store.session), clock=clock, passwords=fast_passwords(),
                            parties=store.parties)
        accounts.set_password("amal", PW)
        accounts.set_password("fr1", PW)
    with TestClient(app) as api:
        doc = api.post("/api/v1/documents", json={"source": "wire", "text": TEXT}, headers=who["amal"]).json()
        yield app, api, who, doc["document"]
    app.state.engine.dispose()


def browser(app, username: str) -> tuple[TestClient, str]:
    b = TestClient(app, follow_redirects=False)
    r = form_login(b, username, PW)
    assert r.status_code == 303, r.text
    return b, re.search(r'name="csrf_token" value="([^"]+)"', b.get("/").text).group(1)


def test_queue_shows_each_statement_with_its_sentence_and_is_linked(site):
    app, _api, _who, doc = site
    b, _csrf = browser(app, "amal")
    page = b.get("/review/statements").text
    assert "Statements to review" in page and "Militants shelled Idlib, Igor Konashenkov said." in page
    assert 'href="/registers/parties/russia"' in page and page.count('action="/review/statements/') == 6
    assert 'href="/review/statements"' in b.get("/review").text
    assert f'href="/review/statements?document={doc["id"]}"' in b.get(f"/documents/{doc['id']}").text
    assert "Talks go on" in b.get(f"/review/statements?document={doc['id']}").text
    assert "No statement waits" in b.get(f"/review/statements?document={doc['id'] + 1}").text


@pytest.fixture
def amal(site):
    """The analyst's logged-in browser and CSRF token, the API client and headers, the document's statements."""
    app, api, who, doc = site
    return (*browser(app, "amal"), api, who["amal"], doc, *doc["statements"])


def test_accept_edit_and_reject_through_the_forms(amal):
    b, csrf, api, headers, doc, first, second = amal
    r = b.post(f"/review/statements/{first['id']}/accept", data={"csrf_token": csrf, "version": "1"})
    assert r.status_code == 303 and r.headers["location"] == f"/review/statements?done=accepted%3A{first['id']}"
    assert f"Statement {first['id']} accepted." in b.get(r.headers["location"]).text
    assert f"Заявление {first['id']} принято." in b.get(r.headers["location"] + "&lang=ru").text
    b.get("/review/statements?lang=en")  # the choice is kept in a cookie: back to English
    edit = {"csrf_token": csrf, "version": "1", "document": str(doc["id"]), "speaker": "Igor Konashenkov",
            "speaker_role": "", "organisation": "", "party": "russia", "text": "Talks go on", "direct": "true",
            "reason": "he is Konashenkov"}
    r = b.post(f"/review/statements/{second['id']}/accept", data=edit)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/review/statements?document={doc['id']}")
    got = api.get(f"/api/v1/statements/{second['id']}", headers=headers).json()
    assert (got["status"], got["speaker"], got["party"], got["direct"]) == ("accepted", "Igor Konashenkov",
                                                                           "russia", True)
    [change] = api.get(f"/api/v1/statements/{second['id']}/history", headers=headers).json()["data"]
    assert change["reason"] == "he is Konashenkov" and change["actor"] == "amal"
    assert "No statement waits" in b.get("/review/statements").text
    assert "accepted · amal" in b.get(f"/documents/{doc['id']}").text


def test_refusals_come_back_with_the_reason(amal):
    b, csrf, api, headers, _doc, first, second = amal
    r = b.post(f"/review/statements/{first['id']}/reject", data={"csrf_token": csrf, "reason": " "})
    assert "needs a reason" in unquote_plus(r.headers["location"])
    r = b.post(f"/review/statements/{first['id']}/accept", data={"csrf_token": csrf, "speaker": "", "text": "x"})
    assert "speaker" in unquote_plus(r.headers["location"]) and "E101" in unquote_plus(r.headers["location"])
    assert b.post(f"/review/statements/{first['id']}/reject",
                  data={"csrf_token": csrf, "reason": "noise"}).status_code == 303
    again = b.post(f"/review/statements/{first['id']}/reject", data={"csrf_token": csrf, "reason": "noise"})
    shown = b.get(again.headers["location"]).text
    assert "already rejected by amal" in shown and "E304" in shown
    assert b.post(f"/review/statements/{second['id']}/accept", data={"version": "1"}).status_code == 403  # no CSRF
    assert api.get(f"/api/v1/statements/{second['id']}", headers=headers).json()["status"] == "candidate"


def test_field_reporters_cannot_open_the_queue(site):
    app, _api, _who, doc = site
    b, csrf = browser(app, "fr1")
    assert b.get("/review/statements").status_code == 403
    statement = doc["statements"][0]["id"]
    assert b.post(f"/review/statements/{statement}/accept", data={"csrf_token": csrf}).status_code == 403
