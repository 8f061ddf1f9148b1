from datetime import timedelta

import pytest

from truceline.ingest.models import backoff_delay


@pytest.mark.parametrize(("failures", "minutes"), [(0, 30), (1, 30), (2, 60), (3, 120), (4, 240), (6, 600), (40, 600)])
def test_backoff_delay_doubles_per_failure_up_to_the_cap(failures, minutes):
    assert backoff_delay(interval_minutes=30, failures=failures, cap_minutes=600) == timedelta(minutes=minutes)


def test_backoff_delay_is_never_shorter_than_the_interval():
    assert backoff_delay(interval_minutes=120, failures=3, cap_minutes=60) == timedelta(minutes=120)
