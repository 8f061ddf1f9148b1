"""Dates in the text, resolved against the dateline: "on Saturday", "on Thursday and Friday",
"since the start of May", "on December 29", "February 15-16", "last week", "yesterday".

A weekday is the latest such day on or before the dateline (news tells of the past); a month and day
without year is the latest one not after the dateline, unless the same day ahead is nearer and within
45 days (meetings are announced ahead); a month alone is in the dateline's year unless that
puts it after the dateline. Absolute dates are parsed by dateparser."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from truceline.extract.dateline import MONTHS, infer_year
from truceline.extract.models import DateMention

FUTURE_DAYS = 45  # a month and day ahead of the dateline within this many days is an announced date
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
       r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("md_range", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<d1>\d{{1,2}})\s*[-–]\s*(?P<d2>\d{{1,2}})\b(?:,?\s+(?P<y>\d{{4}}))?")),  # noqa: E501
    ("dm_range", re.compile(rf"\b(?P<d1>\d{{1,2}})\s*[-–]\s*(?P<d2>\d{{1,2}})\s+(?P<mon>{_MON})\b(?:,?\s+(?P<y>\d{{4}}))?")),  # noqa: E501
    ("md", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}}))?")),
    ("dm", re.compile(rf"\b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON})\b(?:,?\s+(?P<y>\d{{4}}))?")),
    ("since_month", re.compile(rf"\bsince (?:the (?:start|beginning) of |early |mid-?|late )?(?P<mon>{_MON})\b(?:\s+(?P<y>\d{{4}}))?")),  # noqa: E501
    ("wd_pair", re.compile(rf"\b(?:on |last )?(?P<w1>{_WD})\s+(?:and|or|to|through)\s+(?P<w2>{_WD})\b")),
    ("wd", re.compile(rf"\b(?:on |last |late |early |this )?(?P<w1>{_WD})(?:\s+(?:morning|afternoon|evening|night))?\b")),  # noqa: E501
    ("in_month", re.compile(rf"\b(?:in|during|since|early|late|mid-?)\s+(?P<mon>{_MON})\b(?:\s+(?P<y>\d{{4}}))?")),
    ("relative", re.compile(r"\b(?P<rel>yesterday|today|tonight|last night|this morning|last week|earlier this week|"
                            r"the day before yesterday)\b", re.I)),
]
_REL_DAYS = {"yesterday": (1, 1, "day"), "today": (0, 0, "day"), "tonight": (0, 0, "day"),
             "last night": (1, 0, "days"), "this morning": (0, 0, "day"), "the day before yesterday": (2, 2, "day"),
             "last week": (13, 7, "days"), "earlier this week": (6, 1, "days")}


def find_dates(text: str, *, anchor: date | None) -> list[DateMention]:
    """Every resolvable date expression, in order, without overlaps (longer patterns win)."""
    if anchor is None:
        return []
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            mention = _resolve(kind, m, anchor)
            if mention is not None:
                taken.append((m.start(), m.end()))
                out.append(mention)
    return sorted(out, key=lambda d: d.start)


def last_weekday(name: str, *, anchor: date) -> date:
    back = (anchor.weekday() - WEEKDAYS.index(name.lower())) % 7
    return anchor - timedelta(days=back)


def _resolve(kind: str, m: re.Match[str], anchor: date) -> DateMention | None:
    g = m.groupdict()
    text, start, end = m.group(0), m.start(), m.end()
    if kind in ("md_range", "dm_range"):
        first = _month_day(g["mon"], int(g["d1"]), g.get("y"), anchor)
        last = _month_day(g["mon"], int(g["d2"]), g.get("y"), anchor) if first else None
        if first and last and last < first:
            last = None
        if first is None:
            return None
        return DateMention(text, first, last, "days" if last else "day", start, end)
    if kind in ("md", "dm"):
        day = _absolute(text) if g.get("y") else _month_day(g["mon"], int(g["d1"]), None, anchor)
        return DateMention(text, day, None, "day", start, end) if day else None
    if kind == "wd_pair":
        first, last = last_weekday(g["w1"], anchor=anchor), last_weekday(g["w2"], anchor=anchor)
        if last < first:
            first -= timedelta(days=7)
        return DateMention(text, first, last, "days", start, end)
    if kind == "wd":
        return DateMention(text, last_weekday(g["w1"], anchor=anchor), None, "day", start, end)
    if kind in ("since_month", "in_month"):
        month = MONTHS[_mon_key(g["mon"])]
        year = int(g["y"]) if g.get("y") else (anchor.year if month <= anchor.month else anchor.year - 1)
        first = date(year, month, 1)
        if kind == "since_month":
            return DateMention(text, first, anchor, "month", start, end)
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        return DateMention(text, first, min(last, anchor) if last > anchor else last, "month", start, end)
    back_first, back_last, precision = _REL_DAYS[g["rel"].lower()]
    first, last = anchor - timedelta(days=back_first), anchor - timedelta(days=back_last)
    return DateMention(text, first, last if last != first else None, precision, start, end)


def _month_day(mon: str, day: int, year: str | None, anchor: date) -> date | None:
    month = MONTHS[_mon_key(mon)]
    if year:
        try:
            return date(int(year), month, day)
        except ValueError:
            return None
    past = infer_year(month, day, reference_date=anchor)
    future = next((d for d in (_safe(anchor.year, month, day), _safe(anchor.year + 1, month, day))
                   if d and d > anchor), None)
    if future and (future - anchor).days <= FUTURE_DAYS and (past is None or (future - anchor) < (anchor - past)):
        return future
    return past


@lru_cache(maxsize=4096)
def _absolute(expression: str) -> date | None:
    import dateparser

    parsed = dateparser.parse(expression, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _mon_key(mon: str) -> str:
    key = mon.lower().rstrip(".")
    return key if key in MONTHS else key[:3]
