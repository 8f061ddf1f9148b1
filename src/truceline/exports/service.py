"""Use-cases of the exports: check a request once, then stream the chosen format.

Adapters (``cli/export_cli.py``, ``web/routes/exports.py``) call ``prepare`` with what the user gave
(text), then ``stream`` with a store. ``stream`` renders the head and the first page before it returns, so a bad
cursor or a failing first page raises before any output is written.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from truceline.errors import InvalidFilter, UnknownRecordKind
from truceline.exports.filters import build_query, parse_choice
from truceline.exports.models import FEED_LIMIT, FEED_LIMIT_MAX, Audience, Exporter, ExportRequest, RecordKind
from truceline.exports.registry import get_exporter


def parse_kind(text: str) -> RecordKind:
    try:
        return RecordKind(text)
    except ValueError:
        known = ", ".join(k.value for k in RecordKind)
        raise UnknownRecordKind(f"no kind of record {text!r} to export; the kinds are: {known}",
                                details=[{"field": "kind", "value": text, "known": known}]) from None


def prepare(*, kind: str, fmt: str, filters: Mapping[str, str | None], audience: str = Audience.mechanism.value,
            since: str | None = None, limit: int | None = None) -> tuple[Exporter, ExportRequest]:
    """The exporter and the checked request; every error the user can fix is raised here."""
    record_kind = parse_kind(kind)
    exporter = get_exporter(fmt)
    if exporter.name != "feed" and (since is not None or limit is not None):
        field = "since" if since is not None else "limit"
        raise InvalidFilter(f"{field} belongs to the change feed (format feed), not to format {exporter.name}",
                            details=[{"field": field}])
    if limit is not None and not 1 <= limit <= FEED_LIMIT_MAX:
        raise InvalidFilter(f"limit {limit} is outside 1..{FEED_LIMIT_MAX}", details=[{"field": "limit",
                                                                                     "value": limit}])
    request = ExportRequest(kind=record_kind, query=build_query(record_kind, filters),
                            audience=parse_choice(audience, Audience, field="audience"), since=since,
                            limit=limit or FEED_LIMIT)
    return exporter, request


def stream(store: Any, exporter: Exporter, request: ExportRequest) -> Iterator[str]:
    """The export as text chunks; the first two (the head and the first page) are computed now, so errors
    surface before any output."""
    chunks = exporter.render(store, request)
    head = list(itertools.islice(chunks, 2))
    return itertools.chain(head, chunks)
