"""A small monitored world for the export tests, built through the services (so the history is real).

Reports (ids in order): 1 shelling near Idlib by the Syrian government on Ahrar al-Sham, public, accepted
into incident 1 (graded fair and published); 2 an air strike on Douma by Russia with an area, accepted
into incident 2 (neither graded nor published); 3 a candidate clash; 4 a rejected report.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.incidents.seed import seed_registers
from tests.zones.places import polygon
from truceline.common.context import Ctx
from truceline.exports.models import Audience, ExportRequest, RecordKind
from truceline.exports.registry import EXPORTERS
from truceline.incidents import workflow
from truceline.incidents.models import Grade, IncidentQuery, IncidentStatus
from truceline.incidents.service import attach_report
from truceline.reports import service as reports
from truceline.reports.models import ReportQuery
from truceline.reports.schemas import ReportCreate

T0 = datetime(2017, 10, 20, 6, 0, tzinfo=UTC)
DOUMA_AREA = polygon((36.38, 33.55), (36.43, 33.55), (36.43, 33.60), (36.38, 33.60))


def submit(store: Any, ctx: Ctx, *, hours: float = 0, **over: Any) -> Any:
    data: dict[str, Any] = {"source": "sohr", "occurred_at": T0 + timedelta(hours=hours), "lon": 36.63,
                            "lat": 35.93, "event_type": "shelling", **over}
    return reports.submit_report(store, ctx, ReportCreate.model_validate(data))


def accept(store: Any, ctx: Ctx, report: Any) -> Any:
    return reports.accept_report(store, ctx, report.id, attach=attach_report)


def publish(store: Any, ctx: Ctx, incident_id: int, *, published: bool = True) -> Any:
    """Grade the incident (when it is not graded yet) and publish it, or withdraw its publication."""
    if published and store.incidents.get(incident_id).status != IncidentStatus.graded:
        workflow.set_status(store, ctx, incident_id, IncidentStatus.triaged)
        workflow.set_status(store, ctx, incident_id, IncidentStatus.under_verification)
        workflow.grade(store, ctx, incident_id, Grade.fair, rationale="a reliable source, not yet confirmed")
    return workflow.publish(store, ctx, incident_id, published=published)


def build_world(store: Any, ctx: Ctx) -> None:
    seed_registers(store, ctx)
    accept(store, ctx, submit(store, ctx, perpetrator="syria", target="ahrar-al-sham",
                              casualties={"killed_min": 2, "killed_max": 4}, place_name="Idlib",
                              admin_area="Idlib", place_precision="town", release="public",
                              text="Shelling of the market, \"heavy\", two dead; one line\nand another"))
    accept(store, ctx, submit(store, ctx, hours=30, lon=36.40, lat=33.57, area=DOUMA_AREA, event_type="air_strike",
                              sub_type="aircraft", perpetrator="russia", casualties={"killed_min": 5}))
    submit(store, ctx, hours=50, lon=36.73, lat=34.93, event_type="armed_clash")
    rejected = submit(store, ctx, hours=60, event_type="abduction")
    reports.reject_report(store, ctx, rejected.id, reason="not credible")
    publish(store, ctx, 1)


def request(kind: str = "incidents", *, audience: Audience = Audience.mechanism, query: Any = None,
            **over: Any) -> ExportRequest:
    record_kind = RecordKind(kind)
    if query is None:
        query = IncidentQuery() if record_kind == RecordKind.incidents else ReportQuery()
    return ExportRequest(kind=record_kind, query=query, audience=audience, **over)


def render(store: Any, fmt: str, kind: str = "incidents", **over: Any) -> str:
    return "".join(EXPORTERS[fmt].render(store, request(kind, **over)))
