"""`truceline incidents list|reevaluate`: one JSON array with the map's filters, a table, clear errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.incidents.seed import seed_registers, seed_reports
from tests.web.test_incidents import _incident
from truceline.cli.main import app
from truceline.config import get_settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import SqlStore

runner = CliRunner()


@pytest.fixture
def cli_db(db_url, monkeypatch, ctx):
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", db_url)
    get_settings.cache_clear()
    engine = make_engine(db_url)
    session = make_sessionmaker(engine)()
    try:
        store = SqlStore(session)
        seed_registers(store, ctx)
        seed_reports(store, 2)
        store.incidents.add(_incident("aaa", report_id=1))
        store.incidents.add(_incident("bbb", report_id=2, lon=36.40, lat=33.57, zones=("eastern-ghouta",),
                                      event_type="air_strike", targets=["jaysh-al-islam"], perpetrators=[]))
        session.commit()
    finally:
        session.close()
        engine.dispose()
    yield db_url
    get_settings.cache_clear()


def _json(*args):
    r = runner.invoke(app, ["incidents", "list", "--format", "json", *args])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_incidents_list_json_is_one_array(cli_db):
    rows = _json()
    assert [r["uid"] for r in rows] == ["aaa", "bbb"]
    first = rows[0]
    assert first["id"] == 1 and first["type"] == "shelling" and first["zones"] == ["idlib"]
    assert first["zone"] == "idlib" and first["location"] == {"lon": 36.63, "lat": 35.93}
    assert first["start"] == "2017-10-20T06:00:00+00:00" and first["end"] == "2017-10-20T07:00:00+00:00"
    assert (first["status"], first["grade"], first["scope"]) == ("received", None, "violation")
    assert first["report_ids"] == [1]


@pytest.mark.parametrize(("args", "uids"), [
    (["--zone", "eastern-ghouta"], ["bbb"]),
    (["--type", "shelling"], ["aaa"]),
    (["--party", "jaysh-al-islam"], ["bbb"]),
    (["--grade", "confirmed"], []),
    (["--from", "2017-10-20", "--to", "2017-10-20"], ["aaa", "bbb"]),
    (["--from", "2017-10-21"], []),
    (["--to", "2017-10-19T23:00:00"], []),
])
def test_incidents_list_filters(cli_db, args, uids):
    assert [r["uid"] for r in _json(*args)] == uids


def test_incidents_list_table(cli_db, monkeypatch):
    from truceline.cli.common import out_console

    # as wide as a terminal would be: the console's width was fixed when it was made, from COLUMNS then
    monkeypatch.setattr(out_console, "_width", 220)
    r = runner.invoke(app, ["incidents", "list", "--format", "table"])
    assert r.exit_code == 0 and "shelling" in r.output and "eastern-ghouta" in r.output


def test_incidents_list_refuses_bad_date(cli_db):
    r = runner.invoke(app, ["incidents", "list", "--from", "20 Oct"])
    assert r.exit_code == 2 and "E104" in r.output and "ISO 8601" in r.output


def test_incidents_reevaluate(cli_db):
    r = runner.invoke(app, ["incidents", "reevaluate"])
    assert r.exit_code == 0 and "2 incident(s) changed" in r.output, r.output


def test_incidents_publish_needs_a_graded_incident(cli_db):
    r = runner.invoke(app, ["incidents", "publish", "aaa"])
    assert r.exit_code == 2 and "E104" in r.output and "only a graded incident" in r.output
    r = runner.invoke(app, ["incidents", "publish", "nope"])
    assert r.exit_code != 0 and "E200" in r.output
