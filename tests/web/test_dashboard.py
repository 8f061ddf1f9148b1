"""The dashboard page in process, over the demo scenario on each engine: what a public reader and an
analyst see, the filters, bad input, the HTMX swap, Arabic and Russian."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ENGINES, prepare_schema
from tests.conftest import _truncate_pg as truncate_pg
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.service import Accounts
from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page
from truceline.config import Settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import store_scope
from truceline.demo.loader import load_demo, load_demo_reports
from truceline.incidents.models import IncidentQuery
from truceline.web.app import create_app

HTML = {"accept": "text/html"}
ANONYMOUS = {**HTML, "authorization": ""}  # whatever the client sends by default
OCTOBER = "from=2017-10-01&to=2017-10-31"


@pytest.fixture(scope="module", params=ENGINES)
def site(request, tmp_path_factory):
    """A client over the demo with its reports, two published incidents made public, and the headers of
    an analyst's API token; built once per engine (the tests only read)."""
    folder = tmp_path_factory.mktemp("dashboard")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'demo.db'}"
        engine = make_engine(url)
        prepare_schema(engine)
    else:
        url = request.getfixturevalue("pg_database")
        engine = make_engine(url)
        truncate_pg(engine)
    clock = FixedClock(datetime(2017, 10, 30, 9, tzinfo=UTC))
    ctx = Ctx(actor="tester", clock=clock)
    with store_scope(make_sessionmaker(engine)) as store:
        load_demo(store, ctx)
        load_demo_reports(store, ctx)
        for incident in store.incidents.list(IncidentQuery(published=True), Page(limit=100)).items[2:]:
            # withdrawn from publication: two of the demo's five published incidents stay public
            store.incidents.save(incident.model_copy(update={"published": False, "release": ReleaseLevel.mechanism}))
        accounts = Accounts(SqlAccountRepository(store.session), clock=clock)
        accounts.create_user("amal", role="analyst", password=None)
        secret = accounts.create_token("amal", name="tests").secret
    engine.dispose()
    app = create_app(Settings(database_url=url, data_dir=folder / "data"), clock=clock)
    with TestClient(app) as client:
        yield client, {**HTML, "authorization": f"Bearer {secret}"}
    app.state.engine.dispose()


@pytest.fixture
def board(site):
    client, analyst = site
    client.cookies.clear()  # a language chosen by an earlier test is not remembered
    return client, analyst


def _total(text: str) -> int:
    return int(re.search(r'data-total="(\d+)"', text).group(1))


def test_public_reader_sees_published_public_counts_with_charts_and_tables(board):
    client, _ = board
    r = client.get(f"/dashboard?{OCTOBER}", headers=ANONYMOUS)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert _total(r.text) == 2 and "published public incidents only" in r.text
    assert r.text.count('role="img"') >= 7 and r.text.count("<details class=\"data\">") >= 7
    assert 'aria-current="page">Dashboard' in r.text.replace("\n", "")
    assert 'value="2017-10-01"' in r.text and 'value="2017-10-31"' in r.text


def test_analyst_sees_every_incident(board):
    client, analyst = board
    r = client.get(f"/dashboard?{OCTOBER}", headers=analyst)
    assert _total(r.text) == 12 and "staff view" in r.text
    assert "Government of the Syrian Arab Republic" in r.text and "Observation coverage by zone" in r.text
    assert 'class="unobserved"' in r.text  # Idlib's first weeks are not observed


def test_zone_filter_and_its_hidden_or_unknown_zones(board):
    client, analyst = board
    r = client.get(f"/dashboard?{OCTOBER}&zone=eastern-ghouta", headers=analyst)
    assert _total(r.text) == 4 and '<option value="eastern-ghouta" selected>' in r.text
    r = client.get(f"/dashboard?{OCTOBER}&zone=atlantis", headers=analyst)
    assert r.status_code == 404 and "E200" in r.text


def test_default_period_ends_at_the_latest_visible_incident(board):
    client, analyst = board
    r = client.get("/dashboard", headers=analyst)
    assert r.status_code == 200 and 'name="to" value="2017-10-28"' in r.text and 'value="2017-09-29"' in r.text


@pytest.mark.parametrize(("query", "code"), [
    ("from=2017-10-31&to=2017-10-01", "E103"),
    ("from=31.10.2017", "E104"),
    ("from=2000-01-01&to=2017-01-01", "E104"),
])
def test_bad_periods_are_explained_above_the_form(board, query, code):
    client, _ = board
    r = client.get(f"/dashboard?{query}", headers=ANONYMOUS)
    assert r.status_code == 422 and 'role="alert"' in r.text and code in r.text
    assert 'id="board"' in r.text and "<svg" not in r.text  # the HTMX swap target holds the message
    assert f'value="{query.split("&")[0].split("=")[1]}"' in r.text  # the form keeps what was typed


def test_htmx_request_gets_the_same_page_with_the_board(board):
    client, analyst = board
    r = client.get(f"/dashboard?{OCTOBER}&zone=idlib", headers={**analyst, "hx-request": "true"})
    assert r.status_code == 200 and 'id="board"' in r.text and 'hx-select="#board"' in r.text


def test_dashboard_in_arabic_and_russian(board):
    client, analyst = board
    r = client.get(f"/dashboard?{OCTOBER}&lang=ar", headers=analyst)
    assert '<html lang="ar" dir="rtl">' in r.text
    for arabic in ("لوحة المعلومات", "الحوادث يوميًا", "حسب نوع الحدث", "قصف", "أكتوبر"):
        assert arabic in r.text
    r = client.get(f"/dashboard?{OCTOBER}&lang=ru", headers=analyst)
    assert '<html lang="ru" dir="ltr">' in r.text
    for russian in ("Панель показателей", "Инциденты по дням", "12 инцидентов", "обстрел", "окт."):
        assert russian in r.text
