"""What the incident use-cases share: the store port, fetching, the edit lock, saving with history."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any, Protocol

from truceline.audit.service import ChangeLog, record_change
from truceline.common.context import Ctx
from truceline.common.paging import Page, Paged
from truceline.errors import Locked, NotFound
from truceline.incidents.models import CountBy, Counts, Incident, IncidentCountQuery, IncidentQuery
from truceline.reports.models import Report

ENTITY = "incident"


class IncidentRepository(Protocol):
    def get(self, incident_id: int) -> Incident | None: ...

    def get_by_uid(self, uid: str) -> Incident | None: ...

    def add(self, incident: Incident) -> Incident: ...

    def save(self, incident: Incident) -> None: ...

    def list(self, query: IncidentQuery, page: Page) -> Paged[Incident]: ...

    def count_by(self, query: IncidentCountQuery, by: builtins.list[CountBy]) -> Counts:
        """Incidents matching ``query`` counted by the dimensions ``by`` together (the dashboard)."""
        ...

    def add_separation(self, a: int, b: int, *, reason: str, by: str, at: datetime) -> None:
        """Record that an analyst separated reports ``a`` and ``b``: clustering never links them again."""
        ...

    def separations_of(self, report_ids: builtins.list[int]) -> builtins.list[tuple[int, int]]: ...


class ReportLookup(Protocol):
    def get(self, report_id: int) -> Report | None: ...

    def in_box(self, min_lon: float, min_lat: float, max_lon: float, max_lat: float, t_from: float,
               t_to: float) -> list[Report]: ...

    def by_incident(self, incident_id: int) -> list[Report]: ...

    def set_incident(self, report_ids: list[int], incident_id: int | None) -> None: ...


class IncidentStore(Protocol):
    """The incident use-cases also read the registers (parties, zones, posts, agreements, accessions)."""

    @property
    def incidents(self) -> IncidentRepository: ...

    @property
    def reports(self) -> ReportLookup: ...

    @property
    def changes(self) -> ChangeLog: ...

    @property
    def parties(self) -> Any: ...

    @property
    def zones(self) -> Any: ...

    @property
    def posts(self) -> Any: ...

    @property
    def agreements(self) -> Any: ...

    @property
    def accessions(self) -> Any: ...


def parse_incident_ref(ref: str | int) -> int | str:
    return ref if isinstance(ref, int) else int(ref) if ref.isdigit() else ref


def get_incident(store: IncidentStore, ref: str | int) -> Incident:
    """An incident by id or uid."""
    ref = parse_incident_ref(ref)
    incident = store.incidents.get(ref) if isinstance(ref, int) else store.incidents.get_by_uid(ref)
    if incident is None:
        raise NotFound(f"no incident with {'id' if isinstance(ref, int) else 'uid'} {ref!r}")
    return incident


def check_lock(incident: Incident, ctx: Ctx) -> None:
    """Refuse a change by anyone but the holder of a running edit lock."""
    if incident.is_locked_against(ctx.actor, ctx.clock.now()):
        assert incident.locked_until is not None
        raise Locked(f"incident {incident.id} is locked by {incident.locked_by} until "
                     f"{incident.locked_until.isoformat()}",
                     details=[{"field": "locked_by", "value": incident.locked_by}])


def commit(store: IncidentStore, ctx: Ctx, before: Incident, after: Incident, *, reason: str) -> Incident:
    """Save ``after`` as the next version of ``before`` and record the change with its reason."""
    after = after.model_copy(update={"version": before.version + 1, "updated_at": ctx.clock.now()})
    store.incidents.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=reason)
    return after
