"""The bulletin period: whole UTC days, its kind, the previous period of equal length."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from truceline.bulletins.models import MAX_DAYS, Period, PeriodKind
from truceline.errors import InvalidPeriod


@pytest.mark.parametrize(("start", "end", "kind", "days"), [
    (date(2017, 10, 20), date(2017, 10, 20), PeriodKind.daily, 1),
    (date(2017, 10, 20), date(2017, 10, 26), PeriodKind.weekly, 7),
    (date(2017, 10, 1), date(2017, 10, 31), PeriodKind.custom, 31),
])
def test_period_of_names_its_kind(start, end, kind, days):
    period = Period.of(start, end)
    assert (period.kind, period.days) == (kind, days)


def test_period_is_half_open_in_utc():
    period = Period.of(date(2017, 10, 20), date(2017, 10, 26))
    assert period.starts_at == datetime(2017, 10, 20, tzinfo=UTC)
    assert period.ends_at == datetime(2017, 10, 27, tzinfo=UTC)
    assert period.contains(datetime(2017, 10, 26, 23, 59, tzinfo=UTC))
    assert not period.contains(datetime(2017, 10, 27, tzinfo=UTC))
    assert period.contains(datetime(2017, 10, 20))  # naive means UTC


def test_period_previous_has_equal_length_just_before():
    previous = Period.of(date(2017, 10, 20), date(2017, 10, 26)).previous()
    assert (previous.start, previous.end, previous.kind) == (date(2017, 10, 13), date(2017, 10, 19), "weekly")


def test_period_refuses_an_end_before_its_start():
    with pytest.raises(InvalidPeriod, match="ends .2017-10-19. before it starts") as info:
        Period.of(date(2017, 10, 20), date(2017, 10, 19))
    assert info.value.code == "E550"


def test_period_refuses_more_than_a_year():
    with pytest.raises(InvalidPeriod, match=f"at most {MAX_DAYS} days"):
        Period.of(date(2016, 1, 1), date(2017, 10, 19))
