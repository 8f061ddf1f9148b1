"""Datelines and publication dates: ``MOSCOW, February 13. /TASS/.``, ``Moscow, SANA –``,
``MOSCOW (Sputnik) —``, ``BEIRUT, 5 March 2018 (AFP) -``, and garbled headers such as
``21:47 GMT +316 September 2017``. A date without a year takes the latest year that does not put it after
the document's reference date (feed date, URL date or file time)."""

from __future__ import annotations

import re
from datetime import date

from truceline.extract.models import Dateline

MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MON = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_PLACE = r"(?P<place>[A-Z][A-Za-z'’.-]+(?:[ -][A-Z][A-Za-z'’.-]+){0,3})"
_DASH = r"\s*[—–-]+\s*"
_DATE_MD = rf"(?P<mon>{_MON})\s+(?P<day>\d{{1,2}})(?:,?\s+(?P<year>\d{{4}}))?"
_DATE_DM = rf"(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MON})(?:,?\s+(?P<year2>\d{{4}}))?"
_PATTERNS = [
    # MOSCOW, February 13. /TASS/.   ASTANA, October 30./TASS/.
    re.compile(rf"^{_PLACE},\s+(?:{_DATE_MD}|{_DATE_DM})\.?\s*/(?P<outlet>[A-Za-z-]+)/\.?"),
    # BEIRUT, March 5, 2018 (AFP) -    GENEVA, 5 March 2018 (UN News) –
    re.compile(rf"^{_PLACE},\s+(?:{_DATE_MD}|{_DATE_DM})\s*\((?P<outlet>[^)]{{2,30}})\){_DASH}"),
    # MOSCOW (Sputnik) —   DAMASCUS (Reuters) -
    re.compile(rf"^{_PLACE}\s*\((?P<outlet>[^)]{{2,30}})\){_DASH}"),
    # Moscow, SANA –   Damascus, SANA-
    re.compile(rf"^{_PLACE},\s*(?P<outlet>[A-Z]{{2,10}}){_DASH}"),
    # GENEVA, 5 March 2018 –    NEW YORK, March 5 —   (press releases without outlet)
    re.compile(rf"^{_PLACE},\s+(?:{_DATE_MD}|{_DATE_DM}){_DASH}"),
]
# 21:47 GMT +316 September 2017: a time zone offset glued to the day.
_GARBLED = re.compile(rf"\b\d{{1,2}}:\d{{2}}\s*(?:GMT|UTC)\s*(?P<sign>[+-])(?P<digits>\d{{2,4}})\s*(?P<mon>{_MON})"
                      rf"\s+(?P<year>\d{{4}})\b")
_FULL_DATE = re.compile(rf"\b(?:{_DATE_MD}|{_DATE_DM})\b")
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_HEADER_LINES = 12


def find_dateline(text: str, *, reference_date: date | None) -> Dateline:
    """The dateline at the start of the story (searched in its first paragraphs), else the date in a
    header line; an empty ``Dateline`` when there is none."""
    offset = 0
    for n, line in enumerate(text.split("\n")):
        if n > 40:
            break
        stripped = line.lstrip()
        lead = offset + len(line) - len(stripped)
        for pattern in _PATTERNS:
            m = pattern.match(stripped)
            if m and m.group("place").lower() not in MONTHS:
                when = _date_from(m, reference_date) or header_date(text, reference_date=reference_date)
                outlet = m.groupdict().get("outlet")
                return Dateline(place=_tidy_place(m.group("place")), date=when,
                                outlet=outlet.strip() if outlet else None, start=lead, end=lead + m.end())
        offset += len(line) + 1
    return Dateline(date=header_date(text, reference_date=reference_date))


def header_date(text: str, *, reference_date: date | None) -> date | None:
    """A date stated in the first lines: a garbled GMT header, ``Date: 12 March 2018``, or an ISO date."""
    head = "\n".join(text.split("\n")[:_HEADER_LINES])
    m = _GARBLED.search(head)
    if m:
        day = _split_offset_day(m.group("digits"))
        if day:
            return _safe_date(int(m.group("year")), MONTHS[_month_key(m.group("mon"))], day)
    m2 = _ISO.search(head)
    if m2:
        return _safe_date(int(m2.group("y")), int(m2.group("m")), int(m2.group("d")))
    for m3 in _FULL_DATE.finditer(head):
        when = _date_from(m3, reference_date)
        if when and (m3.group("year") or m3.group("year2")):
            return when
    return None


def publication_date(dateline: Dateline, *, metadata_date: date | None) -> date | None:
    return dateline.date or metadata_date


def infer_year(month: int, day: int, *, reference_date: date | None) -> date | None:
    """The latest date with this month and day not after the reference date (news is published after
    what it reports, and a dateline is at most a few days before the feed or file date)."""
    if reference_date is None:
        return None
    for year in (reference_date.year, reference_date.year - 1):
        when = _safe_date(year, month, day)
        if when and when <= reference_date:
            return when
    return None


def _date_from(m: re.Match[str], reference_date: date | None) -> date | None:
    groups = m.groupdict()
    mon = groups.get("mon") or groups.get("mon2")
    day = groups.get("day") or groups.get("day2")
    if not mon or not day:
        return None
    year = groups.get("year") or groups.get("year2")
    month = MONTHS[_month_key(mon)]
    if year:
        return _safe_date(int(year), month, int(day))
    return infer_year(month, int(day), reference_date=reference_date)


def _split_offset_day(digits: str) -> int | None:
    """``316`` after ``GMT +`` is offset 3 and day 16: the day takes two digits when it can."""
    for day_len in (2, 1):
        if len(digits) <= day_len:
            continue
        offset, day = int(digits[:-day_len]), int(digits[-day_len:])
        if offset <= 14 and 1 <= day <= 31:
            return day
    return None


def _month_key(mon: str) -> str:
    key = mon.lower().rstrip(".")
    return key if key in MONTHS else key[:3]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _tidy_place(place: str) -> str:
    return place.title() if place.isupper() else place
