"""Plain CSV: header, one row per record, quoting, lists, empty for unknown, streamed by page."""

from __future__ import annotations

import csv
import io

from tests.exports.helpers import render, request
from truceline.exports.columns import INCIDENT_COLUMNS, REPORT_COLUMNS
from truceline.exports.csv_ import render_csv
from truceline.exports.models import Audience


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_incidents_have_the_documented_columns_and_values(world):
    text = render(world, "csv")
    assert text.splitlines()[0].split(",") == [c.name for c in INCIDENT_COLUMNS]
    rows = _rows(text)
    assert [r["id"] for r in rows] == ["1", "2"]
    first, second = rows
    assert first["event_type"] == "shelling" and first["zones"] == "idlib"
    assert (first["lat"], first["lon"]) == ("35.93", "36.63")
    assert (first["killed_min"], first["killed_max"]) == ("2", "4")
    assert first["perpetrators"] == "syria" and first["published"] == "true"
    assert first["start"] == "2017-10-20T06:00:00+00:00"
    assert second["killed_max"] == "" and second["targets"] == "" and second["grade"] == ""


def test_csv_reports_keep_text_with_quotes_and_newlines(world):
    rows = _rows(render(world, "csv", "reports"))
    assert list(rows[0]) == [c.name for c in REPORT_COLUMNS]
    assert rows[0]["text"] == 'Shelling of the market, "heavy", two dead; one line\nand another'
    assert rows[0]["admin_area"] == "Idlib" and rows[2]["status"] == "candidate"


def test_csv_public_audience_leaves_out_unpublished(world):
    assert [r["id"] for r in _rows(render(world, "csv", audience=Audience.public))] == ["1"]


def test_csv_streams_one_chunk_per_page(world):
    chunks = list(render_csv(world, request("reports", page_size=1)))
    assert len(chunks) == 4  # the header, then three pages of one report
    assert _rows("".join(chunks)) == _rows(render(world, "csv", "reports"))


def test_csv_of_nothing_is_the_header_alone(any_store):
    assert render(any_store, "csv") == ",".join(c.name for c in INCIDENT_COLUMNS) + "\r\n"
