"""Statements in a real browser: an analyst opens the statements waiting for review, accepts one as
extracted, corrects and accepts another, and sees the queue empty; screenshots of each step."""

from __future__ import annotations

import pytest

from tests.e2e.server import demo_server
from tests.e2e.test_review_flow import PW, log_in

pytestmark = pytest.mark.e2e


def _a_document_with_statements(store, ctx):
    from tests.ingest.helpers import FakeExtractor, incoming
    from tests.ingest.test_review import SAID, TEXT
    from truceline.ingest.service import ingest_item

    ingest_item(store, ctx, FakeExtractor(statements=SAID), incoming(TEXT), source="sohr")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with demo_server(tmp_path_factory.mktemp("statements"), accounts=(("amal", "analyst"),), password=PW,
                     prepare=_a_document_with_statements) as base:
        yield base


def test_analyst_reviews_statements(page, server, screenshots):
    log_in(page, server, "amal", then="/review")
    page.click("a[href='/review/statements']")
    page.wait_for_url("**/review/statements")
    statements = page.locator("section.statement")
    assert statements.count() == 2 and "Igor Konashenkov" in statements.first.inner_text()
    page.screenshot(path=str(screenshots / "statements.png"), full_page=True)

    statements.first.locator("button", has_text="Accept").first.click()
    page.wait_for_selector("#done")
    assert "accepted" in page.locator("#done").inner_text() and page.locator("section.statement").count() == 1

    second = page.locator("section.statement").first
    second.locator("summary", has_text="Edit and accept").click()
    second.locator("input[name=speaker]").fill("Igor Konashenkov")
    second.get_by_role("textbox", name="Why").fill("'He' is the spokesman named before")
    page.screenshot(path=str(screenshots / "statement-edit.png"), full_page=True)
    second.locator("button", has_text="Save and accept").click()
    page.wait_for_selector("#done")
    assert "No statement waits for review." in page.content()
    page.screenshot(path=str(screenshots / "statements-done.png"), full_page=True)
