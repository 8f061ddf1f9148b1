"""The post routes: GeoJSON out, success and each error class in the one JSON error shape."""

from __future__ import annotations

import pytest

from tests.posts.places import DAMASCUS, IDLIB_KEY, KABANA, point, rastan, salwa, wafideen
from tests.zones.places import ghouta_zone, homs_zone, idlib_zone


def _jsonable(data):
    out = dict(data)
    out["versions"] = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in ver.items()}
                       for ver in data["versions"]]
    return out


@pytest.fixture
def seeded(client):
    for name, kind in [("Russia", "guarantor"), ("Turkey", "guarantor"), ("Jaysh al-Islam", "armed_group")]:
        assert client.post("/api/v1/parties", json={"name": name, "kind": kind}).status_code == 201
    for data in (idlib_zone(key=IDLIB_KEY), ghouta_zone(), homs_zone()):
        assert client.post("/api/v1/zones", json=_jsonable(data)).status_code == 201
    return client


def _post(client, data):
    r = client.post("/api/v1/posts", json=data)
    assert r.status_code == 201, r.text
    return r.json()


def _assert_error(r, status, code):
    assert r.status_code == status, r.text
    body = r.json()
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    return body


def test_create_returns_a_point_feature(seeded):
    r = seeded.post("/api/v1/posts", json=salwa())
    assert r.status_code == 201 and r.headers["content-type"] == "application/geo+json"
    feature = r.json()
    assert feature["type"] == "Feature" and feature["id"] == "salwa-observation-post"
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.76, 36.27]}
    props = feature["properties"]
    assert (props["state"], props["zone"], props["guarantor"]) == ("deployed", IDLIB_KEY, "turkey")
    assert props["lifecycle"][0] == {"state": "agreed", "on": "2017-09-15", "note": None}


def test_list_point_in_time_and_filters(seeded):
    for data in (salwa(), wafideen(), rastan()):
        _post(seeded, data)
    everything = seeded.get("/api/v1/posts").json()
    assert everything["type"] == "FeatureCollection" and everything["count"] == 3
    then = seeded.get("/api/v1/posts", params={"at": "2017-09-01"}).json()
    assert [(f["id"], f["properties"]["state"]) for f in then["features"]] == [
        ("rastan-checkpoint", "deployed"), ("wafideen-checkpoint", "deployed")]
    deployed = seeded.get("/api/v1/posts", params={"at": "2017-10-30", "state": "deployed"}).json()
    assert [f["id"] for f in deployed["features"]] == ["salwa-observation-post", "wafideen-checkpoint"]
    russian = seeded.get("/api/v1/posts", params={"guarantor": "russia", "zone": "northern-homs",
                                                  "kind": "checkpoint"}).json()
    assert [f["id"] for f in russian["features"]] == ["rastan-checkpoint"]
    boxed = seeded.get("/api/v1/posts", params={"bbox": "36,33,37,34"}).json()
    assert [f["id"] for f in boxed["features"]] == ["wafideen-checkpoint"]
    assert seeded.get("/api/v1/posts/rastan-checkpoint", params={"at": "2017-08-10"}).json()[
        "properties"]["state"] == "proposed"


def test_near_answers_distances(seeded):
    for data in (salwa(), wafideen(), rastan()):
        _post(seeded, data)
    near = seeded.get("/api/v1/posts/near", params={"lon": 36.40, "lat": 33.57, "radius_km": 200}).json()
    assert [f["id"] for f in near["features"]] == ["wafideen-checkpoint", "rastan-checkpoint"]
    assert 4 < near["features"][0]["properties"]["distance_km"] < 5
    deployed = seeded.get("/api/v1/posts/near", params={"lon": 36.40, "lat": 33.57, "radius_km": 200,
                                                        "at": "2017-10-30", "state": "deployed"}).json()
    assert [f["id"] for f in deployed["features"]] == ["wafideen-checkpoint"]


def test_events_patch_and_history(seeded):
    _post(seeded, wafideen())
    r = seeded.post("/api/v1/posts/wafideen-checkpoint/events",
                    json={"state": "withdrawn", "on": "2018-04-14", "note": "Ghouta under government control"})
    assert r.status_code == 201 and r.json()["properties"]["state"] == "withdrawn"
    r = seeded.patch("/api/v1/posts/wafideen-checkpoint", json={"location": point(36.40, 33.57),
                                                                "reason": "surveyed"})
    assert r.status_code == 200 and r.json()["geometry"]["coordinates"] == [36.40, 33.57]
    history = seeded.get("/api/v1/posts/wafideen-checkpoint/history").json()
    assert [c["version"] for c in history["data"]] == [1, 2, 3] and history["data"][2]["reason"] == "surveyed"


@pytest.mark.parametrize("over, status, code", [
    ({"kind": "fortress"}, 422, "E101"),
    ({"guarantor": None}, 422, "E101"),
    ({"key": "Bad Key"}, 422, "E104"),
    ({"guarantor": "jaysh-al-islam"}, 422, "E104"),
    ({"guarantor": "iran"}, 422, "E201"),
    ({"zone": "raqqa"}, 422, "E201"),
    ({"location": point(36.76, 95)}, 422, "E102"),
    ({"location": {"type": "LineString", "coordinates": [[36, 35], [37, 36]]}}, 422, "E102"),
    ({"location": DAMASCUS}, 422, "E105"),
    ({"location": KABANA}, 422, "E105"),
    ({"lifecycle": [{"state": "deployed", "on": "2017-10-13"}, {"state": "proposed", "on": "2017-10-14"}]},
     422, "E106"),
])
def test_create_post_errors(seeded, over, status, code):
    _assert_error(seeded.post("/api/v1/posts", json=salwa(**over)), status, code)


def test_outside_zone_message_names_the_zone(seeded):
    body = _assert_error(seeded.post("/api/v1/posts", json=wafideen(location=DAMASCUS)), 422, "E105")
    assert "lies outside zone 'eastern-ghouta'" in body["error"]


def test_duplicate_stale_unknown_and_bad_steps(seeded):
    _post(seeded, salwa())
    _assert_error(seeded.post("/api/v1/posts", json=salwa()), 409, "E301")
    _assert_error(seeded.patch("/api/v1/posts/salwa-observation-post", json={"expected_version": 9}),
                  409, "E302")
    _assert_error(seeded.get("/api/v1/posts/nowhere"), 404, "E200")
    body = _assert_error(seeded.post("/api/v1/posts/salwa-observation-post/events",
                                     json={"state": "agreed", "on": "2017-11-01"}), 422, "E106")
    assert "step 3 (agreed on 2017-11-01): cannot go from deployed to agreed" in body["error"]
    _assert_error(seeded.get("/api/v1/posts", params={"bbox": "x"}), 422, "E104")
    _assert_error(seeded.get("/api/v1/posts/near", params={"lon": 36.4, "lat": 33.5, "radius_km": 0}),
                  422, "E101")


def test_failed_write_leaves_nothing(seeded):
    assert seeded.post("/api/v1/posts", json=wafideen(location=DAMASCUS)).status_code == 422
    assert seeded.get("/api/v1/posts").json()["count"] == 0
