"""GDAL's OGC API – Features driver reads the zones, posts and published incidents of a running server as
layers (real HTTP on loopback, `ogrinfo` from Debian's gdal-bin)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from tests.e2e.server import demo_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module", autouse=True)
def _gdal():
    if shutil.which("ogrinfo") is None:  # CI installs it (.ci/services); elsewhere `make services` does
        if os.environ.get("TRUCELINE_REQUIRE_POSTGRES") == "1":
            pytest.fail("gdal-bin is missing: run `make services`")
        pytest.skip("gdal-bin is not installed (`make services`)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("ogc")) as base:
        yield base


def _ogrinfo(*args: str) -> str:
    done = subprocess.run(["ogrinfo", "-ro", *args], capture_output=True, text=True, timeout=60,
                          env={"GDAL_HTTP_TIMEOUT": "20", "CPL_DEBUG": "OFF", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_gdal_lists_the_three_layers(server):
    out = _ogrinfo(f"OAPIF:{server}/ogc")
    layers = set(re.findall(r"^\d+: (\w+)", out, flags=re.M))
    assert layers == {"zones", "posts", "incidents"}


@pytest.mark.parametrize(("layer", "count"), [("zones", 4), ("posts", 10), ("incidents", 2)])
def test_gdal_counts_features_of_each_layer(server, layer, count):
    out = _ogrinfo("-so", f"OAPIF:{server}/ogc", layer)
    assert f"Feature Count: {count}" in out


def test_gdal_reads_published_incidents_with_attributes_and_a_spatial_filter(server):
    out = _ogrinfo("-q", "-spat", "36.0", "35.0", "37.0", "36.5", f"OAPIF:{server}/ogc", "incidents")
    assert "pub-idlib" in out and "pub-douma" not in out and "unpublished" not in out
    assert re.search(r"grade \(String\) = confirmed", out)
    assert "POINT (36.63 35.93)" in out


def test_gdal_exports_zones_to_geojson(server, tmp_path):
    target = tmp_path / "zones.geojson"
    done = subprocess.run(["ogr2ogr", "-f", "GeoJSON", str(target), f"OAPIF:{server}/ogc", "zones"],
                          capture_output=True, text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    features = json.loads(target.read_text())["features"]
    assert {f["properties"]["key"] for f in features} == {"idlib", "eastern-ghouta", "northern-homs", "south-west"}
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in features)
