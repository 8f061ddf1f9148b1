"""Plain CSV (RFC 4180, UTF-8, CRLF line ends): one header row, then one row per record."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from truceline.exports.columns import COLUMNS, Column, row
from truceline.exports.models import ExportRequest
from truceline.exports.records import pages


def lines(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def table(store: Any, request: ExportRequest, head: list[list[str]], columns: tuple[Column, ...]) -> Iterator[str]:
    """``head`` rows, then the exported set, one chunk of text per repository page."""
    yield lines(head)
    for page in pages(store, request):
        yield lines(row(record, columns) for record in page)


def render_csv(store: Any, request: ExportRequest) -> Iterator[str]:
    columns = COLUMNS[request.kind]
    return table(store, request, [[c.name for c in columns]], columns)
