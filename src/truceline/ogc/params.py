"""Query parameters of OGC API – Features (Part 1: Core): ``bbox``, ``datetime`` and ``limit``.

``datetime`` is an RFC 3339 instant (``2017-10-30T09:00:00Z``), a date (``2017-10-30``: the whole day), or
an interval of two of them with ``/`` where either side may be ``..`` or empty (open).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from truceline.errors import InvalidValue
from truceline.geo.geometry import BBox, parse_bbox

DEFAULT_LIMIT = 100


@dataclass(frozen=True)
class Interval:
    """A closed time interval; ``None`` on a side means open."""

    start: datetime | None
    end: datetime | None

    def day(self) -> date | None:
        """The day a point-in-time register answers for: the end of the interval (its start when open)."""
        moment = self.end or self.start
        return None if moment is None else moment.date()


def _moment(text: str, *, end: bool) -> datetime | None:
    text = text.strip()
    if text in ("", ".."):
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            at = datetime.combine(day, time(), tzinfo=UTC)
            return at + timedelta(days=1) - timedelta(microseconds=1) if end else at
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue(f"datetime {text!r}: expected an RFC 3339 date or date-time, e.g. 2017-10-30 or "
                           "2017-10-30T09:00:00Z", details=[{"field": "datetime", "value": text}]) from None
    if at.tzinfo is None:
        raise InvalidValue(f"datetime {text!r}: a date-time needs its offset (Z or +hh:mm)",
                           details=[{"field": "datetime", "value": text}])
    return at.astimezone(UTC)


def parse_datetime(text: str | None) -> Interval | None:
    if text is None or text.strip() == "":
        return None
    if "/" in text:
        left, _, right = text.partition("/")
        if left.strip() in ("", "..") and right.strip() in ("", ".."):
            raise InvalidValue("datetime: an interval needs at least one end",
                               details=[{"field": "datetime", "value": text}])
        interval = Interval(_moment(left, end=False), _moment(right, end=True))
        if interval.start and interval.end and interval.start > interval.end:
            raise InvalidValue(f"datetime {text!r}: the interval ends before it starts",
                               details=[{"field": "datetime", "value": text}])
        return interval
    return Interval(_moment(text, end=False), _moment(text, end=True))


def parse_ogc_bbox(text: str | None) -> BBox | None:
    """``minlon,minlat,maxlon,maxlat`` in WGS 84 (CRS84); a 6-number 3D box is refused with a clear error."""
    if text is None or text.strip() == "":
        return None
    return parse_bbox(text)


def clamp_limit(limit: int | None, *, maximum: int) -> int:
    """The page size: the client's ``limit`` within 1..``maximum`` (the standard lets a server cap it)."""
    if limit is None:
        return min(DEFAULT_LIMIT, maximum)
    if limit < 1:
        raise InvalidValue(f"limit {limit}: must be at least 1", details=[{"field": "limit", "value": limit}])
    return min(limit, maximum)
