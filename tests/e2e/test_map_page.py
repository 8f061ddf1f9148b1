"""The map, the landing page, in a real browser: packaged boundaries with no network, zones, posts and
published incidents, and the filters."""

from __future__ import annotations

import re

import pytest

from tests.e2e.server import demo_server
from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page
from truceline.posts.models import PostQuery
from truceline.posts.schemas import PostUpdate
from truceline.posts.service import list_posts, update_post

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("map")) as base:
        yield base


def _outside_requests(page, base):
    outside = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith((base, "data:")) else None)
    return outside


def test_map_page_draws_layers_offline(page, server, screenshots):
    outside = _outside_requests(page, server)
    page.goto(server + "/")
    page.wait_for_selector("#map[data-loaded='true']", timeout=20_000)
    status = page.locator("#status").inner_text()
    assert re.search(r"4 zones, \d+ posts, 2 incidents", status), status
    assert page.locator(".leaflet-overlay-pane canvas, .leaflet-overlay-pane svg").count() >= 1
    assert page.locator(".legend li").count() >= 10
    page.screenshot(path=str(screenshots / "map.png"), full_page=True)
    assert outside == []  # everything came from this server: it works with no network


def test_map_filters_narrow_incidents(page, server, screenshots):
    page.goto(server + "/")
    page.wait_for_selector("#map[data-loaded='true']", timeout=20_000)
    page.select_option("select[name=zone]", "idlib")
    page.wait_for_function("document.querySelector('#status').textContent.includes('0 incidents') || "
                           "document.querySelector('#status').textContent.includes('1 incident')")
    page.select_option("select[name=zone]", "")
    page.select_option("select[name=grade]", "weak")
    page.wait_for_function("document.querySelector('#status').textContent.includes(' 0 incidents')")
    page.screenshot(path=str(screenshots / "map-filtered.png"), full_page=True)


def test_map_keyboard_reaches_the_filters(page, server):
    page.goto(server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    labels = page.locator("form#filters label").all_inner_texts()
    assert any("Zone" in t for t in labels) and any("Event type" in t for t in labels)


def test_incident_page_opens_from_the_map(page, server, screenshots):
    page.goto(server + "/")
    page.wait_for_selector("#map[data-loaded='true']", timeout=20_000)
    page.evaluate("""() => {
        const layers = document.getElementById('map').trucelineLayers;
        const first = layers.incidents.getLayers()[0];
        first.openPopup();
    }""")
    link = page.locator(".leaflet-popup-content a")
    link.wait_for(timeout=10_000)
    page.screenshot(path=str(screenshots / "map-popup.png"), full_page=True)
    link.click()
    page.wait_for_url("**/incidents/*")
    assert page.locator("h1").inner_text().lower().startswith("shelling")
    assert "Agreement in force" in page.content() and "two observers saw it" in page.content()
    page.screenshot(path=str(screenshots / "incident.png"), full_page=True)


def _hide_a_post(store, ctx):
    posts = list_posts(store, PostQuery(), Page(limit=100, offset=0)).items
    oldest = min((p for p in posts if p.lifecycle), key=lambda p: p.lifecycle[0].on)  # on the map any day shown
    update_post(store, ctx, oldest.key, PostUpdate(release=ReleaseLevel.mechanism))


def test_the_map_shows_staff_the_posts_released_to_them_and_the_public_only_public_ones(
        page, tmp_path_factory, screenshots):
    password = "correct horse battery"
    with demo_server(tmp_path_factory.mktemp("map-staff"), accounts=(("amal", "analyst"),), password=password,
                     prepare=_hide_a_post) as base:
        page.goto(base + "/")
        page.wait_for_selector("#map[data-loaded='true']", timeout=20_000)
        page_status_public = page.locator("#status").inner_text()
        public = int(re.search(r"(\d+) posts", page_status_public).group(1))
        page.goto(f"{base}/login?next=/")
        page.fill("input[name=username]", "amal")
        page.fill("input[name=password]", password)
        page.click("form.form button[type=submit]")
        page.wait_for_url(base + "/")
        page.wait_for_selector("#map[data-loaded='true']", timeout=20_000)
        page_status_staff = page.locator("#status").inner_text()
        staff = int(re.search(r"(\d+) posts", page_status_staff).group(1))
        page.screenshot(path=str(screenshots / "map-analyst.png"), full_page=True)
    assert staff == public + 1, (page_status_public, page_status_staff)  # the hidden post, to staff only


def test_incidents_on_the_map_are_listed_and_reached_by_keyboard(page, server, screenshots):
    """Markers drawn on a canvas take no focus: the list beside the map names the same incidents, follows the
    filters, and opens an incident's page from the keyboard alone."""
    page.goto(server + "/")
    page.wait_for_selector("#map[data-loaded='true']", timeout=20_000)
    assert page.locator("#incident-list li").count() == 2
    assert page.locator("#incident-list-count").inner_text() == "2 incidents"
    for _ in range(30):  # Tab through the page until the list's summary has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.parentElement.id") == "incident-list-box"
    page.keyboard.press("Enter")  # opens the list
    page.keyboard.press("Tab")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert re.fullmatch(r"/incidents/\d+", href)
    page.screenshot(path=str(screenshots / "map-incident-list.png"), full_page=True)

    page.select_option("select[name=grade]", "weak")  # the list follows the filters
    page.wait_for_function("document.querySelector('#status').textContent.includes(' 0 incidents')")
    assert page.locator("#incident-list li").count() == 0
    page.select_option("select[name=grade]", "")
    page.wait_for_function("document.querySelectorAll('#incident-list li').length === 2")

    page.locator("#incident-list a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/incidents/\d+$"))
    assert "Agreement in force" in page.content()
