"""Message catalogs: every UI string is in them, translations keep their placeholders, the language is
chosen from the query, the cookie and Accept-Language, and pages render in Arabic (right to left) and
Russian."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from tests.persons.conftest import api_app  # noqa: F401 - the fixture (parties, one account per role)
from tests.persons.lists import LIST_A
from tests.web.test_pages import HTML, site  # noqa: F401 - the fixture
from tests.web.test_person_pages import browser
from truceline.accessions.models import Step
from truceline.agreements.models import TERM_FIELDS, AgreementKind, ProvisionType
from truceline.audit.models import Action
from truceline.dashboard.models import Bucket, Dashboard, Granularity, ZoneCoverage, ZoneSeries
from truceline.ingest.models import OriginKind, StatementStatus
from truceline.persons.models import ListKind
from truceline.persons.operation_models import OperationStatus, Outcome
from truceline.persons.review_models import Review
from truceline.posts.models import PostKind
from truceline.registry.models import PartyKind, Relation, Script
from truceline.reports.models import ReportStatus
from truceline.talks.models import GroupLevel, Standing, TalksStatus
from truceline.web import i18n
from truceline.web.dashboard_view import dashboard_view
from truceline.web.labels import VALUES, label, labelled, map_labels, plural_forms
from truceline.zones.models import ZoneKind

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


# Pages whose every string Arabic and Russian must translate; strings of other pages may wait, untranslated,
# in the catalogs (they show in English) until a translator comes.
TRANSLATED = {"base.html", "_languages.html", "map.html", "incident.html", "dashboard.html", "error.html", "login.html",
              "report_form.html", "labels.py", "reasons.py", "report_checks.py", "dashboard_view.py",
              "review_statements.html", "statement_pages.py", "persons.html", "person_list.html",
              "person_matches.html", "person_operations.html", "person_operation.html",
              "my_reports.html", "review.html", "review_detail.html", "document.html", "documents.html",
              # the registers (templates/registers/)
              "_layout.html", "_macros.html", "_chart.html", "_boundary_fields.html", "index.html",
              "parties.html", "party.html", "party_form.html", "agreements.html", "agreement.html",
              "agreement_form.html", "amendment_form.html", "accessions.html", "accession.html",
              "accession_form.html", "zones.html", "zone.html", "zone_form.html", "boundary_form.html",
              "posts.html", "post.html", "post_form.html", "talks.html", "talks_round.html", "talks_form.html"}


def _extract() -> list[tuple[str, str | None, str]]:
    """(file name, context, msgid) of every UI string, extracted as `make messages` does."""
    with (ROOT / "babel.cfg").open() as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    return [(Path(file).name, ctx, msgid[0] if isinstance(msgid, tuple) else msgid)
            for file, _line, msgid, _comments, ctx in extract_from_dir(
                str(ROOT), method_map, options_map, keywords={**DEFAULT_KEYWORDS, **i18n.KEYWORDS})]


def _ids(messages) -> set[tuple[str | None, str]]:
    return {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in messages if m.id}


def _catalog(lang: str | None):
    path = i18n.LOCALE_DIR / "messages.pot" if lang is None else i18n.catalog_path(lang)
    with path.open("rb") as fp:
        return read_po(fp, locale=lang)


def test_every_ui_string_is_in_the_catalogs():
    """Extract the templates and web modules as `make messages` does and compare with the committed files."""
    found = {(ctx, msgid) for _file, ctx, msgid in _extract()}
    assert ("event_type", "air strike") in found and (None, "Dashboard") in found and len(found) > 120
    template = _ids(_catalog(None))
    assert found - template == set(), "run `make messages` and translate the new strings"
    assert template - found == set(), "run `make messages`: the template lists strings no longer used"
    for lang in i18n.LANGUAGES:
        assert _ids(_catalog(lang)) == template, f"{lang}: run `make messages`"


@pytest.mark.parametrize("lang", ["ar", "ru"])
def test_translated_pages_are_complete_and_translations_keep_their_placeholders(lang):
    catalog = _catalog(lang)
    must = {(ctx, msgid) for file, ctx, msgid in _extract() if file in TRANSLATED}
    assert len(must) > 120
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if (message.context, ids[0]) in must:
            assert all(strings), f"{lang}: {message.id!r} is not translated"
        allowed = {name for text in ids for name in PLACEHOLDER.findall(text)}
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= allowed, f"{lang}: {message.id!r} -> {text!r}"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert len(fuzzy) < 10  # the few we are unsure of, shown in English until someone checks them


def test_fuzzy_translations_are_not_used(tmp_path, monkeypatch):
    """A translation still marked fuzzy waits for a translator: the English text shows meanwhile."""
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Dashboard"\nmsgstr "لوحة المعلومات"\n\n#, fuzzy\nmsgid "checked for"\nmsgstr "تاريخ التحقق"\n',
        encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translator.cache_clear()
    try:
        assert i18n.translator("ar").gettext("checked for") == "checked for"
        assert i18n.translator("ar").gettext("Dashboard") == "لوحة المعلومات"
    finally:
        monkeypatch.undo()
        i18n.translator.cache_clear()  # the real catalogs again for the other tests


@pytest.mark.parametrize(("header", "wanted"), [
    ("ru-RU,ru;q=0.9,en;q=0.8", ["ru-ru", "ru", "en"]),
    ("en;q=0.2, ar;q=0.9, fr", ["fr", "ar", "en"]),
    ("de;q=0, ar;q=bad", []),
    ("", []),
    (None, []),
])
def test_parse_accept_language_orders_by_quality(header, wanted):
    assert i18n.parse_accept_language(header) == wanted


@pytest.mark.parametrize(("query", "cookie", "accept", "lang"), [
    ("ar", "ru", "en", "ar"),
    (None, "ru", "ar", "ru"),
    ("xx", None, "de-DE, ru;q=0.5", "ru"),
    (None, None, "de, *;q=0.5", "en"),
    (None, "AR", None, "ar"),
    (None, None, None, "en"),
])
def test_choose_language_query_then_cookie_then_browser(query, cookie, accept, lang):
    assert i18n.choose_language(query=query, cookie=cookie, accept=accept) == lang


def test_labels_take_their_context_and_plural_forms():
    ru = i18n.translator("ru")
    assert label(ru, "zone_status", "proposed") == "предложена" and label(ru, "post_state", "proposed") == "предложен"
    assert label(ru, "event_type", "air_strike") == "авиаудар"
    assert label(ru, "nothing_known", "odd_value") == "odd value"
    assert plural_forms(ru, "ru", ("%(num)s zone", "%(num)s zones")) == {
        "one": "{n} зона", "few": "{n} зоны", "many": "{n} зон"}
    ar = plural_forms(i18n.translator("ar"), "ar", ("%(num)s incident", "%(num)s incidents"))
    assert set(ar) == {"zero", "one", "two", "few", "many", "other"} and ar["two"] == "حادثتان"
    en = map_labels(i18n.translator("en"), "en")
    assert en["zones"] == {"one": "{n} zone", "other": "{n} zones"}
    assert en["values"]["grade"]["ungraded"] == "not graded"


def test_map_page_in_arabic_reads_right_to_left(site):  # noqa: F811
    r = site.get("/?lang=ar", headers=HTML)
    assert r.status_code == 200
    assert '<html lang="ar" dir="rtl">' in r.text
    assert "مرشحات الخريطة" in r.text and "غارة جوية" in r.text  # the filters, an event type
    config = json.loads(html.unescape(re.search(r"data-config='([^']*)'", r.text).group(1)))
    labels = config["labels"]  # what the map's script writes
    assert labels["loading"] == "جارٍ التحميل…" and labels["values"]["zone_status"]["active"] == "سارية"
    assert labels["incidents"]["two"] == "حادثتان"
    assert "truceline_lang=ar" in r.headers["set-cookie"]
    again = site.get("/", headers=HTML)  # the client keeps the cookie
    assert '<html lang="ar" dir="rtl">' in again.text


def test_map_page_in_russian_from_the_browser_language(site):  # noqa: F811
    r = site.get("/", headers={**HTML, "accept-language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert '<html lang="ru" dir="ltr">' in r.text and "Фильтры карты" in r.text and "авиаудар" in r.text
    assert "set-cookie" not in r.headers  # a browser's own language is not remembered, a choice is


def test_language_switcher_links_keep_the_page_and_its_query(site):  # noqa: F811
    r = site.get("/incidents/pub-idlib?lang=ru", headers=HTML)
    assert 'href="/incidents/pub-idlib?lang=ar"' in r.text and 'aria-current="true">Русский' in r.text
    assert "Действующее соглашение" in r.text and "подтверждён" in r.text


def test_api_requests_do_not_set_the_language_cookie(site):  # noqa: F811
    r = site.get("/api/v1/health?lang=ar")
    assert "set-cookie" not in r.headers


def test_parties_register_in_arabic_isolates_aliases_and_dates(site):  # noqa: F811
    page = site.get("/registers/parties?lang=ar", headers=HTML).text
    assert '<li dir="auto" lang="en">Russian Federation</li><li dir="auto" lang="ru">Rossiya</li>' in page
    assert "</bdi>, <bdi" not in page  # no comma between isolated names to land on the wrong side
    assert '<span dir="ltr" class="nowrap">2011-07-29 – </span>' in page  # the Free Syrian Army's start


def test_talks_timeline_in_arabic_writes_isolated_days_with_arabic_months(site):  # noqa: F811
    page = site.get("/registers/talks?lang=ar", headers=HTML).text
    assert '<bdi><time datetime="2017-01-23">23 يناير</time></bdi> – <bdi><time datetime="2017-01-24">' in page
    assert "Jan" not in page


def test_register_macros_speak_the_page_language(site):  # noqa: F811
    """Macros imported from other templates (the accessions chart, the register helpers) see the page's
    language: imported without context they would fall back to English."""
    page = site.get("/registers/accessions?lang=ru", headers=HTML).text
    assert "Числа в виде таблицы" in page
    assert "The counts as a table" not in page


@pytest.mark.parametrize(("kind", "values"), [
    ("party_kind", PartyKind), ("relation", Relation), ("script", Script), ("agreement_kind", AgreementKind),
    ("provision_type", ProvisionType), ("agreement_term", TERM_FIELDS), ("zone_kind", ZoneKind),
    ("post_kind", PostKind), ("talks_status", TalksStatus), ("standing", Standing), ("group_level", GroupLevel),
    ("change", Action),
    ("origin", OriginKind), ("report_status", ReportStatus), ("statement_status", StatementStatus),
    ("list_kind", ListKind), ("pair_review", Review), ("operation_status", OperationStatus), ("outcome", Outcome),
])
def test_every_value_the_pages_show_has_a_label(kind, values):
    assert set(VALUES[kind]) == {str(getattr(v, "value", v)) for v in values}


def test_labelled_names_the_options_of_a_select():
    ru = i18n.translator("ru")
    assert labelled(ru, "post_state", [("agreed", "agreed"), ("withdrawn", "withdrawn")]) == [
        ("agreed", "согласован"), ("withdrawn", "снят")]
    assert labelled(ru, "zone_kind", [ZoneKind.buffer_zone]) == [("buffer_zone", "буферная зона")]
    assert labelled(ru, "step", [Step.week]) == [("week", "week")]  # no label: the value as written


@pytest.mark.parametrize(("path", "shown", "raw"), [
    ("/registers/parties?lang=ru", ["<td>вооружённая группа</td>", "<td>гарант</td>", "при поддержке <a"],
     ["armed group", "supported by", ">guarantor<"]),
    ("/registers/parties/hts?lang=ar", ['<span class="badge">جماعة مستثناة</span>', "<td>العربية</td>"],
     ["excluded group", "<td>arabic</td>", "<td>latin</td>"]),
    ("/registers/agreements?lang=ar", ["<td>مذكرة</td>", "<td>وقف إطلاق النار</td>"], ["<td>memorandum</td>"]),
    ("/registers/agreements/astana-memorandum-2017-05-04?lang=ru",
     ['<span class="badge">меморандум</span>', "<td>гуманитарный доступ</td>"], ["<td>humanitarian access</td>"]),
    ("/registers/zones?lang=ar", ["<td>منطقة خفض التصعيد</td>", '<span class="status status-active">سارية</span>',
                                  '<option value="buffer_zone" >منطقة عازلة</option>'],
     ["de escalation zone", ">active<", "buffer zone"]),
    ("/registers/zones/idlib?lang=ru", ['<span class="badge">зона деэскалации</span>', ">предложена</span>"],
     [">proposed<"]),
    ("/registers/posts?lang=ru", ["<td>контрольно-пропускной пункт</td>", "Развёрнут <small>",
                                  '<option value="withdrawn" >снят</option>'], ["Deployed", ">checkpoint<"]),
    ("/registers/posts/salwa-observation-post?lang=ar",
     ['<span class="badge state-deployed">منتشرة</span>', "<strong>متفق عليها</strong>", "<dd>نقطة مراقبة</dd>"],
     ["<strong>agreed</strong>", "observation post</dd>"]),
    ("/registers/talks?lang=ru", ['<span class="badge talks-held">состоялся</span>', "<small>(гарант)</small>",
                                  ">Астана #1</span>"], [">held<", "(guarantor)", ">astana"]),
])
def test_register_pages_name_kinds_states_and_statuses_in_the_page_language(site, path, shown, raw):  # noqa: F811
    page = site.get(path, headers=HTML).text
    for text in shown:
        assert text in page, text
    for text in raw:
        assert text not in page, text


@pytest.mark.parametrize(("path", "count"), [
    ("/registers/parties?kind=guarantor&lang=ru", "3 стороны"),  # a plural form of its own for 2-4
    ("/registers/parties?kind=mediator&lang=ar", "طرف واحد"),  # one: no number
    ("/registers/agreements?kind=memorandum&lang=ru", "1 соглашение"),
    ("/registers/accessions?agreement=ceasefire-2016-12-29&lang=ar", "7 حالات انضمام"),  # 3-10
    ("/registers/zones?lang=ar", "4 مناطق"),
    ("/registers/posts?state=withdrawn&lang=ru", "1 пост"),
])
def test_register_counts_agree_with_their_number(site, path, count):  # noqa: F811
    page = site.get(path, headers=HTML).text
    assert re.search(r'<p class="count-line" role="status">(.*?)(?: · |</p>)', page).group(1) == count


def test_accession_chart_counts_groups_and_settlements_in_russian(site):  # noqa: F811
    page = site.get("/registers/accessions?lang=ru", headers=HTML).text
    groups, settlements = re.search(r"(\d+ групп[аы]?), (\d+ населённ(?:ый пункт|ых пункта|ых пунктов))",
                                    page).groups()
    for text, forms in ((groups, ("группа", "группы", "групп")),
                        (settlements, ("населённый пункт", "населённых пункта", "населённых пунктов"))):
        n = int(text.split()[0])
        form = 0 if n % 10 == 1 and n % 100 != 11 else 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2
        assert text == f"{n} {forms[form]}"


def _notes(page: str) -> list[str]:
    return re.findall(r'<p class="note">([^<]*)</p>', page)


@pytest.mark.parametrize(("period", "lang", "shown"), [
    # the days of the period govern the noun: 21 takes the Russian singular genitive, 5 the plural
    ("from=2017-10-01&to=2017-10-21", "ru", ["наблюдение 9 из 21 дня", "Наблюдение велось 9 из 21 дня;",
                                             "1 инцидент с 2017-10-01 по 2017-10-21."]),
    ("from=2017-10-01&to=2017-10-05", "ru", ["наблюдение 5 из 5 дней", "0 инцидентов с 2017-10-01 по 2017-10-05."]),
    ("from=2017-10-01&to=2017-10-02", "ar", ["مراقَبة 2 من أصل يومين", "رُوقبت 2 من أصل يومين؛"]),  # the dual
])
def test_dashboard_days_observed_agree_with_the_number_of_days(site, period, lang, shown):  # noqa: F811
    page = site.get(f"/dashboard?{period}&lang={lang}", headers=HTML).text
    for text in shown:
        assert text in page, (text, _notes(page))


@pytest.mark.parametrize(("total", "text"), [
    (21, "Idlib: 21 инцидент."), (22, "Idlib: 22 инцидента."), (5, "Idlib: 5 инцидентов.")])
def test_dashboard_zone_description_counts_incidents_in_russian(total, text):
    start = date(2017, 10, 1)
    buckets = tuple(Bucket(start + timedelta(days=i), start + timedelta(days=i + 1)) for i in range(31))
    counts = (total, *([0] * 30))
    zone = ZoneSeries(key="idlib", name="Idlib", counts=counts,
                      coverage=ZoneCoverage(observed_days=31, total_days=31, posts=2, observed=(1.0,) * 31))
    board = Dashboard(start=start, end=date(2017, 10, 31), zone=None, granularity=Granularity.day, buckets=buckets,
                      per_bucket=counts, zones=(zone,), by_type=(), by_party=(), by_grade=(), by_scope=(),
                      everything=True)
    view = dashboard_view(board, i18n.translator("ru"), "ru", grade_colours={})
    [chart] = view.zones
    assert chart.desc.startswith(text) and "из 31 дня" in chart.desc and chart.note == "наблюдение 31 из 31 дня"
    assert view.per_bucket.desc.startswith(text.split(": ")[1].rstrip(".") + " с 2017-10-01 по 2017-10-31.")


@pytest.fixture
def person_app(api_app):  # noqa: F811
    from truceline.accounts.passwords import fast_passwords

    api_app.state.passwords = fast_passwords()
    return api_app


def test_person_pages_in_russian_count_records_and_minutes(person_app):
    """The notice after an upload counts the list's records, the operation page its minutes, in Russian."""
    amal, csrf = browser(person_app, "amal")
    rows = "".join(f"A-{i},Name{i} Family{i},,,,,1980,Douma,\n" for i in range(4, 22)).encode()
    r = amal.post("/persons/upload", data={"csrf_token": csrf, "party": "jaysh-al-islam", "kind": "detained",
                                           "submitted_on": "2017-10-01"},
                  files={"file": ("list.csv", LIST_A + rows, "text/csv")})
    notice = amal.get(r.headers["location"] + "&lang=ru").text
    assert "Список jaysh-al-islam-detained-2017-10-01 сохранён: 21 запись." in notice
    token = {"Authorization": f"Bearer {person_app.state.test_tokens['amal']}"}
    body = {"name": "Exchange at Wafideen", "parties": ["syria-government", "jaysh-al-islam"], "intermediary": "ICRC",
            "tolerance_minutes": 15,
            "batches": [{"persons": [{"list_key": "jaysh-al-islam-detained-2017-10-01", "ref": "A-1"}]}]}
    api = TestClient(person_app)
    assert api.post("/api/v1/exchange-operations", json=body, headers=token).status_code == 201
    for party, at in (("jaysh-al-islam", "2017-10-30T12:00:00Z"), ("syria-government", "2017-10-30T12:40:30Z")):
        api.post("/api/v1/exchange-operations/1/batches/1/releases", json={"party": party, "released_at": at},
                 headers=token)
    page = amal.get("/persons/operations/exchange-1", params={"lang": "ru"}).text
    # a whole number of minutes takes its plural form, a fraction the unit's abbreviation
    assert "<dd>15 минут</dd>" in page and "разрыв 40.5 мин" in page and " min" not in page
    page = amal.get("/persons/operations/exchange-1", params={"lang": "ar"}).text
    assert "<dd>15 دقيقة</dd>" in page and "الفارق 40.5 دقيقة" in page
