"""Pure shaping of grouped counts into the dashboard's series (no store, no clock).

The database groups incidents by UTC day (``CountBy``); these functions cut the period into buckets,
add the days into them, fill the days without incidents with zeros, and rank breakdowns. Counting rules
follow bulletins (docs/bulletins.md): an incident counts on the day it starts; no perpetrator is
``unknown``, no grade ``ungraded``, no scope check ``unevaluated``; an incident in two zones counts in both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from truceline.dashboard.models import Bucket, Count, Granularity

UNKNOWN_PARTY = "unknown"
UNGRADED = "ungraded"
UNEVALUATED = "unevaluated"
DAILY_UP_TO = 92  # days: longer periods are shown by week
WEEKLY_UP_TO = 731  # days: longer periods are shown by month


def marginal(counts: Mapping[tuple[str | None, ...], int], position: int) -> dict[str | None, int]:
    """Counts grouped by several dimensions added up over all but the one at ``position``."""
    out: dict[str | None, int] = {}
    for key, count in counts.items():
        out[key[position]] = out.get(key[position], 0) + count
    return out


def granularity_for(start: date, end: date) -> Granularity:
    """The bucket length for the days ``start``..``end`` (both included)."""
    days = (end - start).days + 1
    if days <= DAILY_UP_TO:
        return Granularity.day
    return Granularity.week if days <= WEEKLY_UP_TO else Granularity.month


def _next_start(day: date, granularity: Granularity) -> date:
    if granularity == Granularity.day:
        return day + timedelta(days=1)
    if granularity == Granularity.week:
        return day + timedelta(days=7 - day.weekday())
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def buckets(start: date, end: date, granularity: Granularity) -> tuple[Bucket, ...]:
    """Consecutive buckets covering ``start``..``end`` (both included), cut at the period's edges."""
    out = []
    stop = end + timedelta(days=1)
    day = start
    while day < stop:
        following = min(_next_start(day, granularity), stop)
        out.append(Bucket(day, following))
        day = following
    return tuple(out)


def bucket_index(buckets_: Sequence[Bucket]) -> dict[date, int]:
    """Each day of the period -> the index of its bucket."""
    return {b.start + timedelta(days=n): i for i, b in enumerate(buckets_) for n in range(b.days)}


def per_bucket(day_counts: Mapping[str, int], buckets_: Sequence[Bucket]) -> tuple[int, ...]:
    """Counts by ISO day added into the buckets; days outside the period are ignored."""
    index = bucket_index(buckets_)
    out = [0] * len(buckets_)
    for day, count in day_counts.items():
        i = index.get(date.fromisoformat(day))
        if i is not None:
            out[i] += count
    return tuple(out)


def per_zone_bucket(day_zone_counts: Mapping[tuple[str, str | None], int],
                    buckets_: Sequence[Bucket]) -> dict[str | None, tuple[int, ...]]:
    """Counts by (ISO day, zone) -> each zone's (``None``: outside every zone) counts per bucket."""
    by_zone: dict[str | None, dict[str, int]] = {}
    for (day, zone), count in day_zone_counts.items():
        days = by_zone.setdefault(zone, {})
        days[day] = days.get(day, 0) + count
    return {zone: per_bucket(days, buckets_) for zone, days in by_zone.items()}


def observed_share(observed_days: Iterable[date], buckets_: Sequence[Bucket]) -> tuple[float, ...]:
    """The share of each bucket's days that were observed."""
    index = bucket_index(buckets_)
    seen = [0] * len(buckets_)
    for day in set(observed_days):
        i = index.get(day)
        if i is not None:
            seen[i] += 1
    return tuple(s / b.days for s, b in zip(seen, buckets_, strict=True))


def ranked(counts: Mapping[str | None, int], *, missing: str, names: Mapping[str, str] | None = None,
           order: Sequence[str] | None = None) -> tuple[Count, ...]:
    """A breakdown's bars. ``None`` keys become ``missing``. With ``order`` (grades, scopes) every key
    of it is shown in that order, zeros included, then ``missing``; without it the bars go from the
    largest count down (ties by key) and the ``missing`` bar comes last."""
    merged: dict[str, int] = {}
    for key, count in counts.items():
        name = missing if key is None else key
        merged[name] = merged.get(name, 0) + count
    names = names or {}
    if order is not None:
        keys = [*order, *sorted(k for k in merged if k not in order and k != missing)]
        if missing in merged:
            keys.append(missing)
        return tuple(Count(k, merged.get(k, 0), names.get(k)) for k in keys)
    known = sorted((k for k in merged if k != missing), key=lambda k: (-merged[k], k))
    tail = [missing] if missing in merged else []
    return tuple(Count(k, merged[k], names.get(k)) for k in [*known, *tail])
