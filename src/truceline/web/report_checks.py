"""The report form's fields checked all at once, in words for the person filling it in.

The services check a report too (``reports/service.py`` with the API's ``ReportCreate``), but they stop at
the first problem and speak to developers ("casualties: killed_min 5 is above killed_max 2"). The form
checks first what it can tell from the fields alone: every missing or malformed value and every range,
each message tied to its field and translated through the catalogs. What only the services can tell (an
unknown party, a source that is not registered) still comes back from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from gettext import NullTranslations
from typing import Any

from truceline.reports.models import PlacePrecision, TimePrecision
from truceline.reports.taxonomy import EventType
from truceline.web.forms import CASUALTY_FIELDS, blank_to_none

RANGES = ("killed", "injured", "civilians_killed", "combatants_killed")


def field_labels(translations: NullTranslations) -> dict[str, str]:
    """What the summary calls each field (the label the form shows beside it)."""
    _ = translations.gettext
    return {"event_type": _("Event type"), "source": _("Source"), "text": _("What the source says"),
            "occurred_at": _("Occurred at"), "occurred_until": _("Until (for a period)"),
            "time_precision": _("Time precision"), "lat": _("Latitude"), "lon": _("Longitude"),
            "place_precision": _("Place precision"), "place_name": _("Place name"),
            "perpetrator": _("Alleged perpetrator"), "target": _("Target"),
            "killed_min": _("Killed"), "killed_max": _("Killed"), "injured_min": _("Injured"),
            "injured_max": _("Injured"), "civilians_killed_min": _("Civilians killed"),
            "civilians_killed_max": _("Civilians killed"), "combatants_killed_min": _("Combatants killed"),
            "combatants_killed_max": _("Combatants killed"), "credibility": _("Information credibility"),
            "release": _("Release level")}


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None  # NaN and infinities are no place


def _count(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def check_report_form(form: Mapping[str, Any], translations: NullTranslations, *,
                      needs_source: bool) -> dict[str, str]:
    """``{field: message}`` for every problem the fields show by themselves; empty when there is none."""
    _ = translations.gettext
    problems: dict[str, str] = {}

    def value(name: str) -> str | None:
        return blank_to_none(form, name)

    event_type = value("event_type")
    if event_type is None:
        problems["event_type"] = _("Choose what happened.")
    elif event_type not in {t.value for t in EventType}:
        problems["event_type"] = _("Choose one of the event types offered.")
    if needs_source and value("source") is None:
        problems["source"] = _("Choose the source of the claim.")

    start_text, end_text = value("occurred_at"), value("occurred_until")
    start = _moment(start_text) if start_text else None
    if start_text is None:
        problems["occurred_at"] = _("Give the date and time it happened (UTC).")
    elif start is None:
        problems["occurred_at"] = _("Write a date and time, for example 2017-10-21 05:30.")
    if end_text is not None:
        end = _moment(end_text)
        if end is None:
            problems["occurred_until"] = _("Write a date and time, for example 2017-10-21 05:30.")
        elif start is not None and end < start:
            problems["occurred_until"] = _("The end of the period is before its start.")
    for name, choices in (("time_precision", TimePrecision), ("place_precision", PlacePrecision)):
        chosen = value(name)
        if chosen is not None and chosen not in {c.value for c in choices}:
            problems[name] = _("Choose one of the precisions offered.")

    for name, limit in (("lat", 90), ("lon", 180)):
        text = value(name)
        if text is None:
            problems[name] = (_("Give the latitude, or click the map.") if name == "lat"
                              else _("Give the longitude, or click the map."))
            continue
        number = _number(text)
        if number is None:
            problems[name] = _("Write a number of degrees, for example 35.93.")
        elif not -limit <= number <= limit:
            problems[name] = (_("A latitude lies between -90 and 90 degrees.") if name == "lat"
                              else _("A longitude lies between -180 and 180 degrees."))

    for name in CASUALTY_FIELDS:
        text = value(name)
        if text is not None and _count(text) is None:
            problems[name] = _("Write a whole number, 0 or more, or leave it empty.")
    for prefix in RANGES:
        low, high = value(f"{prefix}_min"), value(f"{prefix}_max")
        if low and high and low.isdigit() and high.isdigit() and int(low) > int(high):
            problems[f"{prefix}_min"] = _("The lowest number is above the highest.")

    credibility = value("credibility")
    if credibility is not None and credibility not in {"1", "2", "3", "4", "5", "6"}:
        problems["credibility"] = _("Choose a credibility from 1 to 6.")
    return problems
