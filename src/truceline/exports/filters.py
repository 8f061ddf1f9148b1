"""The map's filters as the CLI and the routes receive them (text), turned into a checked query.

Incidents: ``from``, ``to`` (time overlap), ``zone``, ``type``, ``party`` (perpetrator or target), ``grade``,
``status``, ``scope``, ``bbox``, ``published``. Reports: ``from``, ``to`` (claimed time overlap), ``type``,
``status``, ``source``, ``incident``, ``bbox``. A filter given for the other kind is refused (``E756``); a
value that cannot be read is refused (``E757``) with what it should be.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any, TypeVar

from truceline.errors import FilterNotSupported, InputError, InvalidFilter
from truceline.exports.models import RecordKind
from truceline.geo.geometry import BBox, parse_bbox
from truceline.incidents.models import Grade, IncidentQuery, IncidentStatus, Scope
from truceline.reports.models import ReportQuery, ReportStatus
from truceline.reports.taxonomy import EventType

E = TypeVar("E", bound=StrEnum)

FILTERS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.incidents: ("from", "to", "zone", "type", "party", "grade", "status", "scope", "bbox", "published"),
    RecordKind.reports: ("from", "to", "type", "status", "source", "incident", "bbox"),
}


def parse_moment(text: str, *, field: str, end: bool = False) -> datetime:
    """An ISO 8601 date or date-time (UTC when no zone is given); a bare date as ``to`` means the end of
    that day."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max if end else time.min, tzinfo=UTC)
        at = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidFilter(f"{field} {text!r} is not an ISO 8601 date (YYYY-MM-DD) or date-time",
                            details=[{"field": field, "value": text}]) from exc
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def parse_choice(text: str, enum: type[E], *, field: str) -> E:
    try:
        return enum(text)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise InvalidFilter(f"{field} {text!r} is not one of: {allowed}",
                            details=[{"field": field, "value": text, "allowed": allowed}]) from None


def _bbox(text: str) -> BBox:
    try:
        return parse_bbox(text)
    except InputError as err:
        raise InvalidFilter(err.user_message, details=err.details) from None


def _bool(text: str, *, field: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise InvalidFilter(f"{field} {text!r} is not true or false", details=[{"field": field, "value": text}])


def _int(text: str, *, field: str) -> int:
    if not text.strip().isdigit():
        raise InvalidFilter(f"{field} {text!r} is not a record id", details=[{"field": field, "value": text}])
    return int(text)


def build_query(kind: RecordKind, filters: Mapping[str, str | None]) -> IncidentQuery | ReportQuery:
    given = {k: v for k, v in filters.items() if v is not None and v != ""}
    wrong = sorted(set(given) - set(FILTERS[kind]))
    if wrong:
        raise FilterNotSupported(f"{', '.join(wrong)}: not a filter of {kind}; the filters of {kind} are "
                                 f"{', '.join(FILTERS[kind])}", details=[{"field": w} for w in wrong])
    start = None if "from" not in given else parse_moment(given["from"], field="from")
    end = None if "to" not in given else parse_moment(given["to"], field="to", end=True)
    if start is not None and end is not None and end < start:
        raise InvalidFilter(f"to {given['to']} is before from {given['from']}", details=[{"field": "to"}])
    bbox = None if "bbox" not in given else _bbox(given["bbox"])
    event_type = None if "type" not in given else parse_choice(given["type"], EventType, field="type")
    values: dict[str, Any]
    if kind == RecordKind.incidents:
        values = {"start": start, "end": end, "zone": given.get("zone"), "event_type": event_type,
                  "party": given.get("party"), "bbox": bbox}
        if "grade" in given:
            values["grade"] = parse_choice(given["grade"], Grade, field="grade")
        if "status" in given:
            values["status"] = parse_choice(given["status"], IncidentStatus, field="status")
        if "scope" in given:
            values["scope"] = parse_choice(given["scope"], Scope, field="scope")
        if "published" in given:
            values["published"] = _bool(given["published"], field="published")
        return IncidentQuery(**values)
    values = {"occurred_from": start, "occurred_to": end, "event_type": event_type, "source": given.get("source"),
              "bbox": None if bbox is None else tuple(bbox)}
    if "status" in given:
        values["status"] = parse_choice(given["status"], ReportStatus, field="status")
    if "incident" in given:
        values["incident_id"] = _int(given["incident"], field="incident")
    return ReportQuery(**values)
