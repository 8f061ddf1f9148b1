"""`truceline zones|posts import|export` on GeoJSON files: round-trip and a refused file."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.posts.places import DAMASCUS, SALWA
from tests.zones.places import GHOUTA, IDLIB_SEPT
from truceline.cli.main import app
from truceline.config import get_settings

runner = CliRunner()


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


PARTIES = [{"name": "Turkey", "kind": "guarantor"}, {"name": "Russia", "kind": "guarantor"}]
ZONES = _collection(
    _feature(IDLIB_SEPT, key="idlib", name="Idlib", kind="de_escalation_zone", valid_from="2017-09-15"),
    _feature(GHOUTA, key="eastern-ghouta", name="Eastern Ghouta", kind="de_escalation_zone",
             valid_from="2017-07-22"))
POSTS = _collection(_feature(SALWA, key="salwa", name="Salwa", kind="observation_post", zone="idlib",
                             guarantor="turkey", lifecycle=[{"state": "deployed", "on": "2017-10-13"}]))


def _import(tmp_path, register, doc):
    path = tmp_path / f"{register}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return runner.invoke(app, [register, "import", str(path)])


def test_zones_and_posts_import_then_export_roundtrip(cli_db, tmp_path):
    assert _import(tmp_path, "parties", PARTIES).exit_code == 0
    r = _import(tmp_path, "zones", ZONES)
    assert r.exit_code == 0 and "zones: 2 created, 0 updated" in r.output, r.output
    r = _import(tmp_path, "posts", POSTS)
    assert r.exit_code == 0 and "posts: 1 created, 0 updated" in r.output, r.output
    for register in ("zones", "posts"):
        exported = json.loads(runner.invoke(app, [register, "export"]).stdout)
        assert exported["type"] == "FeatureCollection"
        r = _import(tmp_path, register, exported)
        assert r.exit_code == 0 and "0 created" in r.output, r.output
        assert json.loads(runner.invoke(app, [register, "export"]).stdout) == exported


def test_posts_import_refuses_a_post_outside_its_zone_and_keeps_nothing(cli_db, tmp_path):
    _import(tmp_path, "parties", PARTIES)
    _import(tmp_path, "zones", ZONES)
    bad = _collection(POSTS["features"][0],
                      _feature(DAMASCUS, key="damascus", name="Damascus", kind="checkpoint",
                               zone="eastern-ghouta", guarantor="russia"))
    r = _import(tmp_path, "posts", bad)
    assert r.exit_code == 2 and "posts item 2 ('damascus')" in r.output and "lies outside zone" in r.output
    assert json.loads(runner.invoke(app, ["posts", "export"]).stdout)["features"] == []
