"""The change feed's cursor: an opaque string that encodes the feed and the last change id delivered.

It is URL-safe base64 (no padding) of ``{"v": 1, "feed": "incident", "after": 123}``. Clients must not
build or read it; a cursor of one feed is refused by the other.
"""

from __future__ import annotations

import base64
import binascii
import json

from truceline.errors import CursorOtherFeed, InvalidCursor

VERSION = 1
MAX_LENGTH = 200


def encode(entity: str, after_id: int) -> str:
    text = json.dumps({"v": VERSION, "feed": entity, "after": after_id}, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor: str | None, entity: str) -> int:
    """The last change id the cursor delivered; 0 (the beginning) for no cursor."""
    if cursor is None or cursor == "":
        return 0
    if len(cursor) > MAX_LENGTH:
        raise _invalid(cursor, "too long")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError) as exc:
        raise _invalid(cursor, "not a cursor of this instance") from exc
    if (not isinstance(data, dict) or set(data) != {"v", "feed", "after"} or data["v"] != VERSION
            or not isinstance(data["feed"], str) or type(data["after"]) is not int or data["after"] < 0):
        raise _invalid(cursor, "not a cursor of this instance")
    if encode(data["feed"], data["after"]) != cursor:
        raise _invalid(cursor, "not in the form this instance issues")
    if data["feed"] != entity:
        raise CursorOtherFeed(f"the cursor belongs to the {data['feed']} feed, not the {entity} feed",
                              details=[{"field": "since", "value": cursor}])
    return int(data["after"])


def _invalid(cursor: str, why: str) -> InvalidCursor:
    shown = cursor if len(cursor) <= 40 else cursor[:40] + "..."
    return InvalidCursor(f"since={shown!r} is {why}: use the next_cursor of a feed page, or no cursor to start "
                         "from the beginning", details=[{"field": "since", "value": shown}])
