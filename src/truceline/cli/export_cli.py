"""`truceline export incidents|reports --format F`: the standard exports and the change feed, streamed."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import typer

from truceline.cli.common import open_store, run
from truceline.errors import OutputNotWritable
from truceline.exports import service
from truceline.exports.models import Audience
from truceline.exports.registry import EXPORTERS


def write_chunks(chunks: Iterable[str], out: str | None) -> None:
    """Write to stdout, or to ``out`` all or nothing (a temporary file renamed over it when complete)."""
    if out is None or out == "-":
        _copy(chunks, sys.stdout)
        return
    target = Path(out)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as err:
        raise OutputNotWritable(f"cannot write {out}: {err.strerror}", details=[{"field": "out", "value": out}]) \
            from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            _copy(chunks, fh)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _copy(chunks: Iterable[str], fh: TextIO) -> None:
    for chunk in chunks:
        fh.write(chunk)
    fh.flush()


def export(kind: str, *, fmt: str, filters: dict[str, str | None], audience: str, since: str | None,
           limit: int | None, out: str | None) -> None:
    exporter, request = service.prepare(kind=kind, fmt=fmt, filters=filters, audience=audience, since=since,
                                        limit=limit)
    with open_store() as store:
        write_chunks(service.stream(store, exporter, request), out)


def export_cli(
    kind: str = typer.Argument(..., help="incidents or reports.", metavar="incidents|reports"),
    fmt: str = typer.Option("csv", "--format", help=f"One of: {', '.join(EXPORTERS)}."),
    since: str | None = typer.Option(None, "--since", help="Feed only: the next_cursor of the previous page."),
    limit: int | None = typer.Option(None, "--limit", help="Feed only: items per page (default 500)."),
    audience: str = typer.Option(Audience.mechanism.value, "--audience",
                                 help="public: published, public-release records only; mechanism: all."),
    start: str | None = typer.Option(None, "--from", help="From this ISO date or date-time (time overlap)."),
    end: str | None = typer.Option(None, "--to", help="To this ISO date (whole day) or date-time."),
    zone: str | None = typer.Option(None, "--zone", help="Incidents: zone key."),
    event_type: str | None = typer.Option(None, "--type", help="Event type."),
    party: str | None = typer.Option(None, "--party", help="Incidents: party key, perpetrator or target."),
    grade: str | None = typer.Option(None, "--grade", help="Incidents: grade."),
    status: str | None = typer.Option(None, "--status", help="Status (incident or report status)."),
    scope: str | None = typer.Option(None, "--scope", help="Incidents: scope class."),
    bbox: str | None = typer.Option(None, "--bbox", help="minlon,minlat,maxlon,maxlat."),
    published: str | None = typer.Option(None, "--published", help="Incidents: true or false."),
    source: str | None = typer.Option(None, "--source", help="Reports: source key."),
    incident: str | None = typer.Option(None, "--incident", help="Reports: of this incident id."),
    out: str | None = typer.Option(None, "--out", help="Write to this file (all or nothing); default stdout."),
) -> None:
    """Export incidents or reports, filtered like the map, as CSV, HXL, GeoJSON, ACLED columns or a feed page."""
    filters = {"from": start, "to": end, "zone": zone, "type": event_type, "party": party, "grade": grade,
               "status": status, "scope": scope, "bbox": bbox, "published": published, "source": source,
               "incident": incident}
    run(export, kind, fmt=fmt, filters=filters, audience=audience, since=since, limit=limit, out=out)
