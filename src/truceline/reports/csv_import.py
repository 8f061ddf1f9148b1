"""Bulk intake of reports from CSV, with row-level errors.

Columns (header required, exactly these, in any order)::

    source,received_at,occurred_at,occurred_until,lat,lon,precision,place_name,event_type,
    perpetrator,target,fatalities_min,fatalities_max,text

The file is read twice as a stream: once to check it is UTF-8 (and count its lines), once to import.
Each row is validated completely (times, place, type, parties) before anything of it is written; a bad
row is reported by line and reason and nothing of it is stored. An unknown source name is registered
(kind ``unknown``, reliability F) only when its row is good. Good rows are stored and accepted through
``attach``, which places them in incidents.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

from pydantic import ValidationError

from truceline.audit.service import record_change
from truceline.common.context import Ctx
from truceline.common.models import as_utc
from truceline.errors import FileInputError, TrucelineError, UnknownReference, schema_error
from truceline.reports.models import Casualties, PlacePrecision, TimePrecision
from truceline.reports.schemas import ReportCreate
from truceline.reports.service import Attach, accept_report, prepare_report
from truceline.reports.taxonomy import EventType
from truceline.sources.service import ensure_source, resolve_source

COLUMNS = ("source", "received_at", "occurred_at", "occurred_until", "lat", "lon", "precision", "place_name",
           "event_type", "perpetrator", "target", "fatalities_min", "fatalities_max", "text")
REQUIRED = ("source", "occurred_at", "lat", "lon", "precision", "event_type")
BOM = b"\xef\xbb\xbf"


@dataclass
class ImportSummary:
    rows: int = 0
    stored: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    new_sources: list[str] = field(default_factory=list)


class RowError(Exception):
    pass


def import_reports_csv(store: Any, ctx: Ctx, fh: BinaryIO, *, attach: Attach | None, max_bytes: int,
                       progress: Callable[[int, int], None] | None = None) -> ImportSummary:
    """Import the CSV in the binary, seekable file ``fh``; ``progress(line, total_lines)`` is called
    as rows are read. Each stored report is accepted and handed to ``attach`` (placed in an incident);
    with ``attach=None`` the reports wait in the review queue as candidates."""
    total = _prescan(fh, max_bytes=max_bytes)
    fh.seek(0)
    reader = csv.reader(_lines(fh))
    header = next(reader, None)
    if header is None:
        raise FileInputError("the file is empty: expected a header line with the columns "
                             + ",".join(COLUMNS))
    index = _check_header(header)
    summary = ImportSummary()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        summary.rows += 1
        try:
            _import_row(store, ctx, row, index, attach=attach, summary=summary)
        except RowError as err:
            summary.errors.append((line, str(err)))
        if progress is not None:
            progress(line, total)
    return summary


def _import_row(store: Any, ctx: Ctx, row: list[str], index: dict[str, int], *, attach: Attach | None,
                summary: ImportSummary) -> None:
    if len(row) != len(COLUMNS):
        raise RowError(f"expected {len(COLUMNS)} fields, found {len(row)}")
    cell = {name: row[i].strip() for name, i in index.items()}
    for name in REQUIRED:
        if not cell[name]:
            raise RowError(f"{name} is empty")
    try:
        source_key: str | None = resolve_source(store, cell["source"]).key
    except UnknownReference:
        source_key = None
    try:
        data = ReportCreate(
            source=cell["source"], received_at=_time(cell["received_at"], "received_at"),
            occurred_at=_time(cell["occurred_at"], "occurred_at"),
            occurred_until=_time(cell["occurred_until"], "occurred_until"),
            time_precision=TimePrecision.range if cell["occurred_until"] else TimePrecision.exact,
            lat=_coordinate(cell["lat"], "lat", 90.0), lon=_coordinate(cell["lon"], "lon", 180.0),
            place_precision=_precision(cell["precision"]), place_name=cell["place_name"] or None,
            event_type=cell["event_type"], perpetrator=cell["perpetrator"] or None,
            target=cell["target"] or None,
            casualties=Casualties(killed_min=_count(cell["fatalities_min"], "fatalities_min"),
                                  killed_max=_count(cell["fatalities_max"], "fatalities_max")),
            text=cell["text"])
        report = prepare_report(store, ctx, data, source_key=source_key or "")
    except ValidationError as err:
        raise RowError(_explain(err)) from None
    except TrucelineError as err:
        message = err.user_message.replace("casualties: killed_", "fatalities_")
        raise RowError(message.replace("killed_max", "fatalities_max")) from None
    if source_key is None:  # the row is good: now the new source may be registered
        source, created = ensure_source(store, ctx, cell["source"])
        source_key = source.key
        if created:
            summary.new_sources.append(source.name)
    report = store.reports.add(report.model_copy(update={"source": source_key}))
    record_change(store.changes, ctx, entity="report", before=None, after=report, reason="CSV import")
    if attach is not None:
        accept_report(store, ctx, report.id, attach=attach)
    summary.stored += 1


def _explain(err: ValidationError) -> str:
    e = err.errors()[0]
    where = ".".join(str(p) for p in e.get("loc", ()))
    if where == "event_type":
        return (f"event_type {e.get('input')!r} is not known; use one of "
                + ", ".join(t.value for t in EventType))
    return schema_error(list(err.errors())).user_message


def _time(text: str, name: str) -> datetime | None:
    if not text:
        return None
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        raise RowError(f"{name} {text!r} is not an ISO 8601 time (e.g. 2017-10-20T06:30:00Z)") from None


def _coordinate(text: str, name: str, bound: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"{name} {text!r} is not a number") from None
    if not math.isfinite(value) or not -bound <= value <= bound:
        raise RowError(f"{name} {text} is out of range (-{bound:g} to {bound:g})")
    return value


def _precision(text: str) -> PlacePrecision:
    try:
        return PlacePrecision(text)
    except ValueError:
        raise RowError(f"precision {text!r} is not known; use one of "
                       + ", ".join(p.value for p in PlacePrecision)) from None


def _count(text: str, name: str) -> int | None:
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        raise RowError(f"{name} {text!r} is not a whole number") from None
    if value < 0:
        raise RowError(f"{name} {value} is negative")
    return value


def _check_header(header: list[str]) -> dict[str, int]:
    names = [h.strip() for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise FileInputError(f"the header lacks the column(s) {', '.join(missing)}; expected "
                             + ",".join(COLUMNS), details=[{"field": c} for c in missing])
    extra = [n for n in names if n not in COLUMNS]
    if extra or len(names) != len(COLUMNS):
        raise FileInputError(f"the header has unknown or repeated column(s) {', '.join(extra) or names}; "
                             "expected exactly " + ",".join(COLUMNS))
    return {name: names.index(name) for name in COLUMNS}


def _prescan(fh: BinaryIO, *, max_bytes: int) -> int:
    """Check the size and that every line is UTF-8; return the number of lines."""
    fh.seek(0, 2)
    size = fh.tell()
    fh.seek(0)
    if size > max_bytes:
        raise FileInputError(f"the file is {size} bytes; the largest accepted is {max_bytes} bytes "
                             "(setting TRUCELINE_IMPORT_MAX_BYTES)")
    return sum(1 for _ in _lines(fh))


def _lines(fh: BinaryIO) -> Iterator[str]:
    offset = 0
    for number, raw in enumerate(fh, start=1):
        if number == 1 and raw.startswith(BOM):
            raw, offset = raw[len(BOM):], len(BOM)
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise FileInputError(
                f"the file is not UTF-8: line {number}, byte {offset + err.start} (0x{raw[err.start]:02x}) "
                "cannot be decoded; save the file as UTF-8",
                details=[{"line": number, "byte": offset + err.start}]) from None
        offset += len(raw)
