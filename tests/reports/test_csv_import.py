"""CSV intake: good rows stored and accepted, bad rows reported by line with nothing stored."""

from __future__ import annotations

import io

import pytest

from tests.reports.helpers import seed
from truceline.errors import FileInputError
from truceline.reports.csv_import import COLUMNS, import_reports_csv
from truceline.reports.models import ReportStatus
from truceline.testing.memory import MemoryStore

HEADER = ",".join(COLUMNS)
GOOD = "SOHR,2017-10-20T08:00:00Z,2017-10-20T06:00:00Z,,35.93,36.63,town,Idlib,shelling,SAA,hts,2,4,mortar fire"


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    seed(s)
    return s


def attach_to_one(store, ctx, report):
    store.reports.set_incident([report.id], 1)


def run(store, ctx, text: str | bytes, **kw):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_reports_csv(store, ctx, io.BytesIO(data), attach=attach_to_one,
                              max_bytes=kw.pop("max_bytes", 10_000_000), **kw)


def test_csv_import_stores_and_accepts_good_rows(store, ctx):
    summary = run(store, ctx, f"\ufeff{HEADER}\r\n{GOOD}\r\n")
    assert (summary.rows, summary.stored, summary.errors, summary.new_sources) == (1, 1, [], [])
    rep = store.reports.get(1)
    assert (rep.source, rep.perpetrator, rep.target, rep.place_name) == ("sohr", "syrian-government", "hts", "Idlib")
    assert rep.status == ReportStatus.accepted and rep.incident_id == 1
    assert (rep.casualties.killed_min, rep.casualties.killed_max) == (2, 4)


def test_csv_import_registers_unknown_source_only_for_good_rows(store, ctx):
    bad = GOOD.replace("SOHR", "Bad Wire").replace("SAA", "Martians")
    good = GOOD.replace("SOHR", "Qasioun News")
    summary = run(store, ctx, f"{HEADER}\n{bad}\n{good}\n")
    assert summary.new_sources == ["Qasioun News"]
    assert summary.errors == [(2, "perpetrator: unknown party 'Martians': no party has that key, name or alias")]
    assert store.sources.get_by_key("bad-wire") is None
    assert store.sources.get_by_key("qasioun-news").kind == "unknown"
    assert summary.stored == 1


@pytest.mark.parametrize(("row", "reason"), [
    (GOOD.replace("35.93", "135.93"), "lat 135.93 is out of range"),
    (GOOD.replace("36.63", "east"), "lon 'east' is not a number"),
    (GOOD.replace("2017-10-20T06:00:00Z", "2019-01-01T00:00:00Z"),
     "occurred_at 2019-01-01T00:00:00+00:00 is in the future"),
    (GOOD.replace("2017-10-20T06:00:00Z", "20/10/2017"), "occurred_at '20/10/2017' is not an ISO 8601 time"),
    (GOOD.replace("hts", "Martians"), "target: unknown party 'Martians'"),
    (GOOD.replace("shelling", "bombing"), "event_type 'bombing' is not known; use one of air_strike"),
    (GOOD.replace("town", "village"), "precision 'village' is not known"),
    (GOOD.replace(",2,4,", ",5,1,"), "fatalities_min 5 is above fatalities_max 1"),
    (GOOD.replace(",2,4,", ",-1,4,"), "fatalities_min -1 is negative"),
    (GOOD.replace(",2,4,", ",two,4,"), "fatalities_min 'two' is not a whole number"),
    (GOOD + ",extra", "expected 14 fields, found 15"),
    (GOOD.replace("shelling", ""), "event_type is empty"),
])
def test_csv_import_reports_bad_rows_by_line_and_stores_nothing_of_them(store, ctx, row, reason):
    summary = run(store, ctx, f"{HEADER}\n{GOOD}\n{row}\n")
    assert summary.stored == 1 and len(summary.errors) == 1
    line, message = summary.errors[0]
    assert line == 3 and reason in message
    assert len(store.reports.rows) == 1


def test_csv_import_refuses_missing_and_extra_columns(store, ctx):
    with pytest.raises(FileInputError, match="lacks the column.*fatalities_max"):
        run(store, ctx, HEADER.replace(",fatalities_max", "") + "\n")
    with pytest.raises(FileInputError, match="unknown or repeated column.*colour"):
        run(store, ctx, HEADER + ",colour\n")
    with pytest.raises(FileInputError, match="empty"):
        run(store, ctx, "")


def test_csv_import_refuses_wrong_encoding_naming_line_and_byte(store, ctx):
    latin1 = f"{HEADER}\n{GOOD}\n{GOOD.replace('Idlib', 'Idlibé')}\n".encode("latin-1")
    with pytest.raises(FileInputError, match=r"not UTF-8: line 3, byte \d+ \(0xe9\)"):
        run(store, ctx, latin1)
    assert store.reports.rows == {}


def test_csv_import_refuses_file_over_the_limit(store, ctx):
    with pytest.raises(FileInputError, match="largest accepted is 100 bytes"):
        run(store, ctx, f"{HEADER}\n{GOOD}\n", max_bytes=100)


def test_csv_import_reports_progress(store, ctx):
    seen = []
    run(store, ctx, f"{HEADER}\n{GOOD}\n{GOOD}\n", progress=lambda line, total: seen.append((line, total)))
    assert seen == [(2, 3), (3, 3)]
