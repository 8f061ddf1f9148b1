"""What an export is asked for, and what an exporter is: the shapes every format shares.

An ``ExportRequest`` names the kind of record, the map's filters (an ``IncidentQuery`` or a
``ReportQuery``), the audience the export is for and, for the change feed, the cursor and the page size.
An ``Exporter`` is one format: its name, file suffix, media type and a ``render`` function that yields the
export as text chunks, one repository page at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from truceline.incidents.models import IncidentQuery
from truceline.reports.models import ReportQuery


class RecordKind(StrEnum):
    incidents = "incidents"
    reports = "reports"


# the entity name under which the change history records each kind
ENTITY: dict[RecordKind, str] = {RecordKind.incidents: "incident", RecordKind.reports: "report"}


class Audience(StrEnum):
    """Who the export is for; the release rule of each is in ``records.visible``."""

    public = "public"  # anyone: published incidents; accepted reports of public release
    mechanism = "mechanism"  # staff of the monitoring mechanism: every record


PAGE_SIZE = 1000  # records read from the repository at a time: the memory bound of every export
FEED_LIMIT = 500  # feed items per page by default
FEED_LIMIT_MAX = 5000


@dataclass(frozen=True, kw_only=True)
class ExportRequest:
    kind: RecordKind
    query: IncidentQuery | ReportQuery
    audience: Audience = Audience.mechanism
    since: str | None = None  # the change feed's cursor; None starts from the beginning
    limit: int = FEED_LIMIT  # the change feed's items per page
    page_size: int = PAGE_SIZE


Render = Callable[[Any, ExportRequest], Iterator[str]]


@dataclass(frozen=True, kw_only=True)
class Exporter:
    name: str  # the --format value
    suffix: str  # file name suffix: incidents.<suffix>
    media_type: str
    title: str
    render: Render  # (store, request) -> text chunks
    attachment: bool = True  # served as a download (Content-Disposition: attachment)
