"""A bulletin as HTML, JSON or PDF bytes; the same bulletin always gives the same bytes.

* JSON: the canonical JSON of ``codec.dumps`` (sorted keys, fixed separators), what the hash covers.
* HTML: the Jinja2 template ``templates/bulletin.html``; every input is sorted, no clock is read.
* PDF: WeasyPrint from that HTML, with the creation and modification dates set to the bulletin's issue
  time and the PDF file identifier derived from its content hash, so no run-dependent value enters the file.
  Fonts: Noto Sans, Noto Naskh Arabic for ``:lang(ar)`` (Debian ``fonts-noto-core``), DejaVu as fallback.
  The same bytes need the same fonts and WeasyPrint version.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from truceline.bulletins.codec import dumps
from truceline.bulletins.models import Bulletin
from truceline.errors import InvalidValue, RenderUnavailable
from truceline.incidents.models import Position

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def script(text: object) -> Markup:
    """Mark text written in Arabic or Cyrillic with its language, so the right font and direction apply."""
    value = str(text)
    if ARABIC.search(value):
        return Markup('<span lang="ar" dir="rtl">{}</span>').format(value)
    if CYRILLIC.search(value):
        return Markup('<span lang="ru">{}</span>').format(value)
    return escape(value)


def label(value: object) -> str:
    return str(value).replace("_", " ")


POSITION_PHRASES = {"confirms": "confirmed by", "disputes": "disputed by", "does_not_confirm": "not confirmed by",
                    "no_answer": "no answer yet from"}


def position_phrase(position: object) -> str:
    """The phrase of a position, as in "reported by A: 3; confirmed by B: 2"."""
    return POSITION_PHRASES.get(str(position), f"{label(position)} by")


def css_string(value: object) -> Markup:
    """Text safe inside a CSS string in a ``<style>`` element."""
    out = "".join(ch if ch.isalnum() or ch in " .,:;-_()/+#·–" else f"\\{ord(ch):x} " for ch in str(value))
    return Markup(out)


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("truceline.bulletins", "templates"),
                      autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(script=script, label=label, css_string=css_string, position_phrase=position_phrase)
    return env


_ENV = _environment()


def render_html(bulletin: Bulletin) -> str:
    period = bulletin.period
    title = f"{period.kind.capitalize()} bulletin {period.start.isoformat()} to {period.end.isoformat()}"
    return _ENV.get_template("bulletin.html").render(
        b=bulletin, title=title, prev=period.previous(), positions=[str(p) for p in Position],
        issued=bulletin.issued_at.strftime("%Y-%m-%dT%H:%M:%SZ"))


@contextmanager
def _source_date_epoch(at: datetime) -> Iterator[None]:
    """Font subsetting (fontTools) stamps each embedded font with the current time unless
    ``SOURCE_DATE_EPOCH`` is set: set it to ``at`` while rendering (not thread-safe: one render at a time)."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(at.timestamp()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def render_pdf(bulletin: Bulletin) -> bytes:
    try:
        with warnings.catch_warnings():  # without libharfbuzz-subset WeasyPrint warns of a future requirement
            warnings.simplefilter("ignore", DeprecationWarning)
            from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango missing
        raise RenderUnavailable(f"PDF rendering needs WeasyPrint and Pango: {exc}") from exc
    identifier = bulletin.content_hash[:32].encode("ascii") or b"0" * 32
    with _source_date_epoch(bulletin.issued_at):
        pdf = HTML(string=render_html(bulletin)).write_pdf(pdf_identifier=identifier)
    assert pdf is not None
    return bytes(pdf)


RENDERERS: dict[str, Callable[[Bulletin], bytes]] = {
    "json": dumps,
    "html": lambda b: render_html(b).encode("utf-8"),
    "pdf": render_pdf,
}


def render(bulletin: Bulletin, fmt: str) -> bytes:
    """The bulletin in format ``fmt`` (one of ``RENDERERS``)."""
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise InvalidValue(f"unknown bulletin format {fmt!r}: use one of {', '.join(sorted(RENDERERS))}",
                           details=[{"field": "format", "value": fmt}])
    return renderer(bulletin)
