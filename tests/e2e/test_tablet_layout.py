"""The pages at tablet width (768×1024), as an analyst, whose header has the longest menu, and as a field
reporter: nothing may widen the page beyond the screen, the language links must stay inside the header, in
both directions, and a page of text scrolls as a document, not inside its column."""

from __future__ import annotations

import pytest

from tests.e2e.server import demo_server
from tests.e2e.test_review_flow import log_in

pytestmark = pytest.mark.e2e
PW = "correct horse battery"
PAGES = {"map": "/", "registers": "/registers", "review": "/review", "incident": "/incidents/pub-idlib",
         "parties": "/registers/parties", "talks": "/registers/talks"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tablet")
    with demo_server(folder, accounts=(("amal", "analyst"), ("fiona", "field_reporter")), password=PW) as base:
        yield base


@pytest.mark.parametrize("username", ["amal", "fiona"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_tablet_pages_do_not_scroll_sideways(browser, server, screenshots, lang, username):
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    page = context.new_page()
    try:
        log_in(page, server, username)
        for name, path in PAGES.items():
            page.goto(f"{server}{path}?lang={lang}")
            page.wait_for_load_state("load")
            page.screenshot(path=str(screenshots / f"tablet-{username}-{lang}-{name}.png"), full_page=True)
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], f"{path} in {lang} is {widths[0]} px wide at {widths[1]} px"
            inner = page.evaluate("""() => { const p = document.querySelector('article.page');
                                             return p ? p.scrollHeight - p.clientHeight : 0; }""")
            assert inner <= 1, f"{path}: the page scrolls inside its column, not as a document"
            header = page.locator("header.top").bounding_box()
            for link in page.locator("header .langs a").all():
                box = link.bounding_box()
                assert header["x"] <= box["x"] and box["x"] + box["width"] <= header["x"] + header["width"] + 0.5
                assert header["y"] <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"] + 0.5
    finally:
        context.close()
