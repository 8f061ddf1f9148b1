"""`truceline bulletin issue|render|diff` on an SQLite file: files written whole, clear errors with codes."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from tests.bulletins import scenario
from truceline.bulletins import codec
from truceline.cli import bulletin_cli
from truceline.cli.main import app
from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.config import get_settings
from truceline.db.base import Base
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import SqlStore
from truceline.incidents import workflow

runner = CliRunner()
NOW = datetime(2017, 10, 30, 9, 0, tzinfo=UTC)
PERIOD = ["--from", "2017-10-20", "--to", "2017-10-26"]


def _session(url):
    engine = make_engine(url)
    return engine, make_sessionmaker(engine)()


@pytest.fixture
def cli_db(tmp_path, monkeypatch, ctx):
    url = f"sqlite:///{tmp_path / 'truceline.db'}"
    engine, session = _session(url)
    Base.metadata.create_all(engine)
    try:
        incidents = scenario.build(SqlStore(session), ctx)
        session.commit()
    finally:
        session.close()
        engine.dispose()
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", url)
    monkeypatch.setenv("TRUCELINE_INSTANCE_NAME", "monitor-a")
    monkeypatch.setattr(bulletin_cli, "cli_ctx", lambda: Ctx(actor="cli", clock=FixedClock(NOW)))
    get_settings.cache_clear()
    yield {"url": url, "incidents": incidents}
    get_settings.cache_clear()


def _issue(tmp_path, name="b.json", *args):
    out = tmp_path / name
    r = runner.invoke(app, ["bulletin", "issue", "--unsigned", *PERIOD, "--out", str(out), *args])
    assert r.exit_code == 0, r.output
    return out


def test_bulletin_issue_writes_a_checked_bulletin(cli_db, tmp_path):
    r = runner.invoke(app, ["bulletin", "issue", "--unsigned", *PERIOD, "--out", str(tmp_path / "b.json")])
    assert r.exit_code == 0, r.output
    bulletin = codec.loads((tmp_path / "b.json").read_bytes())
    assert bulletin.issuer == "monitor-a" and bulletin.issued_at == NOW and len(bulletin.incidents) == 3
    assert sorted(s.reported_by for s in bulletin.incidents) == [(), ("russia",), ("turkey",)]
    assert sorted(s.province for s in bulletin.incidents) == ["Idlib", "Rif Dimashq", "unknown"]
    assert {z.key: z.coverage.observed_days for z in bulletin.zones} == {"eastern-ghouta": 0, "idlib": 7}
    assert f"weekly bulletin 2017-10-20 to 2017-10-26: 3 incident(s), sha256 {bulletin.content_hash}" in r.output


def test_bulletin_issue_is_reproducible(cli_db, tmp_path):
    assert _issue(tmp_path, "a.json").read_bytes() == _issue(tmp_path, "b.json").read_bytes()


def test_bulletin_issue_options_issuer_and_audience(cli_db, tmp_path):
    out = _issue(tmp_path, "p.json", "--issuer", "Centre Б", "--audience", "public")
    bulletin = codec.loads(out.read_bytes())
    assert (bulletin.issuer, bulletin.audience, bulletin.incidents) == ("Centre Б", "public", ())


def test_bulletin_issue_to_standard_output(cli_db):
    r = runner.invoke(app, ["bulletin", "issue", "--unsigned", *PERIOD])
    assert r.exit_code == 0
    assert codec.loads(r.stdout_bytes).period.kind == "weekly"


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "20/10/2017", "--to", "2017-10-26"], "--from '20/10/2017' is not a date of the form YYYY-MM-DD"),
    (["--from", "2017-10-20", "--to", "2017-13-01"], "--to '2017-13-01' is not a date"),
    (["--from", "2017-10-20", "--to", "2017-10-19"], "ends (2017-10-19) before it starts (2017-10-20)"),
    (["--from", "2015-10-20", "--to", "2017-10-19"], "at most 366 days"),
])
def test_bulletin_issue_refuses_bad_periods(cli_db, tmp_path, args, message):
    out = tmp_path / "b.json"
    r = runner.invoke(app, ["bulletin", "issue", "--unsigned", *args, "--out", str(out)])
    assert r.exit_code == 2 and "E550" in r.output and message in r.output
    assert not out.exists()


def test_bulletin_issue_refuses_an_unwritable_file(cli_db, tmp_path):
    r = runner.invoke(app, ["bulletin", "issue", "--unsigned", *PERIOD, "--out", str(tmp_path / "missing" / "b.json")])
    assert r.exit_code == 2 and "E107" in r.output and "cannot write" in r.output


@pytest.mark.parametrize("fmt", ["html", "json", pytest.param("pdf", marks=pytest.mark.slow)])
def test_bulletin_render_writes_identical_bytes_twice(cli_db, tmp_path, fmt):
    source = _issue(tmp_path)
    outs = []
    for n in range(2):
        out = tmp_path / f"out{n}.{fmt}"
        r = runner.invoke(app, ["bulletin", "render", str(source), "--format", fmt, "--out", str(out)])
        assert r.exit_code == 0, r.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0]
    if fmt == "json":
        assert outs[0] == source.read_bytes()
    if fmt == "pdf":
        assert outs[0].startswith(b"%PDF-")
    if fmt == "html":
        assert b"Weekly bulletin 2017-10-20 to 2017-10-26" in outs[0]


@pytest.mark.parametrize(("content", "code", "message"), [
    (None, "E551", "cannot read"),
    (b"not json", "E551", "not valid JSON"),
    (b'{"format": "truceline.bulletin/0"}', "E552", "is not 'truceline.bulletin/1'"),
])
def test_bulletin_render_refuses_unreadable_files(cli_db, tmp_path, content, code, message):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out.html"
    r = runner.invoke(app, ["bulletin", "render", str(path), "--out", str(out)])
    assert r.exit_code == 2 and code in r.output and message in r.output
    assert not out.exists()


def test_bulletin_render_refuses_a_tampered_file(cli_db, tmp_path):
    source = _issue(tmp_path)
    doc = json.loads(source.read_bytes())
    doc["incidents"][0]["grade"] = "confirmed"
    source.write_bytes(codec.canonical_json(doc))
    r = runner.invoke(app, ["bulletin", "render", str(source), "--format", "html"])
    assert r.exit_code == 2 and "E553" in r.output and "changed after it was issued" in r.output


def test_bulletin_diff_names_changed_counts_and_incidents(cli_db, tmp_path, ctx):
    before = _issue(tmp_path, "a.json")
    engine, session = _session(cli_db["url"])
    try:
        douma = cli_db["incidents"]["douma_strike"]
        workflow.set_status(SqlStore(session), ctx, douma.id, "triaged")
        session.commit()
    finally:
        session.close()
        engine.dispose()
    after = _issue(tmp_path, "b.json")
    r = runner.invoke(app, ["bulletin", "diff", str(before), str(after)])
    assert r.exit_code == 0, r.output
    assert "incidents: 0 added, 0 removed, 1 changed" in r.stdout
    assert f"~ {douma.uid} changed (version 1 -> 2: status)" in r.stdout and "no count changed" in r.stdout
    r = runner.invoke(app, ["bulletin", "diff", str(before), str(before), "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["counts"] == []


def test_bulletin_diff_refuses_a_tampered_file(cli_db, tmp_path):
    good = _issue(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_bytes(good.read_bytes().replace(b'"issuer":"monitor-a"', b'"issuer":"monitor-b"'))
    r = runner.invoke(app, ["bulletin", "diff", str(good), str(bad)])
    assert r.exit_code == 2 and "E553" in r.output
