"""Pure objects of the dashboard: the period's time buckets, counts, zone series with their coverage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Granularity(StrEnum):
    """How long one bar of a time chart is: a day for periods up to three months, then a week (from
    Monday), then a calendar month; the first and last buckets are cut to the period."""

    day = "day"
    week = "week"
    month = "month"


@dataclass(frozen=True)
class Bucket:
    start: date
    end: date  # exclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class Count:
    """One bar of a breakdown: ``key`` is an enum value or a register key (or one of the ``aggregate``
    placeholders such as ``unknown``); ``name`` is the register's name for a party."""

    key: str
    count: int
    name: str | None = None


@dataclass(frozen=True)
class ZoneCoverage:
    """Days of the period on which at least one post of the zone was deployed, and the posts."""

    observed_days: int
    total_days: int
    posts: int  # posts of the zone deployed on some day of the period that this reader may see
    observed: tuple[float, ...]  # per bucket: the share of its days observed (0 to 1)

    @property
    def share(self) -> float:
        return self.observed_days / self.total_days if self.total_days else 0.0


@dataclass(frozen=True)
class ZoneSeries:
    key: str | None  # None: incidents outside every zone
    name: str | None
    counts: tuple[int, ...]  # per bucket
    coverage: ZoneCoverage | None = None  # None for "outside every zone"

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Dashboard:
    start: date
    end: date  # inclusive: the last day shown
    zone: str | None
    granularity: Granularity
    buckets: tuple[Bucket, ...]
    per_bucket: tuple[int, ...]  # every incident counted, once
    zones: tuple[ZoneSeries, ...]
    by_type: tuple[Count, ...]
    by_party: tuple[Count, ...]
    by_grade: tuple[Count, ...]
    by_scope: tuple[Count, ...]
    everything: bool  # the reader sees every incident (staff); else published public incidents only

    @property
    def total(self) -> int:
        return sum(self.per_bucket)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1
