"""Pure domain objects of bulletins: the period, the frozen incident snapshots, the tables, the bulletin.

A bulletin is a frozen document: everything needed to render it and to recompute its tables travels inside
it (the incidents of the period and of the previous period as snapshots, each with its uid and version, and
the zones with their observation coverage). ``content_hash`` is the sha256 of the canonical JSON of
everything else (see ``codec.py``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from truceline.common.models import as_utc
from truceline.errors import InvalidPeriod
from truceline.incidents.models import Grade, IncidentStatus, Position, Scope
from truceline.reports.taxonomy import EventType

FORMAT_V1: Literal["truceline.bulletin/1"] = "truceline.bulletin/1"
FORMAT: Literal["truceline.bulletin/2"] = "truceline.bulletin/2"  # /1 plus humanitarian-window flags
FORMATS = (FORMAT_V1, FORMAT)
MAX_DAYS = 366
# What /2 added: left out when a /1 bulletin is dumped, so that a /1 file hashes and re-renders as written
V2_ONLY: dict[str, object] = {"windows": True, "tables": {"in_windows": True, "by_window": True},
                              "incidents": {"__all__": {"windows"}},
                              "previous_incidents": {"__all__": {"windows"}}}


class PeriodKind(StrEnum):
    daily = "daily"  # one day
    weekly = "weekly"  # seven days
    custom = "custom"  # any other number of days


class Audience(StrEnum):
    """Who the bulletin is for; it decides which incidents, zones and posts it may show."""

    public = "public"  # published incidents of release level public; public zones and posts only
    mechanism = "mechanism"  # every incident of the period, whatever its release level


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Period(Frozen):
    """Whole UTC days ``start``..``end``, both included: the half-open time range ``[starts_at, ends_at)``."""

    start: date
    end: date
    kind: PeriodKind

    @classmethod
    def of(cls, start: date, end: date) -> Period:
        """The period from ``start`` to ``end`` (inclusive); its kind follows from its length."""
        if end < start:
            raise InvalidPeriod(f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})",
                                details=[{"field": "to", "value": end.isoformat()}])
        days = (end - start).days + 1
        if days > MAX_DAYS:
            raise InvalidPeriod(f"a bulletin covers at most {MAX_DAYS} days, not {days}",
                                details=[{"field": "to", "value": end.isoformat()}])
        kind = PeriodKind.daily if days == 1 else PeriodKind.weekly if days == 7 else PeriodKind.custom
        return cls(start=start, end=end, kind=kind)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def ends_at(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)

    def contains(self, at: datetime) -> bool:
        return self.starts_at <= as_utc(at) < self.ends_at

    def previous(self) -> Period:
        """The period of equal length just before this one."""
        return Period.of(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


class PartyPosition(Frozen):
    party: str
    position: Position


class IncidentSnapshot(Frozen):
    """What a bulletin keeps of one incident version: enough to render it and to count it."""

    uid: str
    version: int
    event_type: EventType
    status: IncidentStatus
    start: datetime
    end: datetime
    lon: float
    lat: float
    place: str | None = None  # the place name its reports give most often
    province: str  # admin1, see ``service.province_of``; "unknown" when nothing tells
    province_from: Literal["reports", "zones", "unknown"]
    zones: tuple[str, ...] = ()
    perpetrators: tuple[str, ...] = ()  # alleged parties
    targets: tuple[str, ...] = ()
    grade: Grade | None = None
    scope: Scope | None = None
    agreement: str | None = None
    provision: str | None = None
    killed_min: int | None = None
    killed_max: int | None = None
    reported_by: tuple[str, ...] = ()  # parties whose own sources reported it
    confirmations: tuple[PartyPosition, ...] = ()
    windows: tuple[str, ...] = ()  # keys of the agreed humanitarian windows it falls in (/2)

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return as_utc(value)


class WindowSnapshot(Frozen):
    """A humanitarian window that incidents of the bulletin fall in: what a reader needs to name it."""

    key: str
    name: str
    purpose: str
    start: datetime
    end: datetime

    @field_validator("start", "end")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return as_utc(value)


class CoveragePost(Frozen):
    post: str
    name: str
    guarantor: str
    days_deployed: int


class Coverage(Frozen):
    """Observation of one zone over the period: days on which at least one post was deployed."""

    observed_days: int
    total_days: int
    posts: tuple[CoveragePost, ...] = ()
    withheld_posts: int = 0  # posts counted in ``observed_days`` but not named for this audience


class ZoneSnapshot(Frozen):
    key: str
    name: str
    coverage: Coverage


class Cell(Frozen):
    """One count of the period, the count of the previous period, and the incidents behind the count."""

    count: int
    previous: int
    delta: int
    incidents: tuple[str, ...] = ()  # uids, sorted


class Breakdown(Frozen):
    """Counts of one area (a zone, a province, or everything) by event type, alleged party, grade, scope."""

    key: str | None  # zone key or province; None for incidents outside every zone
    label: str
    total: Cell
    by_type: dict[str, Cell]
    by_party: dict[str, Cell]
    by_grade: dict[str, Cell]
    by_scope: dict[str, Cell]
    coverage: Coverage | None = None  # zones only


class ReporterRow(Frozen):
    """Incidents reported by one party's own sources, and what each other monitoring party said of them."""

    reporter: str
    reported: Cell
    positions: dict[str, dict[str, Cell]]  # monitoring party -> position -> incidents


class Tables(Frozen):
    overall: Breakdown
    zones: tuple[Breakdown, ...]
    provinces: tuple[Breakdown, ...]
    reported_by: tuple[ReporterRow, ...]
    positions: dict[str, dict[str, Cell]]  # each monitoring party's positions on every incident counted
    in_windows: Cell = Cell(count=0, previous=0, delta=0)  # incidents inside an agreed humanitarian window (/2)
    by_window: dict[str, Cell] = {}  # window key -> the incidents inside it (/2)


class Bulletin(Frozen):
    format: Literal["truceline.bulletin/1", "truceline.bulletin/2"] = FORMAT
    period: Period
    issuer: str
    issued_at: datetime
    audience: Audience
    incidents: tuple[IncidentSnapshot, ...]  # the frozen set: counted in this period
    previous_incidents: tuple[IncidentSnapshot, ...]  # counted in the previous period (for the deltas)
    zones: tuple[ZoneSnapshot, ...]
    tables: Tables
    windows: tuple[WindowSnapshot, ...] = ()  # the windows incidents of either period fall in (/2)
    content_hash: str = ""  # sha256 hex of the canonical JSON of everything else

    @field_validator("issued_at")
    @classmethod
    def _utc(cls, value: datetime) -> datetime:
        return as_utc(value)

    def document(self) -> dict[str, object]:
        """The bulletin as a JSON-ready dict in the shape of its format version (a /1 bulletin without the
        fields /2 added)."""
        exclude = V2_ONLY if self.format == FORMAT_V1 else None
        return self.model_dump(mode="json", exclude=exclude)  # type: ignore[arg-type]

    def refs(self) -> list[tuple[str, int]]:
        """The frozen set of incident versions this bulletin counts."""
        return [(i.uid, i.version) for i in self.incidents]
