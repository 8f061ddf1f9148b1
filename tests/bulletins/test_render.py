"""Rendering a bulletin of the demo scenario: HTML, JSON and PDF, the same bytes every time."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.bulletins import scenario
from tests.incidents.fakes import report
from truceline.bulletins import codec
from truceline.bulletins.render import RENDERERS, render, render_html, script
from truceline.bulletins.service import issue
from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.demo.loader import load_demo
from truceline.errors import InvalidValue
from truceline.incidents import confirmations
from truceline.incidents.service import attach_report
from truceline.sources import service as sources
from truceline.sources.schemas import SourceCreate
from truceline.testing.memory import MemoryStore

T0 = datetime(2017, 10, 21, 8, 30, tzinfo=UTC)


def _report(store, ctx, *, hours, lon, lat, uid, **over):
    at = T0 + timedelta(hours=hours)
    rep = store.reports.add(report(lon=lon, lat=lat, uid=uid, **{"received_at": at, "occurred_at": at,
                                                                  "created_at": at, "updated_at": at, **over}))
    return attach_report(store, ctx, rep)


@pytest.fixture(scope="module")
def demo_bulletin():
    """The demo registers, three incidents of the week of 20 October 2017, one party confirmation (built once:
    rendering a PDF takes seconds; the CLI tests issue from SQLite)."""
    store, ctx = MemoryStore(), Ctx(actor="tester", clock=FixedClock(datetime(2017, 10, 30, 9, tzinfo=UTC)))
    load_demo(store, ctx)
    sources.ensure_source(store, ctx, "sohr")
    sources.create_source(store, ctx, SourceCreate(key="russian-mod", name="Russian MoD",
                                                   kind="party_self_report", party="russia"))
    douma = _report(store, ctx, hours=0, lon=36.40, lat=33.57, uid="douma", event_type="air_strike",
                    perpetrator="syrian-government", target="jaysh-al-islam", place_name="دوما",
                    admin_area="SY-RD Rif Dimashq", killed=(3, 5), source="russian-mod")
    _report(store, ctx, hours=30, lon=36.63, lat=35.93, uid="idlib", place_name="Идлиб",
            admin_area="Idlib")
    _report(store, ctx, hours=50, lon=37.16, lat=36.20, uid="aleppo", event_type="armed_clash")
    confirmations.record_position(store, ctx, douma.id, "turkey", "confirms")
    return issue(store, start=date(2017, 10, 20), end=date(2017, 10, 26), issuer="Monitoring centre Б",
                 now=ctx.clock.now())


@pytest.fixture(scope="module")
def demo_pdf(demo_bulletin):
    return render(demo_bulletin, "pdf")


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
def test_render_twice_gives_identical_bytes(demo_bulletin, demo_pdf, fmt):
    first = demo_pdf if fmt == "pdf" else render(demo_bulletin, fmt)
    assert first and render(demo_bulletin, fmt) == first
    reread = codec.loads(codec.dumps(demo_bulletin))  # and so does the bulletin read back from its file
    assert render(reread, fmt) == first


def test_render_json_is_the_bulletin_file(demo_bulletin):
    assert render(demo_bulletin, "json") == codec.dumps(demo_bulletin)


def test_render_html_shows_counts_coverage_and_incidents(demo_bulletin):
    html = render_html(demo_bulletin)
    assert "Weekly bulletin 2017-10-20 to 2017-10-26" in html
    assert "Eastern Ghouta de-escalation zone" in html and "Douma observation post" in html
    assert "Observed 7 of 7 day(s)" in html and "not observed" not in html
    assert '<span lang="ar" dir="rtl">دوما</span>' in html and '<span lang="ru">Идлиб</span>' in html
    assert "confirmed by turkey: 1" in html
    assert demo_bulletin.content_hash in html
    for snapshot in demo_bulletin.incidents:
        assert snapshot.uid[:8] in html


def test_render_html_marks_a_zone_not_observed(ctx):
    store = MemoryStore()
    scenario.build(store, ctx)
    bulletin = issue(store, start=scenario.START, end=scenario.END, issuer="a", now=ctx.clock.now())
    html = render_html(bulletin)
    assert "Observed 0 of 7 day(s) — <span class=\"unobserved\">not observed</span>" in html


def _poppler(tool, pdf, tmp_path):
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, str(path), *(["-"] if tool == "pdftotext" else [])], capture_output=True,
                          check=True, text=True).stdout


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="pdfinfo (poppler-utils) not installed")
def test_render_pdf_sets_fixed_metadata(demo_bulletin, demo_pdf, tmp_path):
    assert demo_pdf.startswith(b"%PDF-")
    assert demo_bulletin.content_hash[:32].encode() in demo_pdf  # the file identifier
    info = _poppler("pdfinfo", demo_pdf, tmp_path)
    assert "CreationDate:    Mon Oct 30 09:00:00 2017 UTC" in info and "ModDate:         Mon Oct 30 09:00:00" in info
    assert f"content hash sha256 {demo_bulletin.content_hash}" in info and "Author:          Monitoring" in info


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_render_pdf_text_keeps_arabic_and_cyrillic(demo_pdf, tmp_path):
    text = _poppler("pdftotext", demo_pdf, tmp_path)
    assert "Идлиб" in text and "Monitoring centre Б" in text
    assert "دوما" in text or "امود" in text  # the extraction order of right-to-left text varies


@pytest.mark.skipif(shutil.which("pdffonts") is None or shutil.which("fc-list") is None, reason="poppler-utils")
def test_render_pdf_sets_arabic_in_naskh(demo_pdf, tmp_path):
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, check=True, text=True).stdout
    if "Noto Naskh Arabic" not in families:
        pytest.skip("fonts-noto-core not installed")
    fonts = _poppler("pdffonts", demo_pdf, tmp_path)
    assert "Noto-Naskh-Arabic" in fonts and "Noto-Sans" in fonts


def test_render_pdf_leaves_the_environment_as_it_was(demo_bulletin, demo_pdf, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    assert render(demo_bulletin, "pdf") == demo_pdf  # the bulletin's own date wins while rendering
    assert os.environ["SOURCE_DATE_EPOCH"] == "1"


def test_render_refuses_an_unknown_format(demo_bulletin):
    with pytest.raises(InvalidValue, match="use one of html, json, pdf"):
        render(demo_bulletin, "docx")


@pytest.mark.parametrize(("text", "html"), [
    ("Idlib", "Idlib"), ("<b>", "&lt;b&gt;"), ("حلب", '<span lang="ar" dir="rtl">حلب</span>'),
    ("Дума", '<span lang="ru">Дума</span>'),
])
def test_script_marks_the_language_of_names(text, html):
    assert str(script(text)) == html
