"""`truceline incidents list|reevaluate`: incidents as one JSON array or a table, with the map's filters."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

import typer
from rich.table import Table

from truceline.cli.common import cli_ctx, open_store, out_console, run, write_out
from truceline.errors import InvalidValue
from truceline.incidents import service
from truceline.incidents.models import Grade, Incident, IncidentQuery
from truceline.reports.taxonomy import EventType

app = typer.Typer(help="Incidents: list them, re-run the agreement-in-force check.", no_args_is_help=True)


class Format(StrEnum):
    json = "json"
    table = "table"


def parse_moment(text: str, *, field: str, end: bool = False) -> datetime:
    """An ISO date or date-time; a bare date as ``--to`` means the end of that day."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time.max if end else time.min, tzinfo=UTC)
        at = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidValue(f"--{field} {text!r} is not an ISO 8601 date or date-time",
                           details=[{"field": field, "value": text}]) from exc
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def incident_row(incident: Incident) -> dict[str, Any]:
    scope = incident.scope
    return {"id": incident.id, "uid": incident.uid, "type": str(incident.event_type),
            "start": incident.start.isoformat(), "end": incident.end.isoformat(),
            "location": {"lon": round(incident.lon, 6), "lat": round(incident.lat, 6)},
            "zones": incident.zone_keys(), "zone": next(iter(incident.zone_keys()), None),
            "grade": None if incident.grade is None else str(incident.grade), "status": str(incident.status),
            "scope": None if scope is None else str(scope.scope),
            "agreement": None if scope is None else scope.agreement,
            "provision": None if scope is None else scope.provision,
            "killed_min": incident.killed_min, "killed_max": incident.killed_max,
            "perpetrators": incident.perpetrators, "targets": incident.targets, "report_ids": incident.report_ids,
            "published": incident.published}


def list_incidents(query: IncidentQuery) -> list[dict[str, Any]]:
    with open_store() as store:
        return [incident_row(i) for i in service.list_incidents(store, query, service.ALL).items]


def reevaluate() -> list[dict[str, Any]]:
    with open_store() as store:
        return [incident_row(i) for i in service.reevaluate_scope(store, cli_ctx())]


def publish(ref: str, *, published: bool, reason: str | None) -> dict[str, Any]:
    from truceline.incidents import workflow

    with open_store() as store:
        return incident_row(workflow.publish(store, cli_ctx(), ref, published=published, reason=reason))


def _table(rows: list[dict[str, Any]]) -> Table:
    table = Table("id", "type", "start", "end", "lon, lat", "zone", "status", "grade", "scope", "reports")
    for r in rows:
        table.add_row(str(r["id"]), r["type"], r["start"], r["end"],
                      f"{r['location']['lon']:.4f}, {r['location']['lat']:.4f}", ", ".join(r["zones"]),
                      r["status"], r["grade"] or "", r["scope"] or "", ", ".join(map(str, r["report_ids"])))
    return table


@app.command("list")
def list_cli(
    fmt: Format = typer.Option(Format.table, "--format", help="json: one JSON array; table: for people."),
    start: str | None = typer.Option(None, "--from", help="Incidents ending on or after (ISO date/time)."),
    end: str | None = typer.Option(None, "--to", help="Incidents starting on or before (ISO date/time)."),
    zone: str | None = typer.Option(None, "--zone", help="Zone key."),
    event_type: EventType | None = typer.Option(None, "--type", help="Event type."),
    party: str | None = typer.Option(None, "--party", help="Party key: perpetrator or target."),
    grade: Grade | None = typer.Option(None, "--grade", help="Grade."),
) -> None:
    """List incidents with their time range, place, zone(s), status, grade, scope and reports."""

    def build() -> IncidentQuery:
        return IncidentQuery(start=None if start is None else parse_moment(start, field="from"),
                             end=None if end is None else parse_moment(end, field="to", end=True),
                             zone=zone, event_type=event_type, party=party, grade=grade)

    rows = run(list_incidents, run(build))
    if fmt == Format.json:
        write_out(json.dumps(rows, ensure_ascii=False, indent=2), None)
    else:
        out_console.print(_table(rows))


@app.command("reevaluate")
def reevaluate_cli() -> None:
    """Re-run the agreement-in-force check on every incident (after the registers changed)."""
    rows = run(reevaluate)
    out_console.print(f"scope re-evaluated: {len(rows)} incident(s) changed")


@app.command("publish")
def publish_cli(
    ref: str = typer.Argument(..., help="Incident id or uid."),
    withdraw: bool = typer.Option(False, "--withdraw", help="Withdraw the incident from publication."),
    reason: str | None = typer.Option(None, "--reason", help="Why; kept in the incident's history."),
) -> None:
    """Publish a graded incident (public readers then see it), or withdraw it with --withdraw."""
    row = run(publish, ref, published=not withdraw, reason=reason)
    state = "published" if row["published"] else "not published"
    out_console.print(f"incident {row['id']} ({row['uid']}) is {state}")
