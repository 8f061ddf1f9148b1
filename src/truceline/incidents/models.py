"""Pure domain objects of incidents: workflow, grades, scope, the confirmation ledger."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from itertools import product
from typing import Any

from pydantic import BaseModel, field_validator

from truceline.common.models import ReleaseLevel, as_utc
from truceline.common.visibility import Visibility
from truceline.errors import InvalidTransition
from truceline.geo.geometry import BBox
from truceline.reports.taxonomy import EventType


class IncidentStatus(StrEnum):
    received = "received"
    triaged = "triaged"
    under_verification = "under_verification"
    graded = "graded"
    dismissed = "dismissed"
    duplicate = "duplicate"


TRANSITIONS: dict[IncidentStatus, set[IncidentStatus]] = {
    IncidentStatus.received: {IncidentStatus.triaged, IncidentStatus.dismissed, IncidentStatus.duplicate},
    IncidentStatus.triaged: {IncidentStatus.under_verification, IncidentStatus.dismissed, IncidentStatus.duplicate},
    IncidentStatus.under_verification: {IncidentStatus.graded, IncidentStatus.dismissed, IncidentStatus.duplicate},
    IncidentStatus.graded: {IncidentStatus.under_verification},  # reopened when new evidence arrives
    IncidentStatus.dismissed: {IncidentStatus.triaged},
    IncidentStatus.duplicate: set(),
}


def check_transition(current: IncidentStatus, new: IncidentStatus) -> None:
    if new not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(TRANSITIONS[current])) or "none"
        raise InvalidTransition(f"an incident cannot go from {current} to {new} (allowed: {allowed})")


class Grade(StrEnum):
    confirmed = "confirmed"
    fair = "fair"
    weak = "weak"
    contested = "contested"
    discounted = "discounted"


class Scope(StrEnum):
    violation = "violation"  # of an agreement in force, and which provision
    excluded_party = "excluded_party"  # by or against a group the agreement excludes
    outside_zones = "outside_zones"
    undetermined = "undetermined"


class Position(StrEnum):
    confirms = "confirms"
    does_not_confirm = "does_not_confirm"
    disputes = "disputes"
    no_answer = "no_answer"


class Confirmation(BaseModel):
    """One monitoring party's position on an incident."""

    party: str
    position: Position = Position.no_answer
    counter_evidence: str | None = None
    deadline: date | None = None
    recorded_at: datetime | None = None
    recorded_by: str | None = None


class ReportLink(BaseModel):
    """Why a report belongs to its incident: the clustering rule's measures, or an analyst's reason."""

    report_id: int
    rule: str  # "auto", "analyst" or "first" (the report that started the incident)
    reason: dict[str, Any] = {}
    at: datetime
    by: str
    pinned: bool = False  # placed by an analyst: never moved by automatic clustering


class ScopeCheck(BaseModel):
    scope: Scope
    agreement: str | None = None
    provision: str | None = None
    zones: list[str] = []
    posts_nearby: list[dict[str, Any]] = []  # {"post": key, "distance_km": float, "state": ...}
    reasons: list[str] = []
    windows: list[str] = []  # keys of the agreed humanitarian windows the incident falls in
    evaluated_on: date
    evaluated_at: datetime


class Incident(BaseModel):
    id: int
    uid: str
    event_type: EventType
    status: IncidentStatus = IncidentStatus.received
    grade: Grade | None = None
    grade_rationale: str | None = None
    start: datetime
    end: datetime
    lon: float
    lat: float
    area: dict[str, Any] | None = None  # GeoJSON: union of the reports' areas when every report gives one
    killed_min: int | None = None
    killed_max: int | None = None
    perpetrators: list[str] = []
    targets: list[str] = []
    report_ids: list[int] = []
    links: list[ReportLink] = []
    scope: ScopeCheck | None = None
    confirmations: list[Confirmation] = []
    assigned_to: str | None = None
    locked_by: str | None = None
    locked_until: datetime | None = None
    published: bool = False
    duplicate_of: int | None = None  # the incident this one was merged into (status duplicate)
    release: ReleaseLevel = ReleaseLevel.mechanism
    released_to: list[str] = []  # party keys a party_restricted record is released to
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def is_locked_against(self, actor: str, now: datetime) -> bool:
        """Locked by someone other than ``actor`` and the lock has not run out."""
        return (self.locked_by is not None and self.locked_by != actor
                and self.locked_until is not None and self.locked_until > now)

    def zone_keys(self) -> list[str]:
        return list(self.scope.zones) if self.scope else []


class IncidentQuery(BaseModel):
    """Filters of the incident list; ``matches`` is the reference meaning that repositories implement."""

    start: datetime | None = None  # "from": incidents whose [start, end] overlaps [start, end]
    end: datetime | None = None  # "to"
    zone: str | None = None  # key of a zone in the incident's scope check
    event_type: EventType | None = None
    party: str | None = None  # key of a perpetrator or a target
    grade: Grade | None = None
    status: IncidentStatus | None = None
    scope: Scope | None = None
    bbox: BBox | None = None
    published: bool | None = None
    releases: frozenset[ReleaseLevel] | None = None  # only records of these release levels (who may read)
    view: Visibility | None = None  # only what this reader may see (None: everything)

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        """A time without zone is UTC."""
        return None if value is None else as_utc(value)

    def matches(self, incident: Incident) -> bool:
        if self.view is not None and not self.view.admits_record(incident):
            return False
        if self.start is not None and incident.end < self.start:
            return False
        if self.end is not None and incident.start > self.end:
            return False
        if self.zone is not None and self.zone not in incident.zone_keys():
            return False
        if self.event_type is not None and incident.event_type != self.event_type:
            return False
        if self.party is not None and self.party not in {*incident.perpetrators, *incident.targets}:
            return False
        if self.grade is not None and incident.grade != self.grade:
            return False
        if self.status is not None and incident.status != self.status:
            return False
        if self.scope is not None and (incident.scope is None or incident.scope.scope != self.scope):
            return False
        if self.bbox is not None and not self.bbox.contains(incident.lon, incident.lat):
            return False
        if self.releases is not None and incident.release not in self.releases:
            return False
        return self.published is None or incident.published == self.published


NOT_COUNTED = frozenset({IncidentStatus.dismissed, IncidentStatus.duplicate})


class CountBy(StrEnum):
    """A dimension incident counts are grouped by (``count_by``); several dimensions group in one query."""

    day = "day"  # the UTC day the incident starts on, ISO text
    zone = "zone"  # a zone of its scope check; none is None; an incident in two zones counts in both
    event_type = "event_type"
    party = "party"  # each alleged perpetrator; an incident naming two counts for both; none is None
    grade = "grade"  # None: not graded yet
    scope = "scope"  # None: not checked yet


class IncidentCountQuery(BaseModel):
    """Which incidents a count covers: those that **start** in ``[start, end)`` (so consecutive periods
    never count one twice, as bulletins count), not dismissed nor duplicates, in ``zone`` when given, and
    of the given publication state and release levels (who may read)."""

    start: datetime
    end: datetime  # exclusive
    zone: str | None = None
    published: bool | None = None
    releases: frozenset[ReleaseLevel] | None = None
    excluded: frozenset[IncidentStatus] = NOT_COUNTED

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return as_utc(value)

    def matches(self, incident: Incident) -> bool:
        start = as_utc(incident.start)
        if not self.start <= start < self.end or incident.status in self.excluded:
            return False
        if self.zone is not None and self.zone not in incident.zone_keys():
            return False
        if self.releases is not None and incident.release not in self.releases:
            return False
        return self.published is None or incident.published == self.published

    def keys(self, incident: Incident, by: Sequence[CountBy]) -> list[tuple[str | None, ...]]:
        """The group keys ``incident`` counts under, one value per dimension of ``by`` (several keys when
        it has several zones or parties): the reference meaning of ``count_by``."""
        return [tuple(key) for key in product(*(self._values(incident, dim) for dim in by))]

    def _values(self, incident: Incident, dim: CountBy) -> list[str | None]:
        if dim == CountBy.day:
            return [as_utc(incident.start).date().isoformat()]
        if dim == CountBy.zone:
            zones = sorted(set(incident.zone_keys()))
            if self.zone is not None:
                zones = [z for z in zones if z == self.zone]
            return [*zones] or [None]
        if dim == CountBy.event_type:
            return [str(incident.event_type)]
        if dim == CountBy.party:
            return [*sorted(set(incident.perpetrators))] or [None]
        if dim == CountBy.grade:
            return [None if incident.grade is None else str(incident.grade)]
        return [None if incident.scope is None else str(incident.scope.scope)]


Counts = dict[tuple[str | None, ...], int]
