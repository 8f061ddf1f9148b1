"""The representation of a record in the change feed, by audience.

The mechanism gets the record as the API gives it (``GET /api/v1/incidents/{ref}``,
``GET /api/v1/reports/{ref}``). The public gets the fields listed here only: no workflow internals
(assignment, edit lock, confirmation ledger, the links' analysts), no submitter and no attachments, and an
incident's number of reports instead of their ids. A published incident keeps its grade rationale: the
publication releases the grade with its reasons.
"""

from __future__ import annotations

from typing import Any

from truceline.exports.models import Audience
from truceline.incidents.models import Incident
from truceline.reports.models import Report

PUBLIC_INCIDENT_FIELDS = (
    "id", "uid", "event_type", "status", "grade", "grade_rationale", "start", "end", "lon", "lat", "area",
    "killed_min", "killed_max", "perpetrators", "targets", "published", "release", "version", "created_at",
    "updated_at",
)
PUBLIC_SCOPE_FIELDS = ("scope", "agreement", "provision", "zones", "evaluated_on")
PUBLIC_REPORT_FIELDS = (
    "id", "uid", "source", "received_at", "occurred_at", "occurred_until", "time_precision", "lon", "lat", "area",
    "place_precision", "place_name", "admin_area", "event_type", "sub_type", "perpetrator", "target",
    "casualties", "text", "language", "credibility", "status", "incident_id", "release", "version",
    "created_at", "updated_at",
)


def representation(record: Incident | Report, audience: Audience) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    if audience == Audience.mechanism:
        return data
    if isinstance(record, Report):
        return {k: data[k] for k in PUBLIC_REPORT_FIELDS}
    out = {k: data[k] for k in PUBLIC_INCIDENT_FIELDS}
    scope = data.get("scope")
    out["scope"] = None if scope is None else {k: scope.get(k) for k in PUBLIC_SCOPE_FIELDS}
    out["report_count"] = len(record.report_ids)
    return out
