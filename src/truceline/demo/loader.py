"""Load the demo scenario "Syria 2017" from the data files, through the same import path as
`truceline <register> import`: the demo is data, and it is validated like any user's file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from truceline.common.context import Ctx
from truceline.registers import get_spec
from truceline.transfer import ImportSummary, import_items, parse_file

# register name -> data file, in dependency order
DEMO_FILES: list[tuple[str, str]] = [
    ("parties", "parties.json"),
    ("agreements", "agreements.json"),
    ("zones", "zones.geojson"),
    ("posts", "posts.geojson"),
    ("accessions", "accessions.json"),
    ("talks", "talks.json"),
]


@dataclass(frozen=True)
class DemoSummary:
    imports: list[ImportSummary]

    def lines(self) -> list[str]:
        return [s.message() for s in self.imports]


def demo_bytes(filename: str) -> bytes:
    return resources.files("truceline.demo").joinpath("data", filename).read_bytes()


def load_demo(store: Any, ctx: Ctx) -> DemoSummary:
    """Import every demo file into ``store``; re-running updates the same records."""
    out = []
    for register, filename in DEMO_FILES:
        spec = get_spec(register)
        items = parse_file(demo_bytes(filename), spec=spec, name=f"demo/{filename}")
        out.append(import_items(store, ctx, spec, items))
    return DemoSummary(out)


DEMO_SOURCE = "Demo field monitor (fictional)"


def load_demo_reports(store: Any, ctx: Ctx) -> list[str]:
    """Import the demo's fictional reports through the CSV import (they cluster into incidents and are
    checked against the agreements), then apply the demo centre's verification decisions. Loaded once: a
    database that already holds them is left as it is."""
    from io import BytesIO

    from truceline.errors import FileInputError, UnknownReference
    from truceline.incidents.service import attach_report
    from truceline.reports.csv_import import import_reports_csv
    from truceline.sources.service import resolve_source

    try:
        resolve_source(store, DEMO_SOURCE)
        return ["reports: the demo reports are already loaded"]
    except UnknownReference:
        pass
    data = demo_bytes("reports.csv")
    summary = import_reports_csv(store, ctx, BytesIO(data), attach=lambda s, c, r: attach_report(s, c, r),
                                 max_bytes=len(data))
    if summary.errors:
        raise FileInputError("demo/reports.csv: " + "; ".join(f"line {n}: {why}" for n, why in summary.errors))
    decided = _apply_decisions(store, ctx, json.loads(demo_bytes("verification.json"))["decisions"])
    waiting = demo_bytes("candidates.csv")
    queued = import_reports_csv(store, ctx, BytesIO(waiting), attach=None, max_bytes=len(waiting))
    if queued.errors:
        raise FileInputError("demo/candidates.csv: " + "; ".join(f"line {n}: {why}" for n, why in queued.errors))
    return [f"reports: {summary.stored} imported into incidents", f"incidents: {decided} graded by the demo centre",
            f"review queue: {queued.stored} candidate reports wait for an analyst"]


def _apply_decisions(store: Any, ctx: Ctx, decisions: list[dict[str, Any]]) -> int:
    from truceline.common.paging import Page
    from truceline.errors import FileInputError
    from truceline.incidents import workflow
    from truceline.incidents.models import IncidentStatus
    from truceline.reports.models import ReportQuery

    reports = store.reports.list(ReportQuery(), Page(limit=10_000)).items
    for decision in decisions:
        found = [r for r in reports if r.place_name == decision["place"]
                 and r.occurred_at.date().isoformat() == decision["on"] and r.incident_id is not None]
        if not found:
            raise FileInputError(f"demo/verification.json: no incident at {decision['place']} on {decision['on']}")
        incident_id = found[0].incident_id
        for status in (IncidentStatus.triaged, IncidentStatus.under_verification):
            workflow.set_status(store, ctx, incident_id, status, reason="demo centre")
        workflow.grade(store, ctx, incident_id, decision["grade"], rationale=decision["rationale"])
        if decision["publish"]:
            workflow.publish(store, ctx, incident_id, reason="demo centre: cleared for publication")
    return len(decisions)


DEMO_PERSON_LISTS = (
    ("persons-jaysh-al-islam-detained.csv", "jaysh-al-islam", "demo-jaysh-al-islam-detained"),
    ("persons-syrian-government-detained.csv", "syrian-government", "demo-syrian-government-detained"),
)


def load_demo_persons(store: Any, ctx: Ctx, cipher: Any) -> list[str]:
    """Two small fictional person lists, one per side of an exchange (names in Arabic, Latin and Cyrillic
    script), sealed with the instance's persons key, and one match run of them waiting for review."""
    from datetime import date

    from truceline.persons import register_service, review_service
    from truceline.persons.models import ListKind
    from truceline.persons.register_models import Reader
    from truceline.persons.register_schemas import ListMeta

    if store.person_lists.get_by_key(DEMO_PERSON_LISTS[0][2]) is not None:
        return ["person lists: the demo lists are already loaded"]
    for filename, party, key in DEMO_PERSON_LISTS:
        meta = ListMeta(party=party, kind=ListKind.detained, submitted_on=date(2017, 10, 30), key=key,
                        source=f"demo/{filename}")
        register_service.import_csv(store, ctx, cipher, demo_bytes(filename), meta)
    reader = Reader(actor=ctx.actor, role="admin", via="cli", route="cli demo load", purpose="demo data")
    run = review_service.run_match(store, ctx, cipher, DEMO_PERSON_LISTS[0][2], DEMO_PERSON_LISTS[1][2], reader)
    return [f"person lists: 2 fictional lists, matched: {run.match_count} likely pairs wait for review"]
