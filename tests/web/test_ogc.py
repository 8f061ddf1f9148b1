"""OGC API – Features under /ogc: the documents' shapes, filters, paging links, and public data only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.incidents.seed import seed_reports
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import SqlStore
from truceline.demo.loader import load_demo
from truceline.incidents.models import Incident, ReportLink
from truceline.sources.service import ensure_source
from truceline.zones import service as zones_service
from truceline.zones.schemas import ZoneUpdate

T0 = datetime(2017, 10, 20, 6, 0, tzinfo=UTC)


def _incident(uid: str, *, report_id: int, lon: float, lat: float, published: bool, hours: float = 0) -> Incident:
    link = ReportLink(report_id=report_id, rule="first", reason={"rule": "first"}, at=T0, by="tester")
    start = T0 + timedelta(hours=hours)
    return Incident(id=0, uid=uid, event_type="shelling", start=start, end=start + timedelta(hours=1), lon=lon,
                    lat=lat, links=[link], report_ids=[report_id], status="graded", grade="confirmed",
                    grade_rationale="two observers saw it", published=published,
                    release="public" if published else "mechanism", created_at=T0, updated_at=T0)


def seed_published(store, ctx) -> None:
    """The demo registers, two published incidents (Idlib, Douma) and an unpublished one."""
    load_demo(store, ctx)
    ensure_source(store, ctx, "sohr")
    seed_reports(store, 3)
    store.incidents.add(_incident("pub-idlib", report_id=1, lon=36.63, lat=35.93, published=True))
    store.incidents.add(_incident("pub-douma", report_id=2, lon=36.40, lat=33.57, published=True, hours=72))
    store.incidents.add(_incident("unpublished", report_id=3, lon=36.64, lat=35.94, published=False))


@pytest.fixture
def demo(client, db_url, ctx):
    engine = make_engine(db_url)
    session = make_sessionmaker(engine)()
    try:
        store = SqlStore(session)
        seed_published(store, ctx)
        zones_service.update_zone(store, ctx, "south-west", ZoneUpdate(release="mechanism", reason="restricted"))
        session.commit()
    finally:
        session.close()
        engine.dispose()
    return client


def _ok(r, media="application/json"):
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    return r.json()


def test_ogc_landing_and_conformance(demo):
    body = _ok(demo.get("/ogc"))
    rels = {link["rel"]: link["href"] for link in body["links"]}
    assert rels["service-desc"] == "http://testserver/openapi.json"
    assert rels["conformance"] == "http://testserver/ogc/conformance"
    assert rels["data"] == "http://testserver/ogc/collections"
    classes = _ok(demo.get("/ogc/conformance"))["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in classes
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson" in classes


def test_ogc_collections_have_extent_and_items_link(demo):
    body = _ok(demo.get("/ogc/collections"))
    by_id = {c["id"]: c for c in body["collections"]}
    assert set(by_id) == {"zones", "posts", "incidents"}
    for c in by_id.values():
        box = c["extent"]["spatial"]["bbox"][0]
        assert len(box) == 4 and box[0] <= box[2] and box[1] <= box[3]
        assert any(link["rel"] == "items" and link["href"].endswith(f"/ogc/collections/{c['id']}/items")
                   for link in c["links"])
    incidents = by_id["incidents"]["extent"]
    assert incidents["spatial"]["bbox"][0] == [36.4, 33.57, 36.63, 35.93]  # published ones only
    assert incidents["temporal"]["interval"][0][0] == "2017-10-20T06:00:00Z"
    assert _ok(demo.get("/ogc/collections/posts"))["id"] == "posts"


def test_ogc_zone_items_are_public_and_shown_on_the_day(demo):
    body = _ok(demo.get("/ogc/collections/zones/items?datetime=2017-10-30"), "application/geo+json")
    ids = [f["id"] for f in body["features"]]
    assert "idlib" in ids and "south-west" not in ids  # restricted to the mechanism
    assert body["numberMatched"] == len(ids) == body["numberReturned"]
    idlib = next(f for f in body["features"] if f["id"] == "idlib")
    assert idlib["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert idlib["properties"]["shown_on"] == "2017-10-30" and isinstance(idlib["properties"]["admin_areas"], str)


def test_ogc_items_page_with_next_links_followed_to_the_end(demo):
    url = "/ogc/collections/posts/items?limit=3&datetime=2017-10-30"
    seen, pages = [], 0
    while url:
        body = _ok(demo.get(url), "application/geo+json")
        seen += [f["id"] for f in body["features"]]
        pages += 1
        nxt = [link["href"] for link in body["links"] if link["rel"] == "next"]
        url = nxt[0] if nxt else None
        assert pages < 20
    assert len(seen) == len(set(seen)) == body["numberMatched"] and pages > 1


def test_ogc_incident_items_published_only_with_bbox_and_datetime(demo):
    body = _ok(demo.get("/ogc/collections/incidents/items"), "application/geo+json")
    assert [f["id"] for f in body["features"]] == ["pub-idlib", "pub-douma"]
    box = _ok(demo.get("/ogc/collections/incidents/items?bbox=36.0,35.0,37.0,36.5"), "application/geo+json")
    assert [f["id"] for f in box["features"]] == ["pub-idlib"]
    later = _ok(demo.get("/ogc/collections/incidents/items?datetime=2017-10-22T00:00:00Z/.."),
                "application/geo+json")
    assert [f["id"] for f in later["features"]] == ["pub-douma"]
    one = _ok(demo.get("/ogc/collections/incidents/items/pub-idlib"), "application/geo+json")
    assert one["properties"]["grade"] == "confirmed" and one["geometry"]["coordinates"] == [36.63, 35.93]


@pytest.mark.parametrize(("path", "status", "code"), [
    ("/ogc/collections/nope", 404, "E200"),
    ("/ogc/collections/nope/items", 404, "E200"),
    ("/ogc/collections/incidents/items/unpublished", 404, "E200"),
    ("/ogc/collections/zones/items/south-west", 404, "E200"),
    ("/ogc/collections/posts/items/nope", 404, "E200"),
    ("/ogc/collections/zones/items?bbox=1,2,3", 400, "E104"),
    ("/ogc/collections/zones/items?datetime=yesterday", 400, "E104"),
    ("/ogc/collections/zones/items?datetime=2017-10-30T09:00:00", 400, "E104"),
    ("/ogc/collections/incidents/items?datetime=2017-10-30/2017-10-01", 400, "E104"),
    ("/ogc/collections/incidents/items?datetime=../..", 400, "E104"),
    ("/ogc/collections/zones/items?limit=0", 400, "E104"),
    ("/ogc/collections/zones/items?offset=-1", 400, "E101"),
    ("/ogc/collections/zones/items?foo=bar", 400, "E104"),  # an unknown parameter, not silently ignored
    ("/ogc/collections/zones/items/idlib?bbox=1,2,3,4", 400, "E104"),
])
def test_ogc_errors(demo, path, status, code):
    r = demo.get(path)
    assert r.status_code == status, r.text
    assert r.json()["code"] == code and r.json()["error"] and r.json()["status"] == status


def test_ogc_without_datetime_shows_latest_boundary_and_state(demo):
    body = _ok(demo.get("/ogc/collections/zones/items"), "application/geo+json")
    idlib = next(f for f in body["features"] if f["id"] == "idlib")
    assert idlib["properties"]["shown_on"] is None and idlib["properties"]["boundary_version"] >= 1
    one = _ok(demo.get("/ogc/collections/zones/items/idlib"), "application/geo+json")
    assert one["properties"]["boundary_version"] == idlib["properties"]["boundary_version"]
    post = _ok(demo.get("/ogc/collections/posts/items"), "application/geo+json")["features"][0]
    assert post["geometry"]["type"] == "Point" and post["properties"]["state"]
