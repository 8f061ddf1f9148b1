"""Shared pure domain types.

* ``Key``: a stable, human-readable identifier (``hts``, ``astana-memorandum-2017``) that travels between
  instances and files; integer ids are local to one database.
* ``Validity``: a half-open interval of dates ``[valid_from, valid_until)``; ``None`` is open-ended.
* ``ReleaseLevel``: who may see a record (the web layer enforces it; every record carries one).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from enum import StrEnum

from truceline.errors import DatesOutOfOrder, InvalidValue

KEY_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


class ReleaseLevel(StrEnum):
    public = "public"  # anyone, including anonymous readers and published bulletins
    mechanism = "mechanism"  # staff of the monitoring mechanism
    party_restricted = "party_restricted"  # mechanism staff and the liaison of the named party


def slugify(text: str) -> str:
    """Make a key from a name: ASCII, lower case, words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80] or "record"


def check_key(key: str) -> str:
    if not KEY_RE.match(key):
        raise InvalidValue(
            f"'{key}' is not a valid key: use 1-80 lower-case letters, digits and hyphens, "
            "starting with a letter or digit"
        )
    return key


def check_order(start: date | None, end: date | None, *, what: str, start_name: str, end_name: str) -> None:
    """Raise ``DatesOutOfOrder`` when ``end`` is before ``start`` (both known)."""
    if start is not None and end is not None and end < start:
        raise DatesOutOfOrder(
            f"{what}: {end_name} {end.isoformat()} is before {start_name} {start.isoformat()}",
            details=[{"field": end_name, "value": end.isoformat()}],
        )


def in_force(valid_from: date | None, valid_until: date | None, at: date) -> bool:
    """True when ``at`` lies in the half-open interval ``[valid_from, valid_until)``."""
    return (valid_from is None or valid_from <= at) and (valid_until is None or at < valid_until)


def as_utc(value: datetime) -> datetime:
    """A timezone-aware UTC datetime; a naive one is taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def normalise_name(name: str) -> str:
    """A comparison form of a name in any script: case-folded, accents and punctuation dropped.

    Arabic letters are kept (only tatweel and diacritics go), so aliases in Arabic and Cyrillic compare too.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch) and ch != "\u0640")
    text = re.sub(r"[\W_]+", " ", text.casefold())
    return " ".join(text.split())
