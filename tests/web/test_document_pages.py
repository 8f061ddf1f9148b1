"""The document pages: the list and one document with its candidate reports, statements and text; a field
reporter sees only the documents they pushed, other roles none."""

from __future__ import annotations

from tests.web.test_documents import TEXT, tokens  # noqa: F401  (the fixture: an app with a fake extractor)

HTML = {"accept": "text/html"}


def _push(client, headers, text=TEXT):
    r = client.post("/api/v1/documents", json={"source": "wire", "text": text, "title": "Shelling in Idlib"},
                    headers=headers)
    assert r.status_code == 201, r.text
    return r.json()["document"]


def test_document_page_shows_provenance_reports_statements_and_text(tokens):  # noqa: F811
    client, who = tokens
    doc = _push(client, who["amal"])
    listed = client.get("/documents", headers={**who["amal"], **HTML})
    assert listed.status_code == 200 and f'href="/documents/{doc["id"]}"' in listed.text
    page = client.get(f"/documents/{doc['id']}", headers={**who["amal"], **HTML}).text
    report_id = doc["reports"][0]["id"]
    assert f'href="/review?id={report_id}"' in page  # the candidate, one click from its review
    assert "Defence Ministry" in page and 'href="/registers/parties/russia"' in page  # claim and speaker's party
    assert "Events with no place" in page and "Militants shelled Idlib" in page
    origin = page.split(">Origin<", 1)[1].split("</dd>", 1)[0]
    assert "push" in origin and "push:amal" in origin  # how and by whom it came in


def test_field_reporter_sees_only_their_documents(tokens):  # noqa: F811
    client, who = tokens
    mine = _push(client, who["fr1"])
    theirs = _push(client, who["fr2"], text=TEXT.replace("Idlib", "Hama"))
    listed = client.get("/documents", headers={**who["fr1"], **HTML}).text
    assert f'href="/documents/{mine["id"]}"' in listed and f'href="/documents/{theirs["id"]}"' not in listed
    assert client.get(f"/documents/{theirs['id']}", headers={**who["fr1"], **HTML}).status_code == 404
    assert client.get("/documents", headers={**who["liaison"], **HTML}).status_code == 403
    anonymous = client.get("/documents", headers=HTML, follow_redirects=False)
    assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/login?next=%2Fdocuments")
    assert client.get("/documents").status_code == 401  # not a browser: the error itself


def test_review_panel_names_the_claimant_and_links_the_document(tokens):  # noqa: F811
    client, who = tokens
    doc = _push(client, who["amal"])
    report_id = doc["reports"][0]["id"]
    panel = client.post(f"/review/{report_id}/open", headers=who["amal"]).text
    assert "a claim, not a fact" in panel and f'href="/documents/{doc["id"]}"' in panel
