"""The register pages in a real browser: an analyst draws a zone and uploads another, places a post by
clicking the map and steps it through its lifecycle; a public reader sees no restricted record and no
edit link. Screenshots of every register page go to the screenshots folder."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from tests.e2e.server import running_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A server over the demo registers (one zone made mechanism-only) with one account per role."""
    from tests.web.test_ogc import seed_published
    from truceline.accounts.demo import create_demo_accounts
    from truceline.accounts.passwords import Passwords
    from truceline.accounts.repository import SqlAccountRepository
    from truceline.accounts.service import Accounts
    from truceline.clock import FixedClock
    from truceline.common.context import Ctx
    from truceline.db.engine import make_engine, make_sessionmaker
    from truceline.db.migrate import upgrade
    from truceline.db.store import store_scope
    from truceline.zones import service as zones_service
    from truceline.zones.schemas import ZoneUpdate

    folder = tmp_path_factory.mktemp("registers")
    url = f"sqlite:///{folder / 'demo.db'}"
    engine = make_engine(url)
    upgrade(engine)
    clock = FixedClock(datetime(2017, 10, 30, 9, tzinfo=UTC))
    ctx = Ctx(actor="test", clock=clock)
    with store_scope(make_sessionmaker(engine)) as store:
        seed_published(store, ctx)
        zones_service.update_zone(store, ctx, "south-west", ZoneUpdate(release="mechanism", reason="restricted"))
        accounts = Accounts(SqlAccountRepository(store.session), clock=clock, passwords=Passwords(),
                            parties=store.parties)
        passwords = {user.username: password for user, password in create_demo_accounts(accounts)}
    engine.dispose()
    with running_server(url, data_dir=folder) as base:
        yield {"base": base, "passwords": passwords, "folder": folder}


def _login(page, site, username):
    r = page.request.post(site["base"] + "/api/v1/auth/login",
                          data={"username": username, "password": site["passwords"][username]})
    assert r.ok, r.text()


def _outside(page, base):
    outside = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith((base, "data:")) else None)
    return outside


def _map_ready(page):
    page.wait_for_selector(".register-map[data-ready='true']", timeout=20_000)
    page.wait_for_function("document.querySelectorAll('.leaflet-pane path, .leaflet-pane canvas').length > 0")


def test_analyst_draws_a_zone_and_sees_it_listed(page, site, screenshots):
    base = site["base"]
    outside = _outside(page, base)
    _login(page, site, "demo-analyst")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/registers/zones/new")
    _map_ready(page)
    page.fill("#f-name", "Drawn test belt")
    page.select_option("#f-kind", "security_belt")
    page.fill("#f-valid_from", "2017-10-01")
    page.click(".leaflet-pm-icon-polygon")
    box = page.locator(".register-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(cx - 80, cy - 60), (cx + 90, cy - 50), (cx + 60, cy + 70), (cx - 70, cy + 60)]
    for x, y in corners:
        page.mouse.click(x, y)
    page.mouse.click(*corners[0])  # back on the first corner closes the polygon
    page.wait_for_function("document.querySelector('.register-map').dataset.polygons === '1'")
    geometry = json.loads(page.input_value("textarea[name=geometry]"))
    assert geometry["type"] == "Polygon" and len(geometry["coordinates"][0]) == 5
    page.screenshot(path=str(screenshots / "registers-zone-draw.png"), full_page=True)
    page.click("button.primary")
    page.wait_for_url("**/registers/zones/drawn-test-belt")
    assert "Drawn test belt" in page.locator("h1").inner_text()
    _map_ready(page)
    assert "Version 1" in page.content() and "demo-analyst" in page.content()  # the change history, for staff
    page.screenshot(path=str(screenshots / "registers-zone.png"), full_page=True)
    page.goto(base + "/registers/zones?at=2017-10-15")
    assert page.locator("a", has_text="Drawn test belt").count() == 1
    _map_ready(page)
    page.screenshot(path=str(screenshots / "registers-zones.png"), full_page=True)
    assert outside == []  # nothing came from anywhere but this server


def test_analyst_uploads_a_new_boundary_version(page, site, screenshots):
    base = site["base"]
    _login(page, site, "demo-analyst")
    upload = site["folder"] / "boundary.geojson"
    square = [[36.5, 35.5], [36.9, 35.5], [36.9, 35.9], [36.5, 35.9], [36.5, 35.5]]
    upload.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [square]}}]}))
    page.goto(base + "/registers/zones/idlib/boundary")
    _map_ready(page)
    page.fill("#f-valid_from", "2017-11-01")
    page.set_input_files("#f-boundary_file", str(upload))
    page.fill("#f-reason", "redrawn from the guarantors' map")
    page.screenshot(path=str(screenshots / "registers-boundary-form.png"), full_page=True)
    page.click("button.primary")
    page.wait_for_url("**/registers/zones/idlib?at=2017-11-01")
    assert "redrawn from the guarantors" in page.content()
    rows = page.locator("section[aria-labelledby=versions-h] tbody tr")
    assert rows.count() >= 2 and "2017-11-01" in rows.last.inner_text()


def test_analyst_places_a_post_and_steps_it(page, site, screenshots):
    base = site["base"]
    _login(page, site, "demo-analyst")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base + "/registers/posts/new")
    _map_ready(page)
    page.fill("#f-name", "Clicked observation post")
    page.select_option("#f-kind", "observation_post")
    page.select_option("#f-guarantor", "turkey")
    page.fill("#f-first_on", "2017-10-01")
    box = page.locator(".register-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.input_value("input[name='location.lat']") and page.input_value("input[name='location.lon']")
    page.screenshot(path=str(screenshots / "registers-post-form.png"), full_page=True)
    page.click("button.primary")
    page.wait_for_url("**/registers/posts/clicked-observation-post")
    page.fill("#f-on", "2017-10-20")
    with page.expect_navigation():
        page.click("button[name=state][value=deployed]")
    assert page.url.endswith("/registers/posts/clicked-observation-post"), page.url
    assert page.locator(".lifecycle li").count() == 2
    assert page.locator("button[name=state]").all_inner_texts() == ["Mark withdrawn"]
    _map_ready(page)
    page.screenshot(path=str(screenshots / "registers-post.png"), full_page=True)


@pytest.mark.parametrize("path,name", [
    ("/registers", "registers"), ("/registers/parties", "registers-parties"),
    ("/registers/parties/hts", "registers-party"), ("/registers/parties/new", "registers-party-form"),
    ("/registers/agreements", "registers-agreements"),
    ("/registers/agreements/astana-memorandum-2017-05-04?at=2017-06-01", "registers-agreement"),
    ("/registers/agreements/astana-memorandum-2017-05-04/amend", "registers-amendment-form"),
    ("/registers/agreements/new", "registers-agreement-form"),
    ("/registers/accessions", "registers-accessions"),
    ("/registers/accessions/ahrar-al-sham-ceasefire-2016-12-29", "registers-accession"),
    ("/registers/accessions/new", "registers-accession-form"), ("/registers/zones/idlib/edit", "registers-zone-form"),
    ("/registers/posts", "registers-posts"), ("/registers/talks/astana-1", "registers-talks-round"),
    ("/registers/talks", "registers-talks"), ("/registers/talks/new", "registers-talks-form"),
])
def test_every_register_page_renders_for_staff(page, site, screenshots, path, name):
    _login(page, site, "demo-analyst")
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(site["base"] + path)
    assert response.status == 200
    if page.locator(".register-map").count():
        _map_ready(page)
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)


def test_public_reader_sees_no_restricted_zone_and_no_edit(page, site, screenshots):
    base = site["base"]
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet, upright
    page.goto(base + "/registers/zones")
    _map_ready(page)
    assert "South-West" not in page.content() and page.locator("a", has_text="New zone").count() == 0
    page.screenshot(path=str(screenshots / "registers-zones-public-tablet.png"), full_page=True)
    assert page.goto(base + "/registers/zones/south-west").status == 404
    page.goto(base + "/registers/zones/idlib")
    assert "Change history" not in page.content() and page.locator("a", has_text="Edit").count() == 0
    page.goto(base + "/registers/zones/new")  # needs an account: the browser is sent to log in, then back
    assert page.url.endswith("/login?next=%2Fregisters%2Fzones%2Fnew")


def test_register_forms_work_from_the_keyboard(page, site):
    _login(page, site, "demo-analyst")
    page.goto(site["base"] + "/registers/parties/new")
    page.focus("#f-name")
    page.keyboard.type("Keyboard Brigade")
    page.keyboard.press("Tab")  # to the key
    page.keyboard.press("Tab")  # to the kind
    assert page.evaluate("document.activeElement.id") == "f-kind"
    page.keyboard.press("ArrowDown")
    page.focus("#f-aliases button.add-row")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.name") == "aliases.1.name"
    page.keyboard.type("كتيبة لوحة المفاتيح")
    page.focus("button.primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/registers/parties/keyboard-brigade")
    assert "كتيبة لوحة المفاتيح" in page.content()


def test_party_search_narrows_the_list_as_you_type(page, site, screenshots):
    page.goto(site["base"] + "/registers/parties")
    before = page.locator("#results tbody tr").count()
    page.fill("input[name=q]", "Хайят")  # Cyrillic alias of HTS: no button pressed, HTMX asks the page again
    page.wait_for_function("document.querySelector('#results .count-line').textContent.trim().startsWith('1 ')")
    assert before > 1 and page.locator("#results tbody tr").count() == 1
    assert "Hay'at Tahrir al-Sham" in page.locator("#results").inner_text()
    assert "q=" in page.url  # the filtered list has its own address
    page.screenshot(path=str(screenshots / "registers-parties-search.png"), full_page=True)
