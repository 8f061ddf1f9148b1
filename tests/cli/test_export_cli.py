"""`truceline export`: each format to stdout or a file, filters, the feed cursor, errors with codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from tests.exports.helpers import build_world
from truceline.cli.main import app
from truceline.config import get_settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import SqlStore

runner = CliRunner()


@pytest.fixture
def cli_db(db_url, monkeypatch, ctx):
    engine = make_engine(db_url)
    session = make_sessionmaker(engine)()
    try:
        build_world(SqlStore(session), ctx)
        session.commit()
    finally:
        session.close()
        engine.dispose()
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def _ok(args):
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_export_csv_to_stdout_filtered_like_the_map(cli_db):
    rows = list(csv.DictReader(io.StringIO(_ok(["incidents", "--format", "csv", "--zone", "idlib"]))))
    assert [r["zones"] for r in rows] == ["idlib"]


@pytest.mark.parametrize(("fmt", "check"), [
    ("hxl", lambda text: text.splitlines()[1].startswith("#meta+id,#meta+uid")),
    ("geojson", lambda text: len(json.loads(text)["features"]) == 3),
    ("acled", lambda text: text.startswith("event_id_cnty,event_date,year")),
])
def test_export_each_format_of_reports(cli_db, fmt, check):
    assert check(_ok(["reports", "--format", fmt]))


def test_export_to_a_file(cli_db, tmp_path):
    out = tmp_path / "out" / "incidents.geojson"
    out.parent.mkdir()
    assert _ok(["incidents", "--format", "geojson", "--audience", "public", "--out", str(out)]) == ""
    assert [f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]] == [1]
    assert [p.name for p in out.parent.iterdir()] == ["incidents.geojson"]  # no temporary file left


def test_export_feed_pages_with_the_cursor(cli_db):
    first = json.loads(_ok(["incidents", "--format", "feed", "--limit", "1"]))
    assert len(first["items"]) == 1 and first["has_more"]
    second = json.loads(_ok(["incidents", "--format", "feed", "--since", first["next_cursor"]]))
    assert {i["id"] for i in first["items"] + second["items"]} == {1, 2} and not second["has_more"]


@pytest.mark.parametrize(("args", "code", "words"), [
    (["incidents", "--format", "xlsx"], "E751", "csv, hxl, geojson, acled, feed"),
    (["bulletins"], "E752", "incidents, reports"),
    (["incidents", "--format", "feed", "--since", "nonsense"], "E753", "next_cursor"),
    (["reports", "--zone", "idlib"], "E756", "not a filter of reports"),
    (["incidents", "--from", "yesterday"], "E757", "ISO 8601"),
    (["incidents", "--since", "abc"], "E757", "change feed"),
])
def test_export_errors_exit_2_with_code(cli_db, args, code, words):
    result = runner.invoke(app, ["export", *args])
    assert result.exit_code == 2, result.output
    assert f"error {code}" in result.stderr and words in result.stderr.replace("\n", " ")


def test_export_unwritable_output_writes_nothing(cli_db, tmp_path):
    out = tmp_path / "missing" / "x.csv"
    result = runner.invoke(app, ["export", "incidents", "--out", str(out)])
    assert result.exit_code == 2 and "error E758" in result.stderr
    assert not out.parent.exists()


def test_write_chunks_failing_midway_leaves_no_file(tmp_path):
    from truceline.cli.export_cli import write_chunks

    def chunks():
        yield "id,uid\r\n"
        raise RuntimeError("the database went away")

    out = tmp_path / "x.csv"
    with pytest.raises(RuntimeError):
        write_chunks(chunks(), str(out))
    assert list(tmp_path.iterdir()) == []
