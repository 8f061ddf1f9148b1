"""The columns of the flat formats (CSV, HXL, GeoJSON properties): one table per kind of record.

Each column has a name (the CSV header), an HXL hashtag (the second row of the HXL export) and a getter.
Parties and sources appear by key (``GET /api/v1/parties/{key}`` names them); times are ISO 8601 in UTC;
lists are joined with ``"; "`` in CSV and stay lists in GeoJSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from truceline.exports.models import RecordKind
from truceline.incidents.models import Incident
from truceline.reports.models import Report

LIST_SEPARATOR = "; "
COORDINATE_DECIMALS = 6


@dataclass(frozen=True)
class Column:
    name: str
    hxl: str
    get: Callable[[Any], Any]


def _scope(attr: str) -> Callable[[Incident], Any]:
    return lambda i: None if i.scope is None else getattr(i.scope, attr)


def _casualty(attr: str) -> Callable[[Report], Any]:
    return lambda r: getattr(r.casualties, attr)


def _coordinate(value: float) -> float:
    return round(value, COORDINATE_DECIMALS)


INCIDENT_COLUMNS: tuple[Column, ...] = (
    Column("id", "#meta+id", lambda i: i.id),
    Column("uid", "#meta+uid", lambda i: i.uid),
    Column("event_type", "#event+type", lambda i: i.event_type),
    Column("status", "#status", lambda i: i.status),
    Column("grade", "#status+grade", lambda i: i.grade),
    Column("start", "#date+start", lambda i: i.start),
    Column("end", "#date+end", lambda i: i.end),
    Column("lat", "#geo+lat", lambda i: _coordinate(i.lat)),
    Column("lon", "#geo+lon", lambda i: _coordinate(i.lon)),
    Column("zones", "#loc+zone", lambda i: i.zone_keys()),
    Column("scope", "#status+scope", _scope("scope")),
    Column("agreement", "#meta+agreement", _scope("agreement")),
    Column("provision", "#meta+provision", _scope("provision")),
    Column("perpetrators", "#org+perpetrator", lambda i: i.perpetrators),
    Column("targets", "#org+target", lambda i: i.targets),
    Column("killed_min", "#affected+killed+min", lambda i: i.killed_min),
    Column("killed_max", "#affected+killed+max", lambda i: i.killed_max),
    Column("report_count", "#meta+reports", lambda i: len(i.report_ids)),
    Column("published", "#meta+published", lambda i: i.published),
    Column("release", "#meta+release", lambda i: i.release),
    Column("version", "#meta+version", lambda i: i.version),
    Column("updated_at", "#date+updated", lambda i: i.updated_at),
)

REPORT_COLUMNS: tuple[Column, ...] = (
    Column("id", "#meta+id", lambda r: r.id),
    Column("uid", "#meta+uid", lambda r: r.uid),
    Column("source", "#meta+source", lambda r: r.source),
    Column("received_at", "#date+received", lambda r: r.received_at),
    Column("occurred_at", "#date+start", lambda r: r.occurred_at),
    Column("occurred_end", "#date+end", lambda r: r.end),
    Column("time_precision", "#date+precision", lambda r: r.time_precision),
    Column("lat", "#geo+lat", lambda r: _coordinate(r.lat)),
    Column("lon", "#geo+lon", lambda r: _coordinate(r.lon)),
    Column("place_precision", "#geo+precision", lambda r: r.place_precision),
    Column("place_name", "#loc+name", lambda r: r.place_name),
    Column("admin_area", "#adm1+name", lambda r: r.admin_area),
    Column("event_type", "#event+type", lambda r: r.event_type),
    Column("sub_type", "#event+type+sub", lambda r: r.sub_type),
    Column("perpetrator", "#org+perpetrator", lambda r: r.perpetrator),
    Column("target", "#org+target", lambda r: r.target),
    Column("killed_min", "#affected+killed+min", _casualty("killed_min")),
    Column("killed_max", "#affected+killed+max", _casualty("killed_max")),
    Column("injured_min", "#affected+injured+min", _casualty("injured_min")),
    Column("injured_max", "#affected+injured+max", _casualty("injured_max")),
    Column("civilians_killed_min", "#affected+killed+civilians+min", _casualty("civilians_killed_min")),
    Column("civilians_killed_max", "#affected+killed+civilians+max", _casualty("civilians_killed_max")),
    Column("combatants_killed_min", "#affected+killed+combatants+min", _casualty("combatants_killed_min")),
    Column("combatants_killed_max", "#affected+killed+combatants+max", _casualty("combatants_killed_max")),
    Column("credibility", "#meta+credibility", lambda r: r.credibility),
    Column("status", "#status", lambda r: r.status),
    Column("incident_id", "#meta+incident", lambda r: r.incident_id),
    Column("language", "#meta+lang", lambda r: r.language),
    Column("text", "#description", lambda r: r.text),
    Column("release", "#meta+release", lambda r: r.release),
    Column("version", "#meta+version", lambda r: r.version),
    Column("updated_at", "#date+updated", lambda r: r.updated_at),
)

COLUMNS: dict[RecordKind, tuple[Column, ...]] = {
    RecordKind.incidents: INCIDENT_COLUMNS,
    RecordKind.reports: REPORT_COLUMNS,
}


def json_value(value: Any) -> Any:
    """A column value as JSON: enums by value, times in ISO 8601, lists as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [json_value(v) for v in value]
    return value


def cell(value: Any) -> str:
    """A column value as CSV text: empty for unknown, ``true``/``false``, lists joined with ``"; "``."""
    value = json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell(v) for v in value)
    return str(value)


def row(record: Any, columns: tuple[Column, ...]) -> list[str]:
    return [cell(c.get(record)) for c in columns]


def properties(record: Any, columns: tuple[Column, ...]) -> dict[str, Any]:
    return {c.name: json_value(c.get(record)) for c in columns}
