"""The report routes: intake, review, attachments with metadata stripped; each error class."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from truceline.config import Settings

CLAIM = {"source": "SOHR", "occurred_at": "2017-10-20T06:00:00Z", "lon": 36.63, "lat": 35.93,
         "event_type": "shelling", "perpetrator": "SAA", "casualties": {"killed_min": 1, "killed_max": 2}}


@pytest.fixture
def app_settings(db_url, tmp_path):
    return Settings(database_url=db_url, data_dir=tmp_path / "data")


@pytest.fixture
def api(client):
    client.post("/api/v1/parties", json={"name": "Syrian Government", "kind": "state_party",
                                         "aliases": [{"name": "SAA"}]})
    client.post("/api/v1/sources", json={"name": "SOHR", "kind": "ngo"})
    return client


def _assert_error(r, status, code):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    return body


def test_reports_submit_get_list_update_reject_history(api):
    r = api.post("/api/v1/reports", json=CLAIM)
    assert r.status_code == 201, r.text
    rep = r.json()
    assert rep["source"] == "sohr" and rep["perpetrator"] == "syrian-government" and rep["status"] == "candidate"
    assert api.get(f"/api/v1/reports/{rep['uid']}").json()["id"] == rep["id"]
    listed = api.get("/api/v1/reports", params={"bbox": "36,35,37,36", "occurred_from": "2017-10-20T00:00:00Z",
                                                 "status": "candidate"}).json()
    assert listed["count"] == 1
    assert api.get("/api/v1/reports", params={"event_type": "air_strike"}).json()["count"] == 0
    r = api.patch(f"/api/v1/reports/{rep['id']}", json={"text": "mortar", "reason": "typo"})
    assert r.status_code == 200 and r.json()["version"] == 2
    r = api.post(f"/api/v1/reports/{rep['id']}/reject", json={"reason": "duplicate"})
    assert r.json()["status"] == "rejected"
    _assert_error(api.patch(f"/api/v1/reports/{rep['id']}", json={"text": "x"}), 422, "E106")
    history = api.get(f"/api/v1/reports/{rep['id']}/history").json()
    assert [c["action"] for c in history["data"]] == ["create", "update", "update"]


@pytest.mark.parametrize(("over", "status", "code"), [
    ({"event_type": "bombing"}, 422, "E101"),
    ({"source": "Nobody News"}, 422, "E201"),
    ({"perpetrator": "Martians"}, 422, "E201"),
    ({"occurred_until": "2017-10-19T00:00:00Z"}, 422, "E103"),
    ({"occurred_at": "2018-01-01T00:00:00Z"}, 422, "E104"),
    ({"lat": 91}, 422, "E102"),
])
def test_reports_submit_errors(api, over, status, code):
    _assert_error(api.post("/api/v1/reports", json={**CLAIM, **over}), status, code)


def test_reports_not_found(api):
    _assert_error(api.get("/api/v1/reports/999"), 404, "E200")
    _assert_error(api.get("/api/v1/reports/999/attachments/" + "0" * 64), 404, "E200")


def _jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (16, 16), (120, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (35.0, 56.0, 0.0), 3: "E", 4: (36.0, 38.0, 0.0)}
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_reports_attachment_served_without_gps_while_original_kept(api, app_settings):
    rep = api.post("/api/v1/reports", json=CLAIM).json()
    photo = _jpeg_with_gps()
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)  # the test photo does carry GPS
    digest = hashlib.sha256(photo).hexdigest()
    r = api.post(f"/api/v1/reports/{rep['id']}/attachments", files={"file": ("p.jpg", photo, "image/jpeg")})
    assert r.status_code == 201, r.text
    att = r.json()["attachments"][0]
    assert att["sha256"] == digest and att["size"] == len(photo) and att["filename"] == "p.jpg"
    stored = app_settings.data_dir / "attachments" / digest[:2] / digest
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == digest
    served = api.get(f"/api/v1/reports/{rep['id']}/attachments/{digest}")
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    clean = Image.open(io.BytesIO(served.content))
    assert not clean.getexif().get_ifd(0x8825) and b"PhoneMaker" not in served.content
    assert b"Exif" not in served.content


def test_reports_attachment_other_types_served_as_is(api):
    rep = api.post("/api/v1/reports", json=CLAIM).json()
    r = api.post(f"/api/v1/reports/{rep['id']}/attachments", files={"file": ("n.txt", b"note", "text/plain")})
    digest = r.json()["attachments"][0]["sha256"]
    assert api.get(f"/api/v1/reports/{rep['id']}/attachments/{digest}").content == b"note"


def test_reports_attachment_too_large(api, monkeypatch):
    import truceline.web.routes.reports as routes

    monkeypatch.setattr(routes, "MAX_ATTACHMENT_BYTES", 10)  # stands for the 20 MB limit
    rep = api.post("/api/v1/reports", json=CLAIM).json()
    r = api.post(f"/api/v1/reports/{rep['id']}/attachments", files={"file": ("big.bin", b"x" * 11, "x/y")})
    _assert_error(r, 422, "E107")


def test_reports_accept_places_report_via_incidents(api):
    rep = api.post("/api/v1/reports", json=CLAIM).json()
    r = api.post(f"/api/v1/reports/{rep['id']}/accept")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "accepted" and r.json()["incident_id"] is not None
    _assert_error(api.post(f"/api/v1/reports/{rep['id']}/accept"), 422, "E106")
