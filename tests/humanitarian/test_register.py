"""`truceline hazards|windows import|export` on GeoJSON files: round trip and refused files."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.humanitarian.places import ROAD, SQUARE
from truceline.cli.main import app
from truceline.config import get_settings

runner = CliRunner()
PARTIES = [{"name": "Russia", "kind": "guarantor"}, {"name": "Jaysh al-Islam", "kind": "armed_group"}]


@pytest.fixture
def cli_db(db_url, monkeypatch):
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def _collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def _feature(geometry, **props):
    return {"type": "Feature", "geometry": geometry, "properties": props}


HAZARDS = _collection(_feature(
    SQUARE, key="harasta", name="Harasta minefield", type="minefield",
    history=[{"status": "suspected", "on": "2017-08-01", "by": "NTS team"},
             {"status": "confirmed", "on": "2017-09-01", "by": "TS team", "reason": "mines found"}],
    clearances=[{"on": "2017-10-01", "team": "team 2", "area_m2": 900,
                 "items": [{"kind": "AP mine", "found": 3, "destroyed": 3}]}],
    accidents=[{"on": "2017-07-15", "place": {"type": "Point", "coordinates": [36.35, 33.55]}, "killed": 1}]))
WINDOWS = _collection(
    _feature(ROAD, key="convoy", name="Aid convoy", purpose="aid_convoy", buffer_m=500,
             start="2017-10-30T06:00:00+03:00", end="2017-10-30T18:00:00+03:00", status="agreed",
             parties_notified=["jaysh-al-islam"], guarantees=[{"text": "no fire", "guarantors": ["russia"]}]),
    _feature(SQUARE, key="repairs", name="Water repairs", purpose="repairs",
             start="2017-10-29T05:00:00Z", end="2017-10-31T05:00:00Z"))


def _import(tmp_path, register, doc):
    path = tmp_path / f"{register}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return runner.invoke(app, [register, "import", str(path)])


def test_hazards_and_windows_import_then_export_roundtrip(cli_db, tmp_path):
    assert _import(tmp_path, "parties", PARTIES).exit_code == 0
    r = _import(tmp_path, "hazards", HAZARDS)
    assert r.exit_code == 0 and "hazards: 1 created, 0 updated" in r.output, r.output
    r = _import(tmp_path, "windows", WINDOWS)
    assert r.exit_code == 0 and "windows: 2 created, 0 updated" in r.output, r.output
    for register in ("hazards", "windows"):
        exported = json.loads(runner.invoke(app, [register, "export"]).stdout)
        assert exported["type"] == "FeatureCollection"
        r = _import(tmp_path, register, exported)
        assert r.exit_code == 0 and "0 created" in r.output, r.output
        assert json.loads(runner.invoke(app, [register, "export"]).stdout) == exported
    windows = {f["id"]: f for f in json.loads(runner.invoke(app, ["windows", "export"]).stdout)["features"]}
    assert windows["convoy"]["geometry"] == ROAD and windows["convoy"]["properties"]["start"].startswith(
        "2017-10-30T03:00:00")
    hazard = json.loads(runner.invoke(app, ["hazards", "export"]).stdout)["features"][0]
    assert hazard["properties"]["clearances"][0]["items"][0]["found"] == 3


def test_windows_import_moves_status_through_allowed_transition_only(cli_db, tmp_path):
    _import(tmp_path, "parties", PARTIES)
    _import(tmp_path, "windows", WINDOWS)
    agreed = _collection(_feature(SQUARE, **{**WINDOWS["features"][1]["properties"], "status": "agreed"}))
    assert _import(tmp_path, "windows", agreed).exit_code == 0
    back = _collection(_feature(SQUARE, **{**WINDOWS["features"][1]["properties"], "status": "requested"}))
    r = _import(tmp_path, "windows", back)
    assert r.exit_code == 2 and "cannot go from agreed to requested" in r.output, r.output


def test_windows_import_refuses_route_without_width_and_keeps_nothing(cli_db, tmp_path):
    _import(tmp_path, "parties", PARTIES)
    bad = _collection(WINDOWS["features"][1], _feature(ROAD, key="no-width", name="No width",
                                                       purpose="evacuation", start="2017-10-30T06:00:00Z",
                                                       end="2017-10-30T08:00:00Z"))
    r = _import(tmp_path, "windows", bad)
    assert r.exit_code == 2 and "windows item 2 ('no-width')" in r.output and "buffer_m" in r.output, r.output
    assert json.loads(runner.invoke(app, ["windows", "export"]).stdout)["features"] == []


def test_hazards_import_refuses_illegal_history(cli_db, tmp_path):
    props = {**HAZARDS["features"][0]["properties"],
             "history": [{"status": "suspected", "on": "2017-08-01", "by": "x"},
                         {"status": "cleared", "on": "2017-09-01", "by": "x"}]}
    r = _import(tmp_path, "hazards", _collection(_feature(SQUARE, **props)))
    assert r.exit_code == 2 and "cannot go from suspected to cleared" in r.output, r.output
