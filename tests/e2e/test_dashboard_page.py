"""The dashboard in a real browser over the demo scenario (registers, fictional reports, the demo centre's
grades): server-drawn charts with non-zero counts, filters, the staff and public views, Arabic and Russian.
Screenshots go to the screenshots folder."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.e2e.server import running_server

pytestmark = pytest.mark.e2e
PW = "correct horse battery staple"


def _demo_database(folder) -> str:
    """The demo with its reports; two of its published incidents left published (three withdrawn); an analyst."""
    from truceline.accounts.repository import SqlAccountRepository
    from truceline.accounts.service import Accounts
    from truceline.clock import FixedClock
    from truceline.common.context import Ctx
    from truceline.common.models import ReleaseLevel
    from truceline.common.paging import Page
    from truceline.db.engine import make_engine, make_sessionmaker
    from truceline.db.migrate import upgrade
    from truceline.db.store import store_scope
    from truceline.demo.loader import load_demo, load_demo_reports
    from truceline.incidents.models import IncidentQuery

    url = f"sqlite:///{folder / 'demo.db'}"
    engine = make_engine(url)
    upgrade(engine)
    clock = FixedClock(datetime(2017, 10, 30, 9, tzinfo=UTC))
    ctx = Ctx(actor="test", clock=clock)
    with store_scope(make_sessionmaker(engine)) as store:
        load_demo(store, ctx)
        load_demo_reports(store, ctx)
        published = store.incidents.list(IncidentQuery(published=True), Page(limit=100)).items
        for incident in published[2:]:
            store.incidents.save(incident.model_copy(update={"published": False, "release": ReleaseLevel.mechanism}))
        Accounts(SqlAccountRepository(store.session), clock=clock).create_user("amal", role="analyst", password=PW)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dashboard")
    with running_server(_demo_database(folder), data_dir=folder) as base:
        yield base


def _log_in(page, server):
    r = page.request.post(server + "/api/v1/auth/login", data={"username": "amal", "password": PW})
    assert r.ok, r.text()


def _total(page) -> int:
    return int(page.locator(".summary [data-total]").get_attribute("data-total"))


def test_dashboard_draws_charts_for_staff_offline(page, server, screenshots):
    outside = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith((server, "data:")) else None)
    _log_in(page, server)
    page.goto(server + "/dashboard?from=2017-10-01&to=2017-10-30")
    assert _total(page) == 12
    assert page.locator("svg.chart").count() >= 8  # per day, 5 zones, 4 breakdowns, coverage
    assert page.locator("#chart-per-bucket rect.col").count() >= 8  # days with incidents have a column
    assert page.locator("#chart-type g.bar").count() >= 5 and page.locator("#chart-grade g.bar").count() == 6
    assert page.locator("svg.chart rect.unobserved").count() > 0  # Idlib unobserved in early October
    widths = page.eval_on_selector_all("#chart-party rect", "rs => rs.map(r => r.getBBox().width)")
    assert max(widths) > 50  # bars really drawn, not collapsed
    assert "staff view" in page.locator(".summary").inner_text()
    page.screenshot(path=str(screenshots / "dashboard.png"), full_page=True)
    page.locator("details.data summary").first.click()
    assert page.locator("details.data table").first.is_visible()
    assert outside == []


def test_dashboard_filters_by_zone_in_place(page, server, screenshots):
    _log_in(page, server)
    page.goto(server + "/dashboard?from=2017-10-01&to=2017-10-30")
    page.select_option("select[name=zone]", "eastern-ghouta")
    page.wait_for_url(re.compile(r".*zone=eastern-ghouta.*"))
    page.wait_for_function("document.querySelector('.summary [data-total]').dataset.total === '4'")
    assert page.locator(".multiples figure").count() == 1
    page.screenshot(path=str(screenshots / "dashboard-zone.png"), full_page=True)


def test_dashboard_public_reader_counts_published_public_incidents(page, server, screenshots):
    page.goto(server + "/dashboard?from=2017-10-01&to=2017-10-30")
    assert _total(page) == 2
    assert "published public incidents only" in page.locator(".summary").inner_text()
    page.screenshot(path=str(screenshots / "dashboard-public.png"), full_page=True)


def test_dashboard_in_arabic_reads_right_to_left(page, server, screenshots):
    _log_in(page, server)
    page.goto(server + "/dashboard?from=2017-10-01&to=2017-10-30&lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "لوحة المعلومات"
    assert _total(page) == 12
    page.screenshot(path=str(screenshots / "dashboard-ar.png"), full_page=True)
    page.goto(server + "/dashboard")  # the cookie remembers the language
    assert page.locator("html").get_attribute("lang") == "ar"


def test_map_in_arabic_and_russian(page, server, screenshots):
    for lang, legend in (("ar", "مفتاح الخريطة"), ("ru", "Легенда")):
        page.goto(server + f"/?lang={lang}")
        page.wait_for_selector("#map[data-loaded='true']", timeout=20_000)
        assert legend in page.locator(".legend h2").inner_text()
        status = page.locator("#status").inner_text()
        assert re.search(r"\d", status) and "zones" not in status, status
        page.screenshot(path=str(screenshots / f"map-{lang}.png"), full_page=True)
