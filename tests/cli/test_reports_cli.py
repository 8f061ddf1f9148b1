"""`truceline reports import FILE.csv`: exit codes, summary, row errors, unreadable files."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from truceline.cli.main import app
from truceline.config import get_settings
from truceline.reports.csv_import import COLUMNS

runner = CliRunner()
HEADER = ",".join(COLUMNS)
GOOD = "SOHR,2017-10-20T08:00:00Z,2017-10-20T06:00:00Z,,35.93,36.63,town,Idlib,shelling,,,2,4,mortar fire"


@pytest.fixture
def cli_db(db_url, monkeypatch):
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def test_reports_import_all_good_exits_0_and_places_reports(cli_db, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n{GOOD.replace('06:00', '06:20')}\n", encoding="utf-8")
    r = runner.invoke(app, ["reports", "import", str(path)])
    assert r.exit_code == 0, r.output
    assert "2 rows: 2 stored, 0 rejected" in r.output
    assert "new sources (reliability F): SOHR" in r.output
    from truceline.cli.common import open_store
    from truceline.common.paging import Page
    from truceline.reports.models import ReportQuery

    with open_store() as store:
        reports = store.reports.list(ReportQuery(), Page()).items
    assert len(reports) == 2 and reports[0].incident_id is not None
    assert reports[0].incident_id == reports[1].incident_id  # the same shelling, clustered


def test_reports_import_for_review_leaves_candidates_in_the_queue(cli_db, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n", encoding="utf-8")
    r = runner.invoke(app, ["reports", "import", "--review", str(path)])
    assert r.exit_code == 0, r.output
    from truceline.cli.common import open_store
    from truceline.common.paging import Page
    from truceline.reports.models import ReportQuery, ReportStatus

    with open_store() as store:
        [report] = store.reports.list(ReportQuery(), Page()).items
    assert (report.status, report.incident_id) == (ReportStatus.candidate, None)


def test_reports_import_some_bad_rows_exits_3_listing_them(cli_db, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n{GOOD.replace('35.93', '99')}\n", encoding="utf-8")
    r = runner.invoke(app, ["reports", "import", str(path)])
    assert r.exit_code == 3, r.output
    assert "2 rows: 1 stored, 1 rejected" in r.output and "line 3: lat 99 is out of range" in r.output


def test_reports_import_unreadable_file_exits_2_and_stores_nothing(cli_db, tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(f"{HEADER}\n{GOOD}\n".encode() + b"\xff\xfe,bad\n")
    r = runner.invoke(app, ["reports", "import", str(path)])
    assert r.exit_code == 2 and "not UTF-8: line 3" in r.output
    r = runner.invoke(app, ["reports", "import", str(tmp_path / "missing.csv")])
    assert r.exit_code == 2 and "cannot open" in r.output


@pytest.mark.slow
def test_reports_import_refuses_a_100_mb_file_and_stores_nothing(cli_db, tmp_path):
    """A real 100 MB file of valid rows, over the default limit (50 MiB): refused before any row is read."""
    path = tmp_path / "big.csv"
    line = GOOD + "\n"
    block = line * (1024 * 1024 // len(line) + 1)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER + "\n")
        while fh.tell() < 100 * 1000 * 1000:
            fh.write(block)
    assert path.stat().st_size >= 100 * 1000 * 1000
    r = runner.invoke(app, ["reports", "import", str(path)])
    assert r.exit_code == 2 and "E107" in r.output and f"largest accepted is {50 * 1024 * 1024} bytes" in r.output
    path.unlink()
    from truceline.cli.common import open_store
    from truceline.common.paging import Page
    from truceline.reports.models import ReportQuery

    with open_store() as store:
        assert store.reports.list(ReportQuery(), Page(limit=1)).count == 0
