"""Server-rendered pages: the map (landing page) and the incident page, as a public reader sees them."""

from __future__ import annotations

import pytest

from tests.web.test_ogc import seed_published
from truceline.common.visibility import Visibility
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import SqlStore
from truceline.web.routes.pages import incident_view

HTML = {"accept": "text/html"}


def _seed(db_url, ctx, *, then=None) -> None:
    """The demo registers with published incidents, and what ``then(store, ctx)`` adds, committed."""
    engine = make_engine(db_url)
    session = make_sessionmaker(engine)()
    try:
        store = SqlStore(session)
        seed_published(store, ctx)
        if then is not None:
            then(store, ctx)
        session.commit()
    finally:
        session.close()
        engine.dispose()


@pytest.fixture
def site(anon_client, db_url, ctx):
    """An anonymous visitor (a public reader) on the demo registers with published incidents."""
    _seed(db_url, ctx)
    return anon_client


def test_map_page_offers_the_filters_and_period(site):
    r = site.get("/", headers=HTML)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for needle in ('name="from"', 'name="to"', 'name="day"', 'name="zone"', 'value="idlib"', 'name="type"',
                   'value="air_strike"', 'name="party"', 'name="grade"', 'name="scope"', "js/map.js",
                   'id="incident-list"', "List of the incidents on the map"):
        assert needle in r.text
    assert 'value="2017-10-23"' in r.text  # the period ends at the latest published incident


def test_incident_page_shows_a_published_incident_without_working_data(site):
    r = site.get("/incidents/pub-idlib", headers=HTML)
    assert r.status_code == 200
    assert "confirmed" in r.text and "two observers saw it" in r.text
    assert "Reports side by side" not in r.text and "History" not in r.text


@pytest.mark.parametrize("ref", ["unpublished", "999", "nope"])
def test_incident_page_hides_unpublished_and_missing_alike(site, ref):
    r = site.get(f"/incidents/{ref}", headers=HTML)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "E200" in r.text and "Back to the map" in r.text


def test_incident_page_error_is_json_for_api_clients(site):
    r = site.get("/incidents/unpublished", headers={"accept": "application/json"})
    assert r.status_code == 404 and r.json()["code"] == "E200"


def test_incident_view_for_the_mechanism_has_reports_with_reliability_and_history(sql_store, ctx):
    seed_published(sql_store, ctx)
    incident = sql_store.incidents.get_by_uid("unpublished")
    sql_store.reports.set_incident(incident.report_ids, incident.id)
    view = incident_view(sql_store, "unpublished", view=Visibility.all())
    [row] = view["reports"]
    assert row["report"].id == incident.report_ids[0] and row["source_name"] == "sohr"
    assert row["reliability"] == "F" and row["link"].rule == "first"  # too few judged reports to rate it
    assert view["history"] == []  # built by hand in the test: no change recorded


@pytest.fixture
def staff_site(client, db_url, ctx):
    """An admin (API token) on the demo registers; the unpublished incident names a perpetrator, a scope check
    with its reasons and a party's position."""
    from datetime import date

    from truceline.incidents.models import Confirmation, ScopeCheck

    def working_incident(store, ctx):
        incident = store.incidents.get_by_uid("unpublished")
        memorandum = "astana-memorandum-2017-05-04"
        scope = ScopeCheck(scope="violation", agreement=memorandum, evaluated_on=date(2017, 10, 20),
                           evaluated_at=ctx.clock.now(), reasons=[
                               "on 2017-10-20 the place lies in zone(s) idlib",
                               f"perpetrator syrian-government was covered by {memorandum} on 2017-10-20",
                               "a reason of a shape nobody knows"])
        store.incidents.save(incident.model_copy(update={
            "perpetrators": ["syrian-government"], "status": "under_verification", "scope": scope,
            "confirmations": [Confirmation(party="turkey", position="disputes")]}))

    _seed(db_url, ctx, then=working_incident)
    return client


def test_incident_page_in_arabic_names_values_and_parties_in_arabic(staff_site):
    r = staff_site.get("/incidents/unpublished?lang=ar", headers=HTML)
    assert r.status_code == 200, r.text
    page = r.text
    for english in ('>received<', '>under verification<', '>disputes<', '>mechanism<', ">first<", "(exact)",
                    "checked for", "the place lies in zone", ">confirmed<"):
        assert english not in page, english
    assert '<option value="under_verification" selected>قيد التحقق</option>' in page
    assert "تحقق بتاريخ 2017-10-20" in page and "في 2017-10-20 يقع المكان في المنطقة (المناطق) idlib" in page
    assert "a reason of a shape nobody knows" in page  # an unknown shape shows as written
    assert "<bdi>Government of the Syrian Arab Republic</bdi>" in page
    assert "<bdi>Turkey</bdi>" in page and ">turkey<" not in page  # parties by name, isolated


def test_incident_status_select_starts_at_the_current_status(staff_site):
    page = staff_site.get("/incidents/unpublished", headers=HTML).text
    select = page[page.index('name="status"'):]
    select = select[:select.index("</select>")]
    assert '<option value="under_verification" selected>' in select and "graded" not in select
    r = staff_site.post("/incidents/unpublished/status", data={"status": "under_verification"},
                        follow_redirects=False)
    assert r.status_code == 303 and "status%20unchanged" in r.headers["location"]
