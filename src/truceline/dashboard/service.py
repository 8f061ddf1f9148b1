"""The dashboard's use-case: count what the reader may see in the database, then shape it (``aggregate``).

Who sees what (``accounts.policy.visibility``): the mechanism's staff count every incident; everyone else
counts published incidents of release level public (incidents carry no per-party release list, so a
party liaison sees the public counts too). Zones and posts are named only when the reader may see them;
incidents in a zone the reader may not see still count in the totals and breakdowns.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from truceline.accounts.policy import Principal, record_visible, visibility
from truceline.common.models import ReleaseLevel, check_order
from truceline.common.paging import Page
from truceline.dashboard import aggregate
from truceline.dashboard.models import Dashboard, ZoneCoverage, ZoneSeries
from truceline.errors import InvalidValue, NotFound
from truceline.incidents.coverage import coverage
from truceline.incidents.models import CountBy, Grade, IncidentCountQuery, IncidentQuery, Scope
from truceline.zones.models import Zone, ZoneQuery, ZoneStatus

ALL = Page(limit=10_000, offset=0)
DEFAULT_DAYS = 30
MAX_DAYS = 3660
OBSERVING = (ZoneStatus.active, ZoneStatus.suspended)


def count_query(principal: Principal, *, start: date, end: date, zone: str | None) -> IncidentCountQuery:
    """The incidents ``principal`` may count that start on the days ``start``..``end``."""
    view = visibility(principal)
    begin = datetime.combine(start, time(0), tzinfo=UTC)
    stop = datetime.combine(end + timedelta(days=1), time(0), tzinfo=UTC)
    if view.everything:
        return IncidentCountQuery(start=begin, end=stop, zone=zone)
    return IncidentCountQuery(start=begin, end=stop, zone=zone, published=True,
                              releases=frozenset({ReleaseLevel.public}))


def period(store: Any, principal: Principal, *, start: date | None, end: date | None,
           today: date) -> tuple[date, date]:
    """The days shown, both included. By default the 30 days up to the latest incident the reader may
    see (else up to today); a start alone runs 30 days on."""
    if end is None:
        if start is not None:
            end = start + timedelta(days=DEFAULT_DAYS - 1)
        else:
            query = count_query(principal, start=today, end=today, zone=None)
            found = store.incidents.extent(IncidentQuery(published=query.published, releases=query.releases))
            end = found[2].date() if found is not None else today
    if start is None:
        start = end - timedelta(days=DEFAULT_DAYS - 1)
    check_order(start, end, what="dashboard period", start_name="from", end_name="to")
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidValue(f"the dashboard shows at most {MAX_DAYS} days; {start} to {end} is "
                           f"{(end - start).days + 1} days", details=[{"field": "to", "value": end.isoformat()}])
    return start, end


def visible_zones(store: Any, principal: Principal) -> dict[str, Zone]:
    zones = store.zones.list(ZoneQuery(), ALL).items
    return {z.key: z for z in zones if record_visible(principal, z)}


def _observing(zone: Zone, start: date, end: date) -> bool:
    return any(v.status in OBSERVING and v.valid_from <= end and (v.valid_until is None or v.valid_until > start)
               for v in zone.versions)


def zone_coverage(store: Any, principal: Principal, zone: Zone, start: date, end: date,
                  buckets: Any) -> ZoneCoverage:
    """Coverage of the days ``start``..``end``: observed days count every post of the zone (as bulletins
    do); only the posts the reader may see are counted in ``posts``."""
    seen = coverage(store, zone.key, start, end + timedelta(days=1))
    posts = sum(1 for row in seen["posts"] if row["days_deployed"]
                and record_visible(principal, store.posts.get_by_key(row["post"])))
    observed = [date.fromisoformat(d["day"]) for d in seen["days"] if d["observed"]]
    return ZoneCoverage(observed_days=seen["observed_days"], total_days=seen["total_days"], posts=posts,
                        observed=aggregate.observed_share(observed, buckets))


def build_dashboard(store: Any, principal: Principal, *, start: date, end: date,
                    zone: str | None = None) -> Dashboard:
    """The dashboard of the days ``start``..``end`` (both included), in ``zone`` when given."""
    check_order(start, end, what="dashboard period", start_name="from", end_name="to")
    zones = visible_zones(store, principal)
    if zone is not None and zone not in zones:
        raise NotFound(f"no zone with key {zone!r}")
    query = count_query(principal, start=start, end=end, zone=zone)
    granularity = aggregate.granularity_for(start, end)
    buckets = aggregate.buckets(start, end, granularity)
    count_by = store.incidents.count_by
    # three scans: the period's facets together, the zones (a join), the alleged parties (split lists)
    facets = count_by(query, [CountBy.day, CountBy.event_type, CountBy.grade, CountBy.scope])
    day_zone = {(str(k[0]), k[1]): n for k, n in count_by(query, [CountBy.day, CountBy.zone]).items()}
    by_zone = aggregate.per_zone_bucket(day_zone, buckets)
    if zone is not None:
        shown = [zone]
    else:
        shown = sorted({k for k, z in zones.items() if _observing(z, start, end)} | {k for k in by_zone if k in zones})
    empty = (0,) * len(buckets)
    series = [ZoneSeries(key=k, name=zones[k].name, counts=by_zone.get(k, empty),
                         coverage=zone_coverage(store, principal, zones[k], start, end, buckets)) for k in shown]
    if zone is None and None in by_zone:
        series.append(ZoneSeries(key=None, name=None, counts=by_zone[None]))
    parties = aggregate.marginal(count_by(query, [CountBy.party]), 0)
    names = {k: p.name for k in parties if k and (p := store.parties.get_by_key(k)) is not None}
    per_day = {str(k): n for k, n in aggregate.marginal(facets, 0).items()}
    return Dashboard(
        start=start, end=end, zone=zone, granularity=granularity, buckets=buckets,
        per_bucket=aggregate.per_bucket(per_day, buckets), zones=tuple(series),
        by_type=aggregate.ranked(aggregate.marginal(facets, 1), missing=aggregate.UNKNOWN_PARTY),
        by_party=aggregate.ranked(parties, missing=aggregate.UNKNOWN_PARTY, names=names),
        by_grade=aggregate.ranked(aggregate.marginal(facets, 2), missing=aggregate.UNGRADED,
                                  order=[g.value for g in Grade]),
        by_scope=aggregate.ranked(aggregate.marginal(facets, 3), missing=aggregate.UNEVALUATED,
                                  order=[s.value for s in Scope]),
        everything=visibility(principal).everything)
