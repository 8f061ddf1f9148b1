"""The dashboard use-case over the demo scenario on every store: what each reader counts, matched against
a count made by hand from the incidents, the period's defaults and limits, coverage."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from truceline.accounts.models import Role
from truceline.accounts.policy import Principal
from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page
from truceline.dashboard import service
from truceline.dashboard.models import Granularity
from truceline.demo.loader import load_demo, load_demo_reports
from truceline.errors import DatesOutOfOrder, InvalidValue, NotFound
from truceline.incidents.models import NOT_COUNTED, IncidentQuery
from truceline.zones import service as zones_service
from truceline.zones.schemas import ZoneUpdate

ANALYST = Principal(role=Role.analyst, username="amal")
PUBLIC = Principal.anonymous()
LIAISON = Principal(role=Role.party_liaison, username="lia", party="turkey")
OCTOBER = {"start": date(2017, 10, 1), "end": date(2017, 10, 31)}


@pytest.fixture
def store(any_store, ctx):
    load_demo(any_store, ctx)
    load_demo_reports(any_store, ctx)
    published = any_store.incidents.list(IncidentQuery(published=True), Page(limit=100)).items
    for incident in published[3:]:  # withdraw two of the five published incidents: three stay public
        any_store.incidents.save(incident.model_copy(update={"published": False, "release": ReleaseLevel.mechanism}))
    zones_service.update_zone(any_store, ctx, "south-west", ZoneUpdate(release="mechanism", reason="restricted"))
    return any_store


def _by_hand(store, principal, *, start, end, zone=None):
    everything = principal.role in (Role.admin, Role.analyst)
    out = []
    for i in store.incidents.list(IncidentQuery(), Page(limit=1000)).items:
        if not start <= i.start.date() <= end or i.status in NOT_COUNTED:
            continue
        if not everything and not (i.published and i.release == ReleaseLevel.public):
            continue
        if zone is not None and zone not in i.zone_keys():
            continue
        out.append(i)
    return out


def test_dashboard_counts_match_a_count_by_hand(store):
    for principal in (ANALYST, PUBLIC, LIAISON):
        _check_against_hand_count(store, principal)


def _check_against_hand_count(store, principal):
    board = service.build_dashboard(store, principal, **OCTOBER)
    hand = _by_hand(store, principal, **OCTOBER)
    assert board.total == len(hand) and board.granularity == Granularity.day and len(board.buckets) == 31
    per_day = Counter(i.start.date() for i in hand)
    assert {b.start: n for b, n in zip(board.buckets, board.per_bucket, strict=True) if n} == per_day
    assert {c.key: c.count for c in board.by_type} == Counter(str(i.event_type) for i in hand)
    parties = Counter(p for i in hand for p in (i.perpetrators or ["unknown"]))
    assert {c.key: c.count for c in board.by_party} == parties
    grades = Counter(str(i.grade) if i.grade else "ungraded" for i in hand)
    assert {c.key: c.count for c in board.by_grade if c.count} == grades
    scopes = Counter(str(i.scope.scope) if i.scope else "unevaluated" for i in hand)
    assert {c.key: c.count for c in board.by_scope if c.count} == scopes
    zones = {z.key: z.total for z in board.zones}
    for key, total in zones.items():
        if key is not None:
            assert total == sum(1 for i in hand if key in i.zone_keys())
    assert zones.get(None, 0) == sum(1 for i in hand if not i.zone_keys())
    assert board.everything is (principal is ANALYST)


def test_public_readers_count_less_and_see_only_public_zones(store):
    staff_board = service.build_dashboard(store, ANALYST, **OCTOBER)
    public_board = service.build_dashboard(store, PUBLIC, **OCTOBER)
    assert staff_board.total == 12 and public_board.total == 3
    assert {c.key for c in staff_board.by_party} > {c.key for c in public_board.by_party}
    staff = {z.key for z in staff_board.zones}
    public = {z.key for z in public_board.zones}
    assert "south-west" in staff and "south-west" not in public  # restricted to the mechanism above
    with pytest.raises(NotFound):
        service.build_dashboard(store, PUBLIC, zone="south-west", **OCTOBER)
    with pytest.raises(NotFound):
        service.build_dashboard(store, ANALYST, zone="atlantis", **OCTOBER)


def test_zone_filter_narrows_every_count(store):
    board = service.build_dashboard(store, ANALYST, zone="eastern-ghouta", **OCTOBER)
    assert [z.key for z in board.zones] == ["eastern-ghouta"] and board.total == 4
    assert sum(c.count for c in board.by_grade) == 4 and sum(c.count for c in board.by_type) == 4


def test_coverage_tells_unobserved_days(store):
    board = service.build_dashboard(store, ANALYST, **OCTOBER)
    idlib = next(z for z in board.zones if z.key == "idlib")
    cov = idlib.coverage
    assert cov is not None and cov.total_days == 31 and 0 < cov.observed_days < 31 and cov.posts >= 1
    assert cov.observed[0] == 0.0 and cov.observed[-1] == 1.0  # the Idlib post deploys mid-October
    assert next(z for z in board.zones if z.key is None).coverage is None


def test_long_periods_are_bucketed_by_week_then_month_and_default_periods(store):
    weeks = service.build_dashboard(store, ANALYST, start=date(2017, 7, 1), end=date(2017, 12, 31))
    months = service.build_dashboard(store, ANALYST, start=date(2015, 1, 1), end=date(2017, 12, 31))
    assert weeks.granularity == Granularity.week and months.granularity == Granularity.month
    assert weeks.total == months.total == 12 and len(months.buckets) == 36
    _check_default_periods(store)


def _check_default_periods(store):
    """The 30 days up to the latest incident the reader may see; a start alone runs 30 days on."""
    today = date(2018, 6, 1)
    assert service.period(store, ANALYST, start=None, end=None, today=today) == (date(2017, 9, 29), date(2017, 10, 28))
    start, end = service.period(store, PUBLIC, start=None, end=None, today=today)
    assert end <= date(2017, 10, 28) and (end - start).days == 29
    assert service.period(store, PUBLIC, start=date(2017, 1, 1), end=None, today=today) == (
        date(2017, 1, 1), date(2017, 1, 30))
    assert service.period(store, PUBLIC, start=None, end=date(2017, 1, 30), today=today)[0] == date(2017, 1, 1)


def test_period_with_nothing_visible_ends_today(any_store):
    assert service.period(any_store, PUBLIC, start=None, end=None, today=date(2020, 5, 31)) == (
        date(2020, 5, 2), date(2020, 5, 31))


def test_period_refuses_reversed_or_too_long(any_store):
    store = any_store
    with pytest.raises(DatesOutOfOrder):
        service.period(store, PUBLIC, start=date(2017, 10, 2), end=date(2017, 10, 1), today=date(2018, 1, 1))
    with pytest.raises(InvalidValue, match="at most 3660 days"):
        service.period(store, PUBLIC, start=date(2000, 1, 1), end=date(2017, 1, 1), today=date(2018, 1, 1))
    end = date(2017, 1, 1)
    assert service.period(store, PUBLIC, start=end - timedelta(days=3659), end=end, today=end)[1] == end
