"""`truceline ingest`: files and folders into the database with the real pipeline, bad input never stopping a
batch, duplicates and errors one line each, exit codes; feeds added, polled over loopback and listed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.ingest.feedserver import feed_server, rss
from truceline.cli.main import app
from truceline.config import get_settings

runner = CliRunner()
FIXTURES = "tests/extract/fixtures"
SCRIPTS = "<html><head><script>" + "var a=1;" * 5000 + "</script><style>p{}</style></head><body><nav>Home</nav>" \
          "<article><h1>Shelling near Idlib</h1><p>IDLIB, October 1 (Monitor) - Mortar shells hit farmland near " \
          "Saraqib on Saturday, killing two farmers, the monitor said.</p></article><script>x()</script></body></html>"


@pytest.fixture
def cli_db(db_url, monkeypatch):
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", db_url)
    get_settings.cache_clear()
    from truceline.cli.common import cli_ctx, open_store
    from truceline.demo.loader import load_demo
    from truceline.sources.schemas import SourceCreate
    from truceline.sources.service import create_source

    with open_store() as store:
        load_demo(store, cli_ctx())
        create_source(store, cli_ctx(), SourceCreate(key="wire", name="Wire copy", kind="media"))
    yield db_url
    get_settings.cache_clear()


def _documents():
    from truceline.cli.common import open_store
    from truceline.common.paging import Page
    from truceline.ingest.models import DocumentQuery

    with open_store() as store:
        return store.documents.list(DocumentQuery(), Page(limit=500)).items


def test_ingest_a_folder_with_bad_input_stores_the_good_and_lists_the_bad(cli_db, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("*.json"))
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "huge.txt").write_bytes(b"Militants shelled Idlib. " * 420_000)  # 10 MB
    (folder / "arabic.txt").write_bytes("قصف على مدينة دوما في الغوطة الشرقية اليوم، وقال المرصد إن القصف استمر".encode(
        "windows-1256"))
    (folder / "latin.txt").write_bytes("Le cessez-le-feu a été violé près de Homs, a déclaré l'observateur.".encode(
        "latin-1"))
    (folder / "scripts.html").write_text(SCRIPTS, encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(folder), "--source", "wire"])
    assert r.exit_code == 0, r.output
    assert "error E702" in r.output and "image.txt" in r.output
    assert "error E703" in r.output and "error E704" in r.output
    good = len([p for p in Path(FIXTURES).iterdir() if p.suffix != ".json"]) + 3  # the fixtures, arabic, latin, scripts
    assert f"{good} stored" in r.output and "3 failed" in r.output
    docs = {d.location.rsplit("/", 1)[-1]: d for d in _documents()}
    assert "دوما" in docs["arabic.txt"].text and "été violé" in docs["latin.txt"].text
    assert "var a=1" not in docs["scripts.html"].text and "Saraqib" in docs["scripts.html"].text
    assert docs["field_01.eml"].origin == "mail" and docs["wire_01.txt"].origin == "file"
    r2 = runner.invoke(app, ["ingest", "files", str(folder / "wire_01.txt"), "--source", "wire"])
    assert r2.exit_code == 0 and "duplicate" in r2.output and "already stored as document" in r2.output


def test_ingested_reports_and_statements_reach_the_review_queue(cli_db):
    r = runner.invoke(app, ["ingest", f"{FIXTURES}/wire_02.txt", f"{FIXTURES}/state_03.txt", "--source", "wire"])
    assert r.exit_code == 0, r.output
    from truceline.cli.common import open_store
    from truceline.common.paging import Page
    from truceline.reports.models import ReportQuery, ReportStatus

    docs = _documents()
    with open_store() as store:
        reports = store.reports.list(ReportQuery(status=ReportStatus.candidate), Page()).items
        statements = [s for d in docs for s in store.statements.for_document(d.id)]
    assert reports and all(rep.document_id in {d.id for d in docs} and rep.source == "wire" for rep in reports)
    assert any(rep.claimed_by for rep in reports)
    assert {s.party for s in statements} >= {"russia"}


def test_exit_3_when_nothing_could_be_ingested_and_2_on_usage_errors(cli_db, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    r = runner.invoke(app, ["ingest", str(tmp_path), "--source", "wire"])
    assert r.exit_code == 3 and "error E703" in r.output and "0 stored" in r.output
    r = runner.invoke(app, ["ingest", f"{FIXTURES}/wire_01.txt"])  # plain text names no source
    assert r.exit_code == 3 and "E710" in r.output
    r = runner.invoke(app, ["ingest", f"{FIXTURES}/wire_01.txt", "--max-bytes", "lots"])
    assert r.exit_code == 2


def test_a_new_source_name_is_registered_and_said_so(cli_db):
    r = runner.invoke(app, ["ingest", f"{FIXTURES}/wire_01.txt", "--source", "Agency X"])
    assert r.exit_code == 0, r.output
    assert "new source 'Agency X' registered" in r.output
    again = runner.invoke(app, ["ingest", f"{FIXTURES}/wire_02.txt", "--source", "Agency X"])
    assert "new source" not in again.output


def test_feeds_are_added_polled_over_loopback_and_listed(cli_db):
    body = rss(("Shelling in Idlib", "one", "Sat, 30 Sep 2017 10:00:00 +0000",
                "MOSCOW, September 30. /TASS/. Militants shelled the town of Saraqib in Idlib province, "
                "killing three civilians, the Defence Ministry said."))
    with feed_server() as server:
        server.routes["/rss"] = (200, body)
        r = runner.invoke(app, ["ingest", "feed-add", server.url("/rss"), "--source", "wire", "--key", "tass",
                                "--interval", "15"])
        assert r.exit_code == 0, r.output
        r = runner.invoke(app, ["ingest", "feed-add", server.url("/broken"), "--source", "wire", "--key", "broken"])
        assert r.exit_code == 0, r.output
        r = runner.invoke(app, ["ingest", "poll"])
        assert r.exit_code == 0, r.output
        assert "tass: 1 stored" in r.output and "broken: 0 stored" in r.output and "E712" in r.output
        r = runner.invoke(app, ["ingest", "poll"])
        assert "no feed is due" in r.output
        r = runner.invoke(app, ["ingest", "poll", "--feed", "tass"])
        assert "tass: 0 stored, 1 duplicates" in r.output
    r = runner.invoke(app, ["ingest", "feeds"])
    assert r.exit_code == 0
    assert "broken  failing" in r.output and "last error E712" in r.output and "tass  ok  every 15 min" in r.output
    [doc] = _documents()
    assert doc.origin == "feed" and doc.published_on.isoformat() == "2017-09-30"


def test_reference_date_gives_a_yearless_dateline_its_year(cli_db, tmp_path):
    path = tmp_path / "copied.txt"  # a copy made today: its modification date says nothing of the article
    path.write_text("ASTANA, October 30. /TASS/. Militants shelled the town of Saraqib in Idlib province on "
                    "Sunday, killing three civilians, the Russian Defence Ministry said.", encoding="utf-8")
    r = runner.invoke(app, ["ingest", str(path), "--source", "wire", "--reference-date", "2017-11-02"])
    assert r.exit_code == 0, r.output
    from truceline.cli.common import open_store
    from truceline.common.paging import Page
    from truceline.ingest.models import DocumentQuery

    with open_store() as store:
        [doc] = store.documents.list(DocumentQuery(), Page()).items
    assert doc.published_on is not None and doc.published_on.isoformat() == "2017-10-30"
    r = runner.invoke(app, ["ingest", str(path), "--source", "wire", "--reference-date", "30/10/2017"])
    assert r.exit_code == 2


def test_a_run_that_stores_nothing_registers_no_source(cli_db, tmp_path):
    r = runner.invoke(app, ["ingest", str(tmp_path / "nothing-here"), "--source", "Agency Y"])
    assert r.exit_code == 3 and "new source" not in r.output
    from truceline.cli.common import open_store
    from truceline.errors import UnknownReference
    from truceline.sources.service import resolve_source

    with open_store() as store, pytest.raises(UnknownReference):
        resolve_source(store, "Agency Y")
