"""Login throttling, pure: count failures per subject in a window; too many lock the subject for a while.

Two subjects are counted for every failed login: the username tried (known or not, so that locks tell
nothing about which accounts exist) and the client address. While either is locked, logins are refused
before the password is even checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from truceline.accounts.models import Throttle


@dataclass(frozen=True)
class ThrottleRule:
    max_failures: int
    window: timedelta = timedelta(minutes=15)
    lock: timedelta = timedelta(minutes=15)


USERNAME_RULE = ThrottleRule(max_failures=5)
ADDRESS_RULE = ThrottleRule(max_failures=20)  # one office behind one address holds many users


def locked_until(throttle: Throttle | None, now: datetime) -> datetime | None:
    """The end of the lock when the subject is locked at ``now``, else None."""
    if throttle is None or throttle.locked_until is None or throttle.locked_until <= now:
        return None
    return throttle.locked_until


def after_failure(throttle: Throttle | None, *, scope: str, subject: str, now: datetime,
                  rule: ThrottleRule) -> Throttle:
    """The subject's throttle after one more failure at ``now``."""
    current = throttle or Throttle(scope=scope, subject=subject)
    in_window = current.window_start is not None and now - current.window_start < rule.window
    failures = current.failures + 1 if in_window else 1
    start = current.window_start if in_window else now
    if failures >= rule.max_failures:
        return current.model_copy(update={"failures": 0, "window_start": None, "locked_until": now + rule.lock})
    return current.model_copy(update={"failures": failures, "window_start": start})


def after_success(throttle: Throttle | None) -> Throttle | None:
    """A successful login clears the username's failures (not a running lock: it was refused before)."""
    if throttle is None or throttle.failures == 0:
        return None
    return throttle.model_copy(update={"failures": 0, "window_start": None})
