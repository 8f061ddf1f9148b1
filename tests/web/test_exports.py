"""The export routes: every format and the feed, streamed with media types and file names; errors in the
one JSON shape."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from tests.conftest import bearer, grant_token
from tests.exports.helpers import build_world
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import SqlStore
from truceline.web.app import create_app


@pytest.fixture
def api(app_settings, clock, db_url, ctx):
    engine = make_engine(db_url)
    session = make_sessionmaker(engine)()
    try:
        build_world(SqlStore(session), ctx)
        session.commit()
    finally:
        session.close()
        engine.dispose()
    app = create_app(app_settings, clock=clock)
    with TestClient(app, headers=bearer(grant_token(app, "tester", "admin"))) as client:
        yield client
    app.state.engine.dispose()


@pytest.mark.parametrize(("path", "media_type"), [
    ("/api/v1/exports/incidents.csv", "text/csv; charset=utf-8"),
    ("/api/v1/exports/incidents.hxl.csv", "text/csv; charset=utf-8"),
    ("/api/v1/exports/reports.geojson", "application/geo+json"),
    ("/api/v1/exports/reports.acled.csv", "text/csv; charset=utf-8"),
])
def test_exports_download_with_media_type_and_file_name(api, path, media_type):
    r = api.get(path, params={"audience": "mechanism"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == media_type
    assert r.headers["content-disposition"] == f'attachment; filename="{path.rsplit("/", 1)[1]}"'
    assert len(r.text) > 100


def test_exports_default_to_the_public_audience(api):
    rows = list(csv.DictReader(io.StringIO(api.get("/api/v1/exports/incidents.csv").text)))
    assert [r["id"] for r in rows] == ["1"]


def test_exports_filter_like_the_map(api):
    r = api.get("/api/v1/exports/incidents.geojson", params={"audience": "mechanism", "zone": "eastern-ghouta"})
    assert [f["id"] for f in r.json()["features"]] == [2]


def test_feed_pages_with_since(api):
    first = api.get("/api/v1/feed/incidents", params={"audience": "mechanism", "limit": 1})
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    assert "content-disposition" not in first.headers
    body = first.json()
    second = api.get("/api/v1/feed/incidents", params={"audience": "mechanism", "since": body["next_cursor"]}).json()
    assert {i["id"] for i in body["items"] + second["items"]} == {1, 2} and not second["has_more"]


def test_feed_of_reports_public(api):
    body = api.get("/api/v1/feed/reports").json()
    assert [i["id"] for i in body["items"]] == [1] and "submitted_by" not in body["items"][0]["record"]


@pytest.mark.parametrize(("path", "params", "status", "code"), [
    ("/api/v1/exports/incidents.xlsx", {}, 404, "E751"),
    ("/api/v1/exports/bulletins.csv", {}, 404, "E752"),
    ("/api/v1/feed/incidents", {"since": "garbage"}, 422, "E753"),
    ("/api/v1/feed/reports", {"since": "eyJ2IjoxLCJmZWVkIjoiaW5jaWRlbnQiLCJhZnRlciI6MX0"}, 422, "E754"),
    ("/api/v1/feed/incidents", {"since": "eyJ2IjoxLCJmZWVkIjoiaW5jaWRlbnQiLCJhZnRlciI6OTk5OX0"}, 409, "E755"),
    ("/api/v1/exports/reports.csv", {"party": "syria"}, 422, "E756"),
    ("/api/v1/exports/incidents.csv", {"from": "last week"}, 422, "E757"),
    ("/api/v1/exports/incidents.csv", {"audience": "everyone"}, 422, "E757"),
])
def test_exports_errors_in_the_json_shape(api, path, params, status, code):
    r = api.get(path, params=params)
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["code"] == code and body["error"]


def test_unknown_export_lists_the_known_ones(api):
    body = api.get("/api/v1/exports/incidents.xlsx").json()
    assert "incidents.csv, incidents.hxl.csv, incidents.geojson, incidents.acled.csv" in body["error"]


def test_exports_catalogue_lists_the_registry(api):
    body = api.get("/api/v1/exports").json()
    assert [f["name"] for f in body["data"]] == ["csv", "hxl", "geojson", "acled", "feed"]
    assert body["data"][4]["paths"] == ["/api/v1/feed/incidents", "/api/v1/feed/reports"]
    for entry in body["data"]:
        for path in entry["paths"]:
            assert api.get(path, params={"audience": "mechanism"}).status_code == 200


def test_every_export_route_is_documented():
    from pathlib import Path

    from truceline.config import Settings

    app = create_app(Settings(database_url="sqlite://"))
    api_doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    paths = [p for p in app.openapi()["paths"] if p.startswith(("/api/v1/exports", "/api/v1/feed"))]
    app.state.engine.dispose()
    assert len(paths) == 12  # the catalogue, 4 formats x 2 kinds, the unknown name, 2 feeds
    assert [p for p in paths if f" {p}`" not in api_doc] == []
