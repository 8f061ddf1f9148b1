"""Documents over HTTP: push as JSON or raw text/HTML by staff and field reporters, duplicates, list and read
with statements, candidate reports and unplaced events; others refused."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.ingest.helpers import FakeExtractor, app_with_accounts, event
from truceline.extract.models import Statement

TEXT = "MOSCOW, September 30. /TASS/. Militants shelled Idlib, killing 3 people, the Defence Ministry said."
SAID = Statement(speaker="Igor Konashenkov", speaker_role="Russian Defence Ministry spokesman", organisation=None,
                 text="Militants shelled Idlib, killing 3 people", direct=False, start=30, end=70)


@pytest.fixture
def tokens(db_url, tmp_path, clock):
    extractor = FakeExtractor(events=[event(fatalities=3), event("talks_round", place=None)], statements=[SAID])
    app, out = app_with_accounts(db_url, tmp_path / "data", clock, extractor)
    with TestClient(app) as client:
        yield client, out
    app.state.engine.dispose()


def test_push_json_stores_the_document_and_queues_its_claims(tokens):
    client, who = tokens
    r = client.post("/api/v1/documents", json={"source": "wire", "text": TEXT, "url": "http://tass.example/1",
                                               "title": "Shelling", "published_on": "2017-10-01"}, headers=who["amal"])
    assert r.status_code == 201, r.text
    body = r.json()
    doc = body["document"]
    assert body["status"] == "stored" and doc["origin"] == "push" and doc["source"] == "wire"
    assert doc["location"] == "http://tass.example/1" and doc["submitted_by"] == "amal" and len(doc["raw_sha256"]) == 64
    [report] = doc["reports"]
    assert report["status"] == "candidate" and report["document_id"] == doc["id"]
    assert report["claimed_by"] == "Defence Ministry" and report["casualties"]["killed_min"] == 3
    assert [s["party"] for s in doc["statements"]] == ["russia"]
    assert [e["reason"] for e in doc["unplaced_events"]] == ["no_place"]
    again = client.post("/api/v1/documents", json={"source": "wire", "text": TEXT}, headers=who["amal"])
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert again.json()["document"]["id"] == doc["id"]


def test_push_hands_its_publication_date_to_the_extraction(tokens):
    client, who = tokens
    r = client.post("/api/v1/documents", json={"source": "wire", "text": "Shelling hit Saraqeb.",
                                               "published_on": "2017-02-13"}, headers=who["amal"])
    assert r.status_code == 201, r.text
    doc = client.app.state.extractor.seen[-1]
    assert doc.metadata_date == date(2017, 2, 13) == doc.reference_date


def test_a_duplicate_push_does_not_show_another_reporters_document(tokens):
    client, who = tokens
    first = client.post("/api/v1/documents", json={"source": "wire", "text": TEXT}, headers=who["fr1"])
    assert first.status_code == 201
    again = client.post("/api/v1/documents", json={"source": "wire", "text": TEXT}, headers=who["fr2"])
    assert again.status_code == 200 and again.json() == {"status": "duplicate", "document": None}
    mine = client.post("/api/v1/documents", json={"source": "wire", "text": TEXT}, headers=who["fr1"])
    assert mine.json()["document"]["id"] == first.json()["document"]["id"]


def test_push_of_text_longer_than_the_model_reads_is_refused_with_a_code(tokens):
    client, who = tokens
    client.app.state.extractor.max_bytes = 5_000_000  # the byte limit of the real pipeline
    body = ("Shelling was reported near Idlib. " * 40_000).encode()
    r = client.post("/api/v1/documents?source=wire", content=body,
                    headers={**who["amal"], "content-type": "text/plain"})
    assert r.status_code == 422 and r.json()["code"] == "E704" and "characters of text" in r.json()["error"]


def test_push_raw_text_and_html_bodies(tokens):
    client, who = tokens
    r = client.post("/api/v1/documents?source=wire&url=field:msg-7", content="Patrol saw shelling near Idlib.",
                    headers={**who["fr1"], "content-type": "text/plain; charset=utf-8"})
    assert r.status_code == 201, r.text
    assert r.json()["document"]["content_kind"] == "text" and r.json()["document"]["submitted_by"] == "fr1"
    html = "<html><body><article><h1>Clashes</h1><p>Clashes broke out near Hama on Saturday night.</p></article>" \
           "<script>x()</script></body></html>"
    r = client.post("/api/v1/documents?source=wire", content=html, headers={**who["amal"], "content-type": "text/html"})
    assert r.status_code == 201 and "x()" not in r.json()["document"]["text"]
    r = client.post("/api/v1/documents", content="text", headers={**who["amal"], "content-type": "text/plain"})
    assert r.status_code == 422 and r.json()["code"] == "E104"


@pytest.mark.parametrize(("body", "code"), [
    ({"source": "wire"}, "E101"),
    ({"source": "nobody", "text": TEXT}, "E201"),
    ({"source": "wire", "text": "\x00\x01\x02 binary"}, "E702"),
])
def test_push_refuses_bad_bodies_with_a_code(tokens, body, code):
    client, who = tokens
    r = client.post("/api/v1/documents", json=body, headers=who["amal"])
    assert r.status_code == 422 and r.json()["code"] == code
    assert client.get("/api/v1/documents", headers=who["amal"]).json()["count"] == 0


def test_list_and_get_documents_with_what_came_out_of_them(tokens):
    client, who = tokens
    doc_id = client.post("/api/v1/documents", json={"source": "wire", "text": TEXT}, headers=who["amal"]).json()[
        "document"]["id"]
    listed = client.get("/api/v1/documents?source=wire&origin=push", headers=who["amal"]).json()
    assert listed["count"] == 1 and listed["data"][0]["statement_count"] == 1 and "text" not in listed["data"][0]
    got = client.get(f"/api/v1/documents/{doc_id}", headers=who["amal"]).json()
    assert got["text"].startswith("MOSCOW") and got["extraction"]["events"][0]["type"] == "shelling"
    assert len(got["reports"]) == 1 and len(got["statements"]) == 1
    assert client.get("/api/v1/documents/999", headers=who["amal"]).status_code == 404


def test_field_reporters_see_their_own_documents_others_none(tokens):
    client, who = tokens
    mine = client.post("/api/v1/documents", json={"source": "wire", "text": TEXT}, headers=who["fr1"]).json()
    doc_id = mine["document"]["id"]
    assert client.get(f"/api/v1/documents/{doc_id}", headers=who["fr1"]).status_code == 200
    assert client.get(f"/api/v1/documents/{doc_id}", headers=who["fr2"]).status_code == 404
    assert client.get("/api/v1/documents", headers=who["fr2"]).json()["count"] == 0
    assert client.get("/api/v1/documents", headers=who["fr1"]).json()["count"] == 1
    r = client.post("/api/v1/documents", json={"source": "wire", "text": "x"}, headers=who["liaison"])
    assert r.status_code == 403 and r.json()["code"] == "E807"
    assert client.get("/api/v1/documents", headers=who["liaison"]).status_code == 403
    anonymous = client.post("/api/v1/documents", json={"source": "wire", "text": "x"})
    assert anonymous.status_code == 401 and client.get("/api/v1/documents").status_code == 401


def test_the_report_list_filters_by_document(tokens):
    client, who = tokens
    doc_id = client.post("/api/v1/documents", json={"source": "wire", "text": TEXT}, headers=who["amal"]).json()[
        "document"]["id"]
    listed = client.get(f"/api/v1/reports?document_id={doc_id}&status=candidate", headers=who["amal"]).json()
    assert listed["count"] == 1 and listed["data"][0]["document_id"] == doc_id
    assert client.get(f"/api/v1/reports?document_id={doc_id + 1}", headers=who["amal"]).json()["count"] == 0
