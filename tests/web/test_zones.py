"""The zone routes: GeoJSON out, success and each error class in the one JSON error shape."""

from __future__ import annotations

import pytest

from tests.zones.places import GHOUTA, IDLIB_SEPT, ghouta_zone, homs_zone, idlib_zone, polygon

IDLIB_KEY = "idlib-de-escalation-zone"


def _post(client, data):
    r = client.post("/api/v1/zones", json=_jsonable(data))
    assert r.status_code == 201, r.text
    return r.json()


def _jsonable(data):
    out = dict(data)
    out["versions"] = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in ver.items()}
                       for ver in data["versions"]]
    return out


def _assert_error(r, status, code):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    return body


def test_create_returns_a_geojson_feature(client):
    r = client.post("/api/v1/zones", json=_jsonable(ghouta_zone()))
    assert r.status_code == 201 and r.headers["content-type"] == "application/geo+json"
    feature = r.json()
    assert feature["type"] == "Feature" and feature["id"] == "eastern-ghouta"
    assert feature["geometry"] == GHOUTA  # in force on the clock's day, 2017-10-30
    props = feature["properties"]
    assert props["status"] == "active" and props["valid_from"] == "2017-07-22" and props["valid_until"] is None
    assert props["boundary_version"] == 1 and props["version"] == 1 and props["agreement"] is None
    assert feature["bbox"] == [36.33, 33.45, 36.56, 33.63]


def test_list_is_a_feature_collection_on_the_day(client):
    _post(client, idlib_zone())
    _post(client, ghouta_zone())
    _post(client, homs_zone(kind="security_belt"))
    today = client.get("/api/v1/zones").json()
    assert today["type"] == "FeatureCollection" and today["count"] == 3
    assert [f["id"] for f in today["features"]] == ["eastern-ghouta", IDLIB_KEY, "northern-homs"]
    idlib = today["features"][1]
    assert idlib["geometry"] == IDLIB_SEPT and idlib["properties"]["boundary_version"] == 2
    june = client.get("/api/v1/zones", params={"at": "2017-06-01"}).json()
    assert [(f["id"], f["properties"]["status"]) for f in june["features"]] == [(IDLIB_KEY, "proposed")]
    belts = client.get("/api/v1/zones", params={"kind": "security_belt"}).json()
    assert [f["id"] for f in belts["features"]] == ["northern-homs"]
    kabana = client.get("/api/v1/zones", params={"bbox": "36.17,35.74,36.19,35.76", "at": "2017-06-01"})
    assert [f["id"] for f in kabana.json()["features"]] == [IDLIB_KEY]
    page = client.get("/api/v1/zones", params={"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and [f["id"] for f in page["features"]] == [IDLIB_KEY]


def test_get_lists_all_versions_and_shows_the_one_asked_for(client):
    _post(client, idlib_zone())
    feature = client.get(f"/api/v1/zones/{IDLIB_KEY}", params={"at": "2017-07-01"}).json()
    props = feature["properties"]
    assert props["boundary_version"] == 1 and props["valid_until"] == "2017-09-15"
    assert [v["number"] for v in props["versions"]] == [1, 2] and "geometry" not in props["versions"][0]
    before = client.get(f"/api/v1/zones/{IDLIB_KEY}", params={"at": "2017-01-01"}).json()
    assert before["geometry"] is None and before["properties"]["status"] is None


def test_agreement_reference_and_filter(client):
    r = client.post("/api/v1/agreements", json={"key": "astana-memorandum-2017", "kind": "memorandum",
                                                "name": "Memorandum on the creation of de-escalation areas"})
    assert r.status_code == 201, r.text
    _post(client, ghouta_zone(agreement="astana-memorandum-2017"))
    _post(client, homs_zone())
    created = client.get("/api/v1/zones", params={"agreement": "astana-memorandum-2017"}).json()
    assert [(f["id"], f["properties"]["agreement"]) for f in created["features"]] == [
        ("eastern-ghouta", "astana-memorandum-2017")]
    body = _assert_error(client.post("/api/v1/zones", json=_jsonable(idlib_zone(agreement="geneva"))),
                         422, "E201")
    assert "unknown agreement 'geneva'" in body["error"]


def test_containing_finds_zones_on_the_day(client):
    _post(client, idlib_zone())
    _post(client, ghouta_zone())
    douma = client.get("/api/v1/zones/containing", params={"lon": 36.40, "lat": 33.57}).json()
    assert [f["id"] for f in douma["features"]] == ["eastern-ghouta"] and douma["count"] == 1
    kabana = {"lon": 36.18, "lat": 35.75}
    assert client.get("/api/v1/zones/containing", params=kabana).json()["count"] == 0
    assert client.get("/api/v1/zones/containing", params={**kabana, "at": "2017-06-01"}).json()["count"] == 1


def test_patch_versions_and_history(client):
    _post(client, ghouta_zone())
    r = client.patch("/api/v1/zones/eastern-ghouta", json={"approximate": True, "reason": "sketch"})
    assert r.status_code == 200 and r.json()["properties"]["approximate"] is True
    r = client.post("/api/v1/zones/eastern-ghouta/versions",
                    json={"valid_from": "2018-04-14", "status": "dissolved", "geometry": GHOUTA})
    assert r.status_code == 201, r.text
    props = r.json()["properties"]
    assert props["status"] == "dissolved" and props["version"] == 3
    assert [v["valid_until"] for v in props["versions"]] == ["2018-04-14", None]
    history = client.get("/api/v1/zones/eastern-ghouta/history").json()
    assert [c["action"] for c in history["data"]] == ["create", "update", "update"]


BOWTIE = polygon((36.3, 33.4), (36.6, 33.7), (36.6, 33.4), (36.3, 33.7))


@pytest.mark.parametrize("over, status, code", [
    ({"kind": "wizard"}, 422, "E101"),
    ({"versions": []}, 422, "E101"),
    ({"colour": "red"}, 422, "E101"),
    ({"key": "Bad Key"}, 422, "E104"),
    ({"versions": [{"valid_from": "2017-07-22", "geometry": BOWTIE}]}, 422, "E102"),
    ({"versions": [{"valid_from": "2017-07-22", "geometry": {"type": "Point", "coordinates": [36.4, 33.5]}}]},
     422, "E102"),
    ({"versions": [{"valid_from": "2017-07-22", "valid_until": "2017-07-01", "geometry": GHOUTA}]},
     422, "E103"),
])
def test_create_zone_errors(client, over, status, code):
    data = {**_jsonable(ghouta_zone()), **over}
    _assert_error(client.post("/api/v1/zones", json=data), status, code)


def test_invalid_geometry_message_explains(client):
    data = {**_jsonable(ghouta_zone()), "versions": [{"valid_from": "2017-07-22", "geometry": BOWTIE}]}
    body = _assert_error(client.post("/api/v1/zones", json=data), 422, "E102")
    assert body["error"].startswith("versions[0].geometry: the Polygon is not valid: Self-intersection")


def test_duplicate_stale_unknown_and_bad_queries(client):
    _post(client, ghouta_zone())
    _assert_error(client.post("/api/v1/zones", json=_jsonable(ghouta_zone())), 409, "E301")
    _assert_error(client.patch("/api/v1/zones/eastern-ghouta", json={"expected_version": 7}), 409, "E302")
    _assert_error(client.patch("/api/v1/zones/eastern-ghouta", json={"name": None}), 422, "E101")
    _assert_error(client.get("/api/v1/zones/raqqa"), 404, "E200")
    _assert_error(client.post("/api/v1/zones/raqqa/versions",
                              json={"valid_from": "2018-01-01", "geometry": GHOUTA}), 404, "E200")
    _assert_error(client.post("/api/v1/zones/eastern-ghouta/versions",
                              json={"valid_from": "2017-01-01", "geometry": GHOUTA}), 422, "E103")
    _assert_error(client.get("/api/v1/zones", params={"bbox": "1,2,3"}), 422, "E104")
    _assert_error(client.get("/api/v1/zones/containing", params={"lon": 36.4, "lat": 95}), 422, "E102")
    _assert_error(client.get("/api/v1/zones/containing", params={"lon": 36.4}), 422, "E101")


def test_failed_write_leaves_nothing(client):
    data = {**_jsonable(ghouta_zone()), "versions": [{"valid_from": "2017-07-22", "geometry": BOWTIE}]}
    assert client.post("/api/v1/zones", json=data).status_code == 422
    assert client.get("/api/v1/zones").json()["count"] == 0
