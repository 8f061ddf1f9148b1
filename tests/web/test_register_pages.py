"""The register pages in process, over the demo registers on each engine: every page renders, the filters
and ``?at=`` narrow the lists, staff edit through forms with the session's CSRF token and see inline
errors, and visitors without the right role are refused writes and never see a restricted record."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from truceline.accounts.passwords import fast_passwords
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.service import Accounts
from truceline.config import Settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import store_scope
from truceline.demo.loader import load_demo
from truceline.registry import service as parties_service
from truceline.registry.schemas import PartyUpdate
from truceline.zones import service as zones_service
from truceline.zones.schemas import ZoneUpdate

HTML = {"accept": "text/html"}
PW = "correct horse battery"
ROLES = {"amal": "analyst", "root": "admin", "rita": "public_reader", "fred": "field_reporter",
         "lina": "party_liaison"}
SQUARE = {"type": "Polygon", "coordinates": [[[36.5, 35.5], [36.9, 35.5], [36.9, 35.9], [36.5, 35.9], [36.5, 35.5]]]}


@pytest.fixture
def app_settings(db_url, tmp_path):
    return Settings(database_url=db_url, data_dir=tmp_path / "data")


@pytest.fixture
def app(client, db_url, ctx):
    """The app of the ``client`` fixture over the demo registers, the South-West zone and Hezbollah made
    mechanism-only, and one account per role."""
    app = client.app
    app.state.passwords = fast_passwords()
    engine = make_engine(db_url)
    with store_scope(make_sessionmaker(engine)) as store:
        load_demo(store, ctx)
        zones_service.update_zone(store, ctx, "south-west", ZoneUpdate(release="mechanism", reason="restricted"))
        parties_service.update_party(store, ctx, "hezbollah", PartyUpdate(release="mechanism"))
        accounts = Accounts(SqlAccountRepository(store.session), clock=ctx.clock, passwords=fast_passwords(),
                            parties=store.parties)
        for username, role in ROLES.items():
            accounts.create_user(username, role=role, password=PW, party="turkey" if role == "party_liaison" else None)
    engine.dispose()
    return app


class Browser:
    """A client with its own cookies, logged in (or not), that posts forms with the session's CSRF token."""

    def __init__(self, app, username: str | None = None) -> None:
        self.http = TestClient(app)
        self.csrf = ""
        if username is not None:
            r = self.http.post("/api/v1/auth/login", json={"username": username, "password": PW})
            assert r.status_code == 200, r.text
            self.csrf = r.json()["csrf_token"]

    def get(self, path: str, **kwargs):
        return self.http.get(path, headers=HTML, **kwargs)

    def post(self, path: str, data, *, csrf: bool = True, files=None):
        body = {**data, "csrf_token": self.csrf} if csrf else dict(data)
        return self.http.post(path, data=body, files=files, headers=HTML, follow_redirects=False)


@pytest.fixture
def anon(app):
    return Browser(app)


@pytest.fixture
def analyst(app):
    return Browser(app, "amal")


def field_error(html: str, name: str) -> str:
    """The inline message shown under field ``name`` (empty when none)."""
    found = re.search(rf'id="f-{re.escape(name.replace(".", "-"))}-err">(.*?)</ul>', html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)).strip() if found else ""


# --- every page renders -------------------------------------------------------------------------------------

PAGES = ["/registers", "/registers/parties", "/registers/parties/hts", "/registers/agreements",
         "/registers/agreements/astana-memorandum-2017-05-04", "/registers/accessions",
         "/registers/accessions?agreement=ceasefire-2016-12-29", "/registers/zones", "/registers/zones/idlib",
         "/registers/posts", "/registers/posts/salwa-observation-post", "/registers/talks",
         "/registers/talks/astana-1"]
FORMS = ["/registers/parties/new", "/registers/parties/hts/edit", "/registers/agreements/new",
         "/registers/agreements/astana-memorandum-2017-05-04/edit",
         "/registers/agreements/astana-memorandum-2017-05-04/amend", "/registers/accessions/new",
         "/registers/zones/new", "/registers/zones/idlib/edit", "/registers/zones/idlib/boundary",
         "/registers/posts/new", "/registers/posts/salwa-observation-post/edit", "/registers/talks/new",
         "/registers/talks/astana-1/edit"]


def test_every_register_page_renders_for_everyone(anon, analyst):
    for path in PAGES:
        for who in (anon, analyst):
            r = who.get(path)
            assert r.status_code == 200, (path, r.text[:500])
            assert r.headers["content-type"].startswith("text/html")
            assert 'href="/registers" aria-current="page"' in r.text  # the one "Registers" entry of the menu


def test_every_form_renders_for_staff_with_csrf_and_labels(analyst, anon):
    for path in FORMS:
        r = analyst.get(path)
        assert r.status_code == 200, (path, r.text[:500])
        assert f'name="csrf_token" value="{analyst.csrf}"' in r.text, path
        ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', r.text))
        labelled = set(re.findall(r'<label for="([^"]+)"', r.text))
        assert ids and ids <= labelled, (path, ids - labelled)  # every input with an id has its label
        login = anon.get(path, follow_redirects=False)  # a browser without an account: to the login page
        assert (login.status_code, login.headers["location"]) == (303, f"/login?next={quote(path, safe='')}"), path


def test_accession_detail_and_timeline_of_talks(analyst):
    first = re.search(r'href="/registers/accessions/([^"]+)"', analyst.get("/registers/accessions").text).group(1)
    assert analyst.get(f"/registers/accessions/{first}").status_code == 200
    talks = analyst.get("/registers/talks").text
    assert '<h2 id="year-2017">2017</h2>' in talks and "Astana, Kazakhstan" in talks and "(guarantor)" in talks


# --- filters and point in time ------------------------------------------------------------------------------


def test_parties_kind_filter_and_search_in_every_script(anon):
    guarantors = anon.get("/registers/parties?kind=guarantor").text
    assert "Russia" in guarantors and "Ahrar al-Sham" not in guarantors
    for q in ("هيئة تحرير الشام", "Хайят", "tahrir"):
        found = anon.get(f"/registers/parties?q={q}").text
        assert 'href="/registers/parties/hts"' in found and "Russia</a>" not in found, q
    assert anon.get("/registers/parties?kind=nonsense").status_code == 422


def test_party_affiliations_on_a_date(anon):
    page = anon.get("/registers/parties/southern-front?at=2014-01-01").text
    assert "not in force" in page
    assert "in force" in anon.get("/registers/parties/southern-front?at=2017-01-01").text


def test_agreements_at_keeps_those_in_force_and_shows_the_terms_then(anon):
    before = anon.get("/registers/agreements?at=2017-01-15").text
    assert "Nationwide ceasefire" in before and "Memorandum on the creation" not in before
    page = anon.get("/registers/agreements/astana-memorandum-2017-05-04?at=2017-06-01").text
    assert "Terms in force on 2017-06-01" in page and "In force on this date." in page
    assert re.search(r'class="guarantors">.*Russia.*Turkey.*Iran', page)


def test_accessions_listed_per_agreement_with_counts_over_time(anon):
    page = anon.get("/registers/accessions?agreement=ceasefire-2016-12-29").text
    sections = re.findall(r'<section class="agreement-accessions".*?<a href="/registers/agreements/([^"]+)"', page,
                          flags=re.S)
    assert sections == ["ceasefire-2016-12-29"]
    assert '<polyline points="' in page and "The counts as a table" in page
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td><td>(\d+)</td><td>(\d+)</td></tr>", page)
    assert rows and rows[0][0] == "2016-12-29" and int(rows[0][1]) >= 1


def test_zones_at_and_the_boundary_on_a_date(anon):
    assert 'href="/registers/zones/idlib' not in anon.get("/registers/zones?at=2017-05-01").text
    assert 'href="/registers/zones/idlib?at=2017-10-01"' in anon.get("/registers/zones?at=2017-10-01").text
    page = anon.get("/registers/zones/idlib?at=2017-10-01").text
    config = json.loads(re.search(r"data-config='([^']+)'", page).group(1).replace("&#34;", '"'))
    assert config["features"]["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert "no boundary in force" in anon.get("/registers/zones/idlib?at=2016-01-01").text


def test_posts_grouped_by_state_and_filtered(anon):
    page = anon.get("/registers/posts").text
    assert 'id="state-deployed"' in page and 'id="state-withdrawn"' in page
    withdrawn = anon.get("/registers/posts?state=withdrawn").text
    assert "Talbiseh checkpoint" in withdrawn and "Salwa observation post" not in withdrawn
    earlier = anon.get("/registers/posts?at=2017-09-01&state=withdrawn").text
    assert "Talbiseh checkpoint" not in earlier  # withdrawn only in October


def test_talks_filtered_by_track(anon):
    page = anon.get("/registers/talks?track=geneva").text
    assert "Geneva" in page and "First round of the Astana talks" not in page


# --- what each visitor sees ---------------------------------------------------------------------------------


def test_restricted_records_are_absent_for_a_public_reader(app, anon):
    rita = Browser(app, "rita")
    for who in (anon, rita):
        assert 'href="/registers/zones/south-west"' not in who.get("/registers/zones").text
        assert who.get("/registers/zones/south-west").status_code == 404
        assert 'href="/registers/parties/hezbollah"' not in who.get("/registers/parties").text
        assert who.get("/registers/parties/hezbollah").status_code == 404
    amal = Browser(app, "amal")
    staff = amal.get("/registers/zones").text
    assert 'href="/registers/zones/south-west"' in staff and ">mechanism only</span>" in staff
    assert '<span class="badge release">للآلية فقط</span>' in amal.get("/registers/zones?lang=ar").text


def test_history_and_edit_links_are_for_staff_only(app, anon, analyst):
    assert "Change history" not in anon.get("/registers/parties/hts").text
    assert "Change history" not in Browser(app, "lina").get("/registers/parties/hts").text
    page = analyst.get("/registers/parties/hts").text
    assert "Change history" in page and 'href="/registers/parties/hts/edit"' in page
    assert 'href="/registers/parties/hts/edit"' not in anon.get("/registers/parties/hts").text


WRITES = [("/registers/parties/new", {"name": "X", "kind": "armed_group", "release": "public"}),
          ("/registers/parties/hts/edit", {"name": "X", "kind": "armed_group", "release": "public"}),
          ("/registers/agreements/new", {"name": "X", "kind": "other", "release": "public"}),
          ("/registers/agreements/astana-memorandum-2017-05-04/amend", {"adopted_on": "2017-11-01", "summary": "x"}),
          ("/registers/accessions/new", {"agreement": "ceasefire-2016-12-29"}),
          ("/registers/zones/new", {"name": "X"}), ("/registers/zones/idlib/edit", {"name": "X"}),
          ("/registers/zones/idlib/boundary", {"valid_from": "2018-01-01"}),
          ("/registers/posts/new", {"name": "X"}), ("/registers/posts/salwa-observation-post/edit", {"name": "X"}),
          ("/registers/posts/salwa-observation-post/steps", {"state": "withdrawn", "on": "2017-10-30"}),
          ("/registers/talks/new", {"name": "X"}), ("/registers/talks/astana-1/edit", {"name": "X"})]


def test_writes_are_refused_to_anonymous_and_non_staff(app, anon):
    others = [Browser(app, username) for username in ("rita", "fred", "lina")]
    for path, data in WRITES:
        r = anon.post(path, data, csrf=False)
        assert r.status_code == 401 and "E801" in r.text, path
        for who in others:
            r = who.post(path, data)
            assert r.status_code == 403 and "E807" in r.text, path


def test_a_staff_post_without_the_csrf_token_is_refused(analyst):
    r = analyst.post("/registers/parties/new", {"name": "No Token", "kind": "armed_group", "release": "public"},
                     csrf=False)
    assert r.status_code == 403 and "E806" in r.text
    r = analyst.post("/registers/parties/new", {"name": "No Token", "kind": "armed_group", "release": "public",
                                                "csrf_token": "wrong"}, csrf=False)
    assert r.status_code == 403
    assert analyst.get("/registers/parties/no-token").status_code == 404  # nothing was written


# --- edit flows ---------------------------------------------------------------------------------------------


def test_party_created_with_aliases_and_affiliations_then_edited_with_a_reason(analyst):
    r = analyst.post("/registers/parties/new", {
        "name": "Liwa Test", "kind": "armed_group", "release": "public", "country_code": "",
        "aliases.0.name": "لواء الاختبار", "aliases.0.lang": "ar", "aliases.1.name": "", "aliases.1.lang": "",
        "affiliations.0.relation": "part_of", "affiliations.0.party": "free-syrian-army",
        "affiliations.0.valid_from": "2016-01-01", "affiliations.0.valid_until": ""})
    assert r.status_code == 303 and r.headers["location"] == "/registers/parties/liwa-test"
    page = analyst.get("/registers/parties/liwa-test").text
    assert "لواء الاختبار" in page and "arabic" in page and "Free Syrian Army</a>" in page
    form = analyst.get("/registers/parties/liwa-test/edit").text
    assert 'name="aliases.0.name" type="text" value="لواء الاختبار"' in form
    r = analyst.post("/registers/parties/liwa-test/edit", {
        "name": "Liwa Test", "kind": "militia", "release": "public", "expected_version": "1",
        "aliases.0.name": "لواء الاختبار", "reason": "reclassified after the Astana lists"})
    assert r.status_code == 303
    page = analyst.get("/registers/parties/liwa-test").text
    assert "militia" in page and "reclassified after the Astana lists" in page and "amal" in page
    assert "No affiliation recorded." in page  # the rows the form sent replace the list


def test_party_form_shows_errors_next_to_the_fields(analyst):
    r = analyst.post("/registers/parties/new", {"name": "Bad Code", "kind": "armed_group", "release": "public",
                                                "country_code": "syr"})
    assert r.status_code == 422 and "E101" in r.text and "Not saved" in r.text
    assert "pattern" in field_error(r.text, "country_code") or "match" in field_error(r.text, "country_code")
    assert 'value="Bad Code"' in r.text  # what was typed comes back
    r = analyst.post("/registers/parties/new", {"name": "Dangling", "kind": "armed_group", "release": "public",
                                                "affiliations.0.relation": "allied_with",
                                                "affiliations.0.party": "nobody"})
    assert r.status_code == 422 and "E201" in r.text
    assert "unknown party" in field_error(r.text, "affiliations")
    r = analyst.post("/registers/parties/new", {"name": "Russia", "kind": "guarantor", "release": "public"})
    assert r.status_code == 409 and "E301" in r.text
    r = analyst.post("/registers/parties/new", {"name": "", "kind": "armed_group", "release": "public"})
    assert r.status_code == 422 and field_error(r.text, "name")


def test_a_stale_edit_is_refused_and_keeps_the_record(analyst):
    data = {"name": "Hay'at Tahrir al-Sham", "kind": "excluded_group", "release": "public"}
    assert analyst.post("/registers/parties/hts/edit", {**data, "expected_version": "1"}).status_code == 303
    r = analyst.post("/registers/parties/hts/edit", {**data, "kind": "militia", "expected_version": "1"})
    assert r.status_code == 409 and "E302" in r.text
    assert "excluded group" in analyst.get("/registers/parties/hts").text


def test_agreement_created_with_provisions_and_amended(analyst):
    r = analyst.post("/registers/agreements/new", {
        "name": "Local truce of Testville", "kind": "ceasefire", "release": "public", "signed_on": "2017-08-01",
        "provisions.0.key": "no-fire", "provisions.0.type": "non_use_of_force",
        "provisions.0.text": "No side fires.", "provisions.0.article": "1"})
    assert r.status_code == 303
    key = r.headers["location"].rsplit("/", 1)[1]
    r = analyst.http.post(f"/registers/agreements/{key}/amend", headers=HTML, follow_redirects=False, data={
        "csrf_token": analyst.csrf, "adopted_on": "2017-09-01", "summary": "Guarantors named",
        "change_guarantors": "on", "guarantors": ["russia", "turkey"], "reason": "signed in Astana"})
    assert r.status_code == 303, r.text
    before = analyst.get(f"/registers/agreements/{key}?at=2017-08-15").text
    after = analyst.get(f"/registers/agreements/{key}?at=2017-09-15").text
    assert re.search(r'class="guarantors">—', before)
    assert re.search(r'class="guarantors">.*Russia.*Turkey', after) and "No side fires." in after
    assert "1. Guarantors named" in after and "signed in Astana" in after


def test_amendment_form_errors_stay_on_the_form(analyst):
    r = analyst.post("/registers/agreements/astana-memorandum-2017-05-04/amend",
                     {"adopted_on": "2017-11-01", "summary": "Nothing ticked"})
    assert r.status_code == 422 and "changes nothing" in r.text


def test_accession_of_a_settlement_created_then_withdrawn(analyst):
    r = analyst.post("/registers/accessions/new", {
        "agreement": "ceasefire-2016-12-29", "joined_on": "2017-04-01", "release": "public", "party": "",
        "settlement.name": "Testville", "settlement.lat": "35.2", "settlement.lon": "36.7",
        "settlement.admin_area": "", "witnessed_by": "russia", "evidence": "list handed over"})
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    r = analyst.post(url + "/withdraw", {"on": "2017-03-01", "reason": "left"})
    assert r.status_code == 422 and "E103" in r.text and field_error(r.text, "on")
    r = analyst.post(url + "/withdraw", {"on": "2017-06-01", "reason": "fighting resumed"})
    assert r.status_code == 303
    page = analyst.get(url).text
    assert "2017-06-01" in page and "fighting resumed" in page and "Withdraw the accession" not in page


def test_accession_form_needs_a_group_or_a_settlement(analyst):
    r = analyst.post("/registers/accessions/new", {"agreement": "ceasefire-2016-12-29", "joined_on": "2017-04-01",
                                                   "release": "public", "party": "", "settlement.name": ""})
    assert r.status_code == 422 and "exactly one" in r.text


def test_zone_drawn_then_given_an_uploaded_boundary_version(analyst):
    r = analyst.http.post("/registers/zones/new", headers=HTML, follow_redirects=False, data={
        "csrf_token": analyst.csrf, "name": "Test belt", "kind": "security_belt", "release": "public",
        "valid_from": "2017-10-01", "status": "active", "geometry": json.dumps(SQUARE),
        "admin_areas": "SY-ID Idlib\nSY-HM Hama (part)"}, files={"boundary_file": ("", b"")})
    assert r.status_code == 303 and r.headers["location"] == "/registers/zones/test-belt", r.text[:800]
    smaller = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[36.6, 35.6], [36.8, 35.6], [36.8, 35.8], [36.6, 35.6]]]}}]}
    r = analyst.http.post("/registers/zones/test-belt/boundary", headers=HTML, follow_redirects=False, data={
        "csrf_token": analyst.csrf, "valid_from": "2017-11-01", "status": "suspended", "geometry": "",
        "reason": "pulled back"}, files={"boundary_file": ("smaller.geojson", json.dumps(smaller).encode())})
    assert r.status_code == 303 and r.headers["location"] == "/registers/zones/test-belt?at=2017-11-01"
    page = analyst.get("/registers/zones/test-belt?at=2017-10-15").text
    assert "Version 1" in page and "2017-10-01 – 2017-11-01" in page and "SY-ID Idlib; SY-HM Hama (part)" in page
    page = analyst.get("/registers/zones/test-belt?at=2017-11-15").text
    assert "Version 2" in page and "suspended" in page and "pulled back" in page


@pytest.mark.parametrize("geometry,upload,code,field", [
    ("", None, "E102", "geometry"),
    (json.dumps({"type": "Polygon", "coordinates": [[[36, 35], [37, 36], [37, 35], [36, 36], [36, 35]]]}),
     None, "E102", "geometry"),  # a bowtie
    ("{not json", None, "E102", "geometry"),
    ("", ("bad.geojson", b"\xff\xfe nope"), "E107", None),
    ("", ("point.geojson", json.dumps({"type": "Point", "coordinates": [36, 35]}).encode()), "E107", None),
])
def test_zone_boundary_refused_with_its_code(analyst, geometry, upload, code, field):
    r = analyst.http.post("/registers/zones/new", headers=HTML, follow_redirects=False, data={
        "csrf_token": analyst.csrf, "name": "Broken", "kind": "other", "release": "public",
        "valid_from": "2017-10-01", "status": "active", "geometry": geometry},
        files={"boundary_file": upload or ("", b"")})
    assert r.status_code == 422 and code in r.text
    if field:
        assert field_error(r.text, field)
    assert analyst.get("/registers/zones/broken").status_code == 404


def test_post_placed_then_stepped_through_its_lifecycle(analyst):
    r = analyst.post("/registers/posts/new", {
        "name": "Test post", "kind": "observation_post", "guarantor": "turkey", "release": "public",
        "location.lat": "35.93", "location.lon": "36.63", "zone": "idlib", "first_state": "proposed",
        "first_on": "2017-10-01"})
    assert r.status_code == 303, r.text[:800]
    page = analyst.get("/registers/posts/test-post").text
    buttons = re.findall(r'<button type="submit" name="state" value="(\w+)"', page)
    assert buttons == ["agreed", "deployed", "withdrawn"]
    assert analyst.post("/registers/posts/test-post/steps", {"state": "deployed", "on": "2017-10-10",
                                                             "reason": "in place"}).status_code == 303
    page = analyst.get("/registers/posts/test-post").text
    assert re.findall(r'<button type="submit" name="state" value="(\w+)"', page) == ["withdrawn"]
    r = analyst.post("/registers/posts/test-post/steps", {"state": "withdrawn", "on": "2017-10-05"})
    assert r.status_code == 422 and "E106" in r.text
    r = analyst.post("/registers/posts/test-post/steps", {"state": "agreed", "on": "2017-10-20"})
    assert r.status_code == 422 and "E106" in r.text
    assert "state-deployed" in analyst.get("/registers/posts/test-post").text


def test_post_outside_its_zone_and_unplaced_posts_are_refused_inline(analyst):
    base = {"name": "Far post", "kind": "checkpoint", "guarantor": "russia", "release": "public", "zone": "idlib",
            "first_state": "", "first_on": ""}
    r = analyst.post("/registers/posts/new", {**base, "location.lat": "33.5", "location.lon": "36.3"})
    assert r.status_code == 422 and "E105" in r.text and field_error(r.text, "location")
    r = analyst.post("/registers/posts/new", {**base, "location.lat": "", "location.lon": "36.3"})
    assert r.status_code == 422 and "latitude and longitude" in field_error(r.text, "location")


def test_post_edit_moves_it(analyst):
    r = analyst.post("/registers/posts/salwa-observation-post/edit", {
        "name": "Salwa observation post", "kind": "observation_post", "guarantor": "turkey", "release": "public",
        "zone": "idlib", "location.lat": "36.0", "location.lon": "36.7", "reason": "surveyed"})
    assert r.status_code == 303, r.text[:800]
    assert "36.00000, 36.70000" in analyst.get("/registers/posts/salwa-observation-post").text


def test_talks_round_created_with_delegations_and_outcomes(analyst):
    r = analyst.post("/registers/talks/new", {
        "name": "Eighth round of the Astana talks", "track": "astana", "number": "8", "starts_on": "2017-12-21",
        "ends_on": "2017-12-22", "status": "planned", "release": "public", "place": "Astana",
        "delegations.0.party": "russia", "delegations.0.standing": "guarantor",
        "delegations.0.members": "A. Lavrentiev, S. Vershinin", "delegations.1.party": "",
        "outcomes.0.summary": "Working group on detainees", "outcomes.0.on": "2017-12-22"})
    assert r.status_code == 303, r.text[:800]
    page = analyst.get(r.headers["location"]).text
    assert "A. Lavrentiev, S. Vershinin" in page and "Working group on detainees" in page
    r = analyst.post("/registers/talks/new", {"name": "Duplicate seventh", "track": "astana", "number": "7",
                                              "starts_on": "2017-12-01", "status": "planned", "release": "public"})
    assert r.status_code == 409 and field_error(r.text, "number")
