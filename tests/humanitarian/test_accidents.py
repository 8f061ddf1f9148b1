"""Explosive ordnance accidents on their own: recorded as a point, linked to the hazard areas covering
them, and said to lie outside every known area otherwise (on every store, and through the API)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fastapi.testclient import TestClient

from tests.humanitarian.places import minefield, seed_parties
from truceline.accounts.passwords import fast_passwords
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.service import Accounts
from truceline.common.paging import Page
from truceline.config import Settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import store_scope
from truceline.errors import DuplicateName, InvalidGeometry, InvalidValue
from truceline.humanitarian import accident_service as service
from truceline.humanitarian import hazard_service
from truceline.humanitarian.accident_models import AccidentQuery, DeviceType
from truceline.humanitarian.accident_schemas import AccidentCreate, AccidentUpdate
from truceline.humanitarian.hazard_schemas import HazardCreate, StatusChangeAdd
from truceline.web.app import create_app

INSIDE = {"type": "Point", "coordinates": [36.35, 33.55]}  # in the Harasta square
EDGE = {"type": "Point", "coordinates": [36.40, 33.55]}  # on its eastern edge
OUTSIDE = {"type": "Point", "coordinates": [36.60, 33.70]}


def _accident(**over):
    return AccidentCreate.model_validate({"on": "2017-10-02", "place": INSIDE, "device": "landmine", "killed": 1,
                                          "injured": 2, "victims": "civilian", **over})


@pytest.fixture
def store(any_store, ctx):
    seed_parties(any_store, ctx)
    hazard_service.create_hazard(any_store, ctx, HazardCreate.model_validate(minefield()))
    return any_store


def test_an_accident_inside_a_hazard_area_is_linked_to_it(store, ctx):
    accident = service.create_accident(store, ctx, _accident())
    assert (accident.key, accident.device, accident.killed) == ("accident-2017-10-02-1", DeviceType.landmine, 1)
    where = service.locate(store, accident)
    assert [(a.key, a.status) for a in where.hazard_areas] == [("harasta-minefield", "suspected")]
    assert where.outside_hazard_areas is False and where.suggestion is None
    on_edge = service.create_accident(store, ctx, _accident(place=EDGE))
    assert [a.key for a in service.locate(store, on_edge).hazard_areas] == ["harasta-minefield"]


def test_an_accident_outside_every_area_says_so_and_follows_the_register(store, ctx):
    accident = service.create_accident(store, ctx, _accident(place=OUTSIDE, on="2017-07-15"))
    where = service.locate(store, accident)
    assert where.hazard_areas == [] and where.outside_hazard_areas is True
    assert "suspected hazard area" in where.suggestion
    square = {"type": "Polygon", "coordinates": [[[36.55, 33.65], [36.65, 33.65], [36.65, 33.75], [36.55, 33.75],
                                                  [36.55, 33.65]]]}
    hazard_service.create_hazard(store, ctx, HazardCreate.model_validate(minefield(
        name="Douma farmland", geometry=square,
        history=[{"status": "suspected", "on": "2017-08-01", "by": "survey team 1"}])))
    where = service.locate(store, service.get_accident(store, accident.key))
    # linked now; the area was not yet recorded on the day of the accident
    assert [(a.key, a.status) for a in where.hazard_areas] == [("douma-farmland", None)]


def test_accident_rules_update_and_history(store, ctx):
    with pytest.raises(InvalidGeometry):
        service.create_accident(store, ctx, _accident(place={"type": "Point", "coordinates": [200, 10]}))
    with pytest.raises(InvalidValue, match="in the future"):
        service.create_accident(store, ctx, _accident(on="2018-01-01"))
    service.create_accident(store, ctx, _accident(key="harasta-1"))
    with pytest.raises(DuplicateName):
        service.create_accident(store, ctx, _accident(key="harasta-1"))
    after = service.update_accident(store, ctx, "harasta-1", AccidentUpdate(killed=2, place=OUTSIDE,
                                                                           reason="hospital records"))
    assert (after.killed, after.version, after.place.x) == (2, 2, 36.60)
    assert service.locate(store, after).outside_hazard_areas is True
    assert [c.version for c in service.accident_history(store, "harasta-1")] == [1, 2]


def test_accident_list_filters(store, ctx):
    service.create_accident(store, ctx, _accident())
    service.create_accident(store, ctx, _accident(place=OUTSIDE, device="uxo", on="2017-09-01"))
    assert service.list_accidents(store, AccidentQuery(), Page()).count == 2
    assert [a.device for a in service.list_accidents(store, AccidentQuery(device="uxo"), Page()).items] == ["uxo"]
    assert service.list_accidents(store, AccidentQuery(since=date(2017, 10, 1)), Page()).count == 1
    box = AccidentQuery.model_validate({"bbox": (36.5, 33.6, 36.7, 33.8)})
    assert [a.device for a in service.list_accidents(store, box, Page()).items] == ["uxo"]


@pytest.fixture
def api(db_url, tmp_path, clock):
    app = create_app(Settings(database_url=db_url, data_dir=tmp_path / "data"), clock=clock)
    engine = make_engine(db_url)
    with store_scope(make_sessionmaker(engine)) as store:
        accounts = Accounts(SqlAccountRepository(store.session), clock=clock, passwords=fast_passwords())
        accounts.create_user("amal", role="analyst", password="correct horse battery")
        token = accounts.create_token("amal", name="t").secret
    engine.dispose()
    with TestClient(app) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        for name, kind in [("Russia", "guarantor"), ("Jaysh al-Islam", "armed_group")]:
            assert client.post("/api/v1/parties", json={"name": name, "kind": kind}).status_code == 201
        assert client.post("/api/v1/hazards", json=minefield()).status_code == 201
        yield client
    app.state.engine.dispose()


def test_accidents_through_the_api(api):
    r = api.post("/api/v1/accidents", json={"on": "2017-10-02", "place": INSIDE, "device": "landmine", "injured": 1})
    assert r.status_code == 201 and r.headers["content-type"] == "application/geo+json"
    props = r.json()["properties"]
    assert [a["key"] for a in props["hazard_areas"]] == ["harasta-minefield"] and not props["outside_hazard_areas"]
    r = api.post("/api/v1/accidents", json={"key": "far", "on": "2017-10-03", "place": OUTSIDE})
    assert r.json()["properties"]["outside_hazard_areas"] is True and r.json()["properties"]["device"] == "unknown"
    outside = api.get("/api/v1/accidents", params={"outside": "true"}).json()
    assert [f["id"] for f in outside["features"]] == ["far"] and outside["count"] == 1
    assert api.get("/api/v1/accidents").json()["count"] == 2
    r = api.patch("/api/v1/accidents/far", json={"device": "ied", "reason": "police report"})
    assert r.json()["properties"]["version"] == 2
    assert api.get("/api/v1/accidents/far/history").json()["count"] == 2
    assert api.get("/api/v1/accidents/1").json()["geometry"] == INSIDE
    r = api.post("/api/v1/hazards/harasta-minefield/status", json={"status": "confirmed", "on": "2017-10-05",
                                                                   "by": "technical survey"})
    assert r.status_code == 201
    r = api.post("/api/v1/accidents", json={"on": "2017-10-02", "place": {"type": "Polygon", "coordinates": []}})
    assert (r.status_code, r.json()["code"]) == (422, "E102")
    del api.headers["Authorization"]
    r = api.post("/api/v1/accidents", json={"on": "2017-10-02", "place": INSIDE})
    assert (r.status_code, r.json()["code"]) == (401, "E801")
    assert api.get("/api/v1/accidents").status_code == 200  # a public reader reads them


def test_status_on_the_accident_day_is_shown(store, ctx):
    hazard_service.add_status_change(store, ctx, "harasta-minefield", StatusChangeAdd(
        status="confirmed", on=date(2017, 10, 5), by="technical survey"))
    early = service.create_accident(store, ctx, _accident(on="2017-10-02"))
    late = service.create_accident(store, ctx, _accident(on="2017-10-20"))
    assert service.locate(store, early).hazard_areas[0].status == "suspected"
    assert service.locate(store, late).hazard_areas[0].status == "confirmed"


def test_accidents_cli(db_url, monkeypatch, ctx):
    from typer.testing import CliRunner

    from truceline.cli.main import app
    from truceline.config import get_settings

    monkeypatch.setenv("TRUCELINE_DATABASE_URL", db_url)
    get_settings.cache_clear()
    engine = make_engine(db_url)
    with store_scope(make_sessionmaker(engine)) as sql:
        seed_parties(sql, ctx)
        hazard_service.create_hazard(sql, ctx, HazardCreate.model_validate(minefield()))
    engine.dispose()
    runner = CliRunner()
    try:
        r = runner.invoke(app, ["accidents", "add", "--on", "2017-10-02", "--lon", "36.35", "--lat", "33.55",
                                "--device", "landmine", "--killed", "1"])
        assert r.exit_code == 0, r.output
        assert json.loads(r.stdout)["properties"]["hazard_areas"][0]["key"] == "harasta-minefield"
        r = runner.invoke(app, ["accidents", "add", "--on", "2017-10-03", "--lon", "36.6", "--lat", "33.7",
                                "--key", "far"])
        assert json.loads(r.stdout)["properties"]["outside_hazard_areas"] is True
        listed = json.loads(runner.invoke(app, ["accidents", "list", "--outside"]).stdout)
        assert [f["id"] for f in listed["features"]] == ["far"]
        assert json.loads(runner.invoke(app, ["accidents", "show", "far"]).stdout)["id"] == "far"
        r = runner.invoke(app, ["accidents", "add", "--on", "2017-10-03", "--lon", "200", "--lat", "33.7"])
        assert r.exit_code == 2 and "E102" in r.output
    finally:
        get_settings.cache_clear()
