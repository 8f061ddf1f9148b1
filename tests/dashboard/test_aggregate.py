"""Pure shaping of grouped counts: buckets, filling, ranking."""

from __future__ import annotations

from datetime import date

import pytest

from truceline.dashboard import aggregate
from truceline.dashboard.models import Bucket, Count, Granularity


@pytest.mark.parametrize(("start", "end", "granularity"), [
    (date(2017, 10, 1), date(2017, 10, 1), Granularity.day),
    (date(2017, 1, 1), date(2017, 4, 2), Granularity.day),  # 92 days
    (date(2017, 1, 1), date(2017, 4, 3), Granularity.week),
    (date(2016, 1, 1), date(2017, 12, 31), Granularity.week),  # 731 days
    (date(2016, 1, 1), date(2018, 1, 1), Granularity.month),
])
def test_granularity_grows_with_the_period(start, end, granularity):
    assert aggregate.granularity_for(start, end) == granularity


def test_buckets_cover_the_period_and_are_cut_at_its_edges():
    assert aggregate.buckets(date(2017, 10, 1), date(2017, 10, 3), Granularity.day) == (
        Bucket(date(2017, 10, 1), date(2017, 10, 2)), Bucket(date(2017, 10, 2), date(2017, 10, 3)),
        Bucket(date(2017, 10, 3), date(2017, 10, 4)))
    weeks = aggregate.buckets(date(2017, 10, 4), date(2017, 10, 20), Granularity.week)  # a Wednesday
    assert [(b.start.isoformat(), b.days) for b in weeks] == [("2017-10-04", 5), ("2017-10-09", 7), ("2017-10-16", 5)]
    months = aggregate.buckets(date(2016, 11, 15), date(2017, 2, 1), Granularity.month)
    assert [(b.start.isoformat(), b.days) for b in months] == [
        ("2016-11-15", 16), ("2016-12-01", 31), ("2017-01-01", 31), ("2017-02-01", 1)]


def test_per_bucket_adds_days_fills_zeros_and_ignores_days_outside():
    weeks = aggregate.buckets(date(2017, 10, 2), date(2017, 10, 15), Granularity.week)
    counts = {"2017-10-02": 1, "2017-10-08": 2, "2017-10-15": 4, "2017-10-16": 9, "2017-09-30": 9}
    assert aggregate.per_bucket(counts, weeks) == (3, 4)
    days = aggregate.buckets(date(2017, 10, 2), date(2017, 10, 4), Granularity.day)
    assert aggregate.per_bucket({}, days) == (0, 0, 0)


def test_per_zone_bucket_keeps_the_outside_row():
    days = aggregate.buckets(date(2017, 10, 1), date(2017, 10, 2), Granularity.day)
    got = aggregate.per_zone_bucket({("2017-10-01", "idlib"): 2, ("2017-10-02", None): 1,
                                     ("2017-10-02", "idlib"): 1}, days)
    assert got == {"idlib": (2, 1), None: (0, 1)}


def test_observed_share_per_bucket():
    weeks = aggregate.buckets(date(2017, 10, 2), date(2017, 10, 11), Granularity.week)  # 7 days, then 3
    observed = [date(2017, 10, d) for d in (2, 3, 9, 10, 11, 11)]
    assert aggregate.observed_share(observed, weeks) == (2 / 7, 1.0)


def test_ranked_without_order_goes_largest_first_missing_last():
    got = aggregate.ranked({"hts": 2, None: 5, "syria": 3, "isil": 2}, missing="unknown", names={"syria": "Syria"})
    assert got == (Count("syria", 3, "Syria"), Count("hts", 2), Count("isil", 2), Count("unknown", 5))


def test_ranked_with_order_shows_every_value_with_zeros():
    got = aggregate.ranked({"weak": 1, None: 2, "odd": 1}, missing="ungraded", order=["confirmed", "weak"])
    assert [(c.key, c.count) for c in got] == [("confirmed", 0), ("weak", 1), ("odd", 1), ("ungraded", 2)]
    assert aggregate.ranked({}, missing="unknown") == ()


def test_marginal_adds_up_over_the_other_dimensions():
    counts = {("2017-10-01", "shelling"): 2, ("2017-10-01", "air_strike"): 1, ("2017-10-02", "shelling"): 4}
    assert aggregate.marginal(counts, 0) == {"2017-10-01": 3, "2017-10-02": 4}
    assert aggregate.marginal(counts, 1) == {"shelling": 6, "air_strike": 1}
    assert aggregate.marginal({}, 0) == {}
