"""The pages' language: gettext message catalogs (Babel), the reader's choice, right-to-left scripts.

* Catalogs: ``web/locale/<lang>/LC_MESSAGES/messages.po``, extracted from the templates and the web
  modules into ``web/locale/messages.pot`` (docs/web.md gives the commands). They are read as ``.po`` at
  first use and compiled in memory, so a wheel needs no build step; fuzzy entries are left out (the
  English text shows instead).
* The language of a request: the ``lang`` query parameter, else the ``truceline_lang`` cookie (which
  :class:`LanguageCookie` sets whenever a page is asked for with ``?lang=``), else the best of the
  browser's ``Accept-Language``, else English.
* Templates call ``_()``, ``ngettext()`` and ``pgettext()`` as usual; the functions read the language
  from the template's ``lang`` (``pages.page_context`` puts it there), so one Jinja environment serves
  every language and every request. ``label(kind, value)`` names an enum value (``web/labels.py``),
  ``labelled(kind, options)`` the options of a select, and ``counted(name)`` gives a script a count's
  plural forms (``{{ counted('polygons') | tojson }}``).
"""

from __future__ import annotations

import gettext as gettext_module
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LANGUAGES: dict[str, str] = {"en": "English", "ar": "العربية", "ru": "Русский"}  # each in its own language
DEFAULT_LANGUAGE = "en"
RTL = frozenset({"ar", "fa", "he", "ur"})
COOKIE = "truceline_lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
KEYWORDS = {"P_": ((1, "c"), 2), "NP_": (1, 2)}  # extraction keywords besides Babel's defaults (``web/labels.py``)
NOT_PAGES = ("/api/", "/ogc", "/static/")


def parse_accept_language(header: str | None) -> list[str]:
    """Language tags of an ``Accept-Language`` header, most wanted first (``q=0`` dropped)."""
    wanted = []
    for n, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and q > 0:
            wanted.append((-q, n, tag.strip().lower()))
    return [tag for _q, _n, tag in sorted(wanted)]


def supported(code: str | None) -> str | None:
    """The supported language a tag names (``ru-RU`` is ``ru``), or None."""
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGUAGES else None


def choose_language(*, query: str | None = None, cookie: str | None = None, accept: str | None = None) -> str:
    for choice in (query, cookie):
        if supported(choice):
            return supported(choice) or DEFAULT_LANGUAGE
    for tag in parse_accept_language(accept):
        if tag == "*":
            break
        if supported(tag):
            return supported(tag) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def request_language(request: Request) -> str:
    return choose_language(query=request.query_params.get("lang"), cookie=request.cookies.get(COOKIE),
                           accept=request.headers.get("accept-language"))


def text_direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translator(lang: str) -> gettext_module.NullTranslations:
    """The translations of ``lang`` (English, or an unknown language, translates nothing)."""
    path = catalog_path(lang)
    if lang == DEFAULT_LANGUAGE or lang not in LANGUAGES or not path.exists():
        return gettext_module.NullTranslations()
    with path.open("rb") as fp:
        catalog = read_po(fp, locale=lang, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


def _lang(context: Context) -> str:
    return str(context.get("lang") or DEFAULT_LANGUAGE)


@pass_context
def _gettext(context: Context, message: str) -> str:
    return translator(_lang(context)).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return translator(_lang(context)).ngettext(singular, plural, n)


@pass_context
def _pgettext(context: Context, msgctxt: str, message: str) -> str:
    return translator(_lang(context)).pgettext(msgctxt, message)


@pass_context
def _npgettext(context: Context, msgctxt: str, singular: str, plural: str, n: int) -> str:
    return translator(_lang(context)).npgettext(msgctxt, singular, plural, n)


@pass_context
def _label(context: Context, kind: str, value: Any) -> str:
    from truceline.web.labels import label

    return label(translator(_lang(context)), kind, value)


@pass_context
def _labelled(context: Context, kind: str, options: Any) -> list[tuple[str, str]]:
    from truceline.web.labels import labelled

    return labelled(translator(_lang(context)), kind, options)


@pass_context
def _counted(context: Context, name: str) -> dict[str, str]:
    from truceline.web.labels import COUNTED, plural_forms

    return plural_forms(translator(_lang(context)), _lang(context), COUNTED[name])


@pass_context
def _reason(context: Context, reason: str) -> str:
    from truceline.web.reasons import reason_text

    return reason_text(translator(_lang(context)), reason)


@pass_context
def _day(context: Context, value: date | None, pattern: str = "d MMM") -> str:
    """A day written in the page's language (month names included): ``{{ r.starts_on | day }}``."""
    if value is None:
        return ""
    return format_date(value, pattern, locale=_lang(context))


def lang_url(request: Request, code: str) -> str:
    """This page's address in language ``code`` (its other query parameters kept)."""
    url = request.url.include_query_params(lang=code)
    return f"{url.path}?{url.query}"


def install(env: Environment) -> None:
    """Give ``env`` the per-request gettext functions, ``label``, ``labelled``, ``counted``, ``reason`` (an
    agreement-check reason), the language list, ``lang_url`` and the ``day`` filter."""
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext, newstyle=True)
    env.globals.update(label=_label, labelled=_labelled, counted=_counted, reason=_reason, languages=LANGUAGES,
                       lang_url=lang_url, text_direction=text_direction)
    env.filters["day"] = _day


class LanguageCookie:
    """ASGI middleware: a page asked for with a supported ``?lang=`` remembers it in a cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        chosen = None
        if scope["type"] == "http" and not str(scope.get("path", "")).startswith(NOT_PAGES):
            chosen = supported(Request(scope).query_params.get("lang"))
        if chosen is None:
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append(
                    "set-cookie", f"{COOKIE}={chosen}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax")
            await send(message)

        await self.app(scope, receive, send_with_cookie)
