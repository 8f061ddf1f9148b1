"""The exported set: which records an export holds, read from the repository a page at a time.

A record is in the exported set when it matches the map's filters (the query's own ``matches``), when the
audience may see it (``visible``) and when it is live (``live``): merged-away incidents (status
``duplicate``), dismissed incidents and rejected reports are left out unless the query asks for that
status by name. The change feed uses the same rule to decide between an item and a tombstone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page
from truceline.exports.models import Audience, ExportRequest, RecordKind
from truceline.incidents.models import Incident, IncidentQuery, IncidentStatus
from truceline.reports.models import Report, ReportQuery, ReportStatus

Record = Incident | Report

HIDDEN_INCIDENT_STATUSES = frozenset({IncidentStatus.duplicate, IncidentStatus.dismissed})
HIDDEN_REPORT_STATUSES = frozenset({ReportStatus.rejected})


def visible(record: Record, audience: Audience) -> bool:
    """May ``audience`` see the record? The public sees published incidents (publication is the release
    of a graded incident, as for the OGC collections) and accepted reports whose release level is
    ``public``; the mechanism sees everything."""
    if audience == Audience.mechanism:
        return True
    if isinstance(record, Incident):
        return record.published
    return record.release == ReleaseLevel.public and record.status == ReportStatus.accepted


def live(record: Record, query: IncidentQuery | ReportQuery) -> bool:
    """Not merged away, dismissed or rejected, unless the query names that status."""
    hidden = HIDDEN_INCIDENT_STATUSES if isinstance(record, Incident) else HIDDEN_REPORT_STATUSES
    return record.status not in hidden or query.status == record.status


def in_set(record: Record, request: ExportRequest) -> bool:
    query: Any = request.query
    return bool(query.matches(record)) and visible(record, request.audience) and live(record, request.query)


def repository(store: Any, kind: RecordKind) -> Any:
    return store.incidents if kind == RecordKind.incidents else store.reports


def narrowed(request: ExportRequest) -> IncidentQuery | ReportQuery | None:
    """The query the repository runs: the request's, narrowed where the audience allows it (the public
    sees only published incidents and accepted reports); None when nothing can match."""
    query = request.query
    if request.audience != Audience.public:
        return query
    if isinstance(query, IncidentQuery):
        return None if query.published is False else query.model_copy(update={"published": True})
    if query.status not in (None, ReportStatus.accepted):
        return None
    return query.model_copy(update={"status": ReportStatus.accepted})


def pages(store: Any, request: ExportRequest) -> Iterator[list[Record]]:
    """The exported set, one repository page (``request.page_size`` records) at a time, in the
    repository's order (time, then id); pages may be shorter after the audience and status rules."""
    query = narrowed(request)
    if query is None:
        return
    repo = repository(store, request.kind)
    offset = 0
    while True:
        page = repo.list(query, Page(limit=request.page_size, offset=offset)).items
        kept = [r for r in page if visible(r, request.audience) and live(r, request.query)]
        if kept:
            yield kept
        if len(page) < request.page_size:
            return
        offset += request.page_size
