"""`truceline parties import|export` on files, good and bad."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from truceline.cli.main import app
from truceline.config import get_settings

runner = CliRunner()


@pytest.fixture
def cli_db(db_url, monkeypatch):
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


PARTIES = [
    {"name": "Hezbollah", "kind": "militia",
     "affiliations": [{"relation": "supported_by", "party": "iran"}]},  # refers to a later item
    {"name": "Iran", "kind": "guarantor", "aliases": [{"name": "إيران"}]},
]


def test_import_then_export_roundtrips(cli_db, tmp_path):
    src = tmp_path / "parties.json"
    src.write_text(json.dumps(PARTIES), encoding="utf-8")
    r = runner.invoke(app, ["parties", "import", str(src)])
    assert r.exit_code == 0, r.output
    assert "2 created, 0 updated" in r.output
    r = runner.invoke(app, ["parties", "export"])
    doc = json.loads(r.stdout)
    assert doc["count"] == 2
    hez = next(p for p in doc["data"] if p["key"] == "hezbollah")
    assert hez["affiliations"][0]["party"] == "iran" and "id" not in hez
    # re-importing the export updates, and changes nothing else
    out = tmp_path / "export.json"
    out.write_text(r.stdout, encoding="utf-8")
    r = runner.invoke(app, ["parties", "import", str(out)])
    assert r.exit_code == 0 and "0 created, 2 updated" in r.output


@pytest.mark.parametrize("content, message", [
    (b"\xff\xfe not utf8", "not UTF-8"),
    (b"[{", "not valid JSON"),
    (b'{"rows": []}', "expected a JSON list"),
    (b'[{"name": "A", "name": "B", "kind": "militia"}]', "duplicate key 'name'"),
    (json.dumps([{"name": "A", "kind": "militia"}, {"name": "B"}]).encode(), "parties item 2 ('B')"),
    (json.dumps([{"name": "A", "kind": "militia", "affiliations": [{"relation": "part_of", "party": "z"}]}])
     .encode(), "unknown party 'z'"),
])
def test_import_bad_file_fails_clearly_and_stores_nothing(cli_db, tmp_path, content, message):
    src = tmp_path / "bad.json"
    src.write_bytes(content)
    r = runner.invoke(app, ["parties", "import", str(src)])
    assert r.exit_code == 2
    assert message in r.output
    export = json.loads(runner.invoke(app, ["parties", "export"]).stdout)
    assert export["count"] == 0


def test_import_missing_file(cli_db, tmp_path):
    r = runner.invoke(app, ["parties", "import", str(tmp_path / "nope.json")])
    assert r.exit_code == 2 and "no such file" in r.output
