"""Statement review over HTTP: list by status and document, read one with its context, accept (edited),
reject; unknown ids, bad bodies and second decisions get their codes; only the staff review."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.ingest.helpers import FakeExtractor, app_with_accounts
from truceline.extract.models import Statement

TEXT = "MOSCOW, September 30. /TASS/. Militants shelled Idlib, Igor Konashenkov said. Talks go on, he added."
SAID = [Statement(speaker="Igor Konashenkov", speaker_role="Russian Defence Ministry spokesman", organisation=None,
                  text="Militants shelled Idlib", direct=False, start=30, end=53),
        Statement(speaker="he", speaker_role=None, organisation=None, text="Talks go on", direct=False,
                  start=79, end=90)]


@pytest.fixture
def api(db_url, tmp_path, clock):
    """A document pushed by a field reporter with two statements; tokens of an analyst, field reporters, a liaison."""
    app, who = app_with_accounts(db_url, tmp_path / "data", clock, FakeExtractor(statements=SAID))
    with TestClient(app) as client:
        pushed = client.post("/api/v1/documents", json={"source": "wire", "text": TEXT}, headers=who["fr1"])
        assert pushed.status_code == 201, pushed.text
        yield client, who, pushed.json()["document"]
    app.state.engine.dispose()


def _error(r, status: int, code: str) -> dict:
    assert (r.status_code, r.json()["code"]) == (status, code), r.text
    return r.json()


def test_list_by_status_and_document_with_the_sentence_around(api):
    client, who, doc = api
    listed = client.get(f"/api/v1/statements?status=candidate&document_id={doc['id']}", headers=who["amal"]).json()
    assert listed["count"] == 2 and [s["speaker"] for s in listed["data"]] == ["Igor Konashenkov", "he"]
    first = listed["data"][0]
    assert first["status"] == "candidate" and first["party"] == "russia" and first["version"] == 1
    assert first["context"] == "Militants shelled Idlib, Igor Konashenkov said."
    assert client.get(f"/api/v1/statements?document_id={doc['id'] + 1}", headers=who["amal"]).json()["count"] == 0
    paged = client.get("/api/v1/statements?limit=1&offset=1", headers=who["amal"]).json()
    assert paged["count"] == 2 and [s["speaker"] for s in paged["data"]] == ["he"]
    assert client.get(f"/api/v1/statements/{first['id']}", headers=who["amal"]).json() == first


def test_accept_with_edits_then_history_and_document_show_it(api):
    client, who, doc = api
    second = doc["statements"][1]
    r = client.post(f"/api/v1/statements/{second['id']}/accept", headers=who["amal"],
                    json={"speaker": "Igor Konashenkov", "party": "Russia", "direct": True, "expected_version": 1})
    assert r.status_code == 200, r.text
    accepted = r.json()
    assert (accepted["status"], accepted["reviewed_by"], accepted["party"]) == ("accepted", "amal", "russia")
    assert accepted["speaker"] == "Igor Konashenkov" and accepted["direct"] is True and accepted["version"] == 2
    [change] = client.get(f"/api/v1/statements/{second['id']}/history", headers=who["amal"]).json()["data"]
    assert change["before"]["speaker"] == "he" and change["after"]["speaker"] == "Igor Konashenkov"
    assert change["reason"] == "accepted with edits: direct, party, speaker" and change["actor"] == "amal"
    shown = client.get(f"/api/v1/documents/{doc['id']}", headers=who["amal"]).json()["statements"]
    assert [s["status"] for s in shown] == ["candidate", "accepted"]
    queue = client.get("/api/v1/statements?status=candidate", headers=who["amal"]).json()
    assert queue["count"] == 1


def test_accept_without_a_body_and_reject_with_a_reason(api):
    client, who, doc = api
    first, second = doc["statements"]
    assert client.post(f"/api/v1/statements/{first['id']}/accept", headers=who["amal"]).json()["status"] == "accepted"
    r = client.post(f"/api/v1/statements/{second['id']}/reject", json={"reason": "not a statement"},
                    headers=who["amal"])
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    history = client.get(f"/api/v1/statements/{second['id']}/history", headers=who["amal"]).json()
    assert history["count"] == 1 and history["data"][0]["reason"] == "not a statement"
    assert client.get("/api/v1/statements?status=rejected", headers=who["amal"]).json()["count"] == 1


def test_reviewing_twice_is_a_conflict(api):
    client, who, doc = api
    first = doc["statements"][0]
    assert client.post(f"/api/v1/statements/{first['id']}/reject", json={"reason": "noise"},
                       headers=who["amal"]).status_code == 200
    again = _error(client.post(f"/api/v1/statements/{first['id']}/accept", headers=who["amal"]), 409, "E304")
    assert "already rejected by amal" in again["error"]
    _error(client.post(f"/api/v1/statements/{first['id']}/reject", json={"reason": "x"}, headers=who["amal"]),
           409, "E304")


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/v1/statements/999"), ("GET", "/api/v1/statements/abc"), ("GET", "/api/v1/statements/999/history"),
    ("POST", "/api/v1/statements/999/accept"), ("POST", "/api/v1/statements/999/reject")])
def test_unknown_statements_are_404_with_a_code(api, method, path):
    client, who, _doc = api
    body = {"reason": "x"} if path.endswith("reject") else None
    _error(client.request(method, path, json=body, headers=who["amal"]), 404, "E200")


@pytest.mark.parametrize(("action", "body", "status", "code"), [
    ("reject", {}, 422, "E101"),
    ("reject", {"reason": ""}, 422, "E101"),
    ("accept", {"speaker": ""}, 422, "E101"),
    ("accept", {"text": None}, 422, "E101"),
    ("accept", {"said": "x"}, 422, "E101"),
    ("accept", {"direct": "perhaps"}, 422, "E101"),
    ("accept", {"party": "atlantis"}, 422, "E201"),
    ("accept", {"expected_version": 5}, 409, "E302"),
])
def test_bad_bodies_get_their_code_and_change_nothing(api, action, body, status, code):
    client, who, doc = api
    first = doc["statements"][0]
    _error(client.post(f"/api/v1/statements/{first['id']}/{action}", json=body, headers=who["amal"]), status, code)
    assert client.get(f"/api/v1/statements/{first['id']}", headers=who["amal"]).json()["status"] == "candidate"


def test_only_the_staff_review_statements(api):
    client, who, doc = api
    first = doc["statements"][0]
    for name in ("fr1", "liaison"):
        _error(client.get("/api/v1/statements", headers=who[name]), 403, "E807")
        _error(client.post(f"/api/v1/statements/{first['id']}/accept", headers=who[name]), 403, "E807")
    _error(client.get("/api/v1/statements"), 401, "E801")
    # a field reporter still reads the statements of their own document on the document
    assert len(client.get(f"/api/v1/documents/{doc['id']}", headers=who["fr1"]).json()["statements"]) == 2
