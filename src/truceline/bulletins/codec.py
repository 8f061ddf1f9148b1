"""Bulletins as canonical JSON bytes: the content hash, writing, and reading back with every check.

Format versions: ``truceline.bulletin/2`` (issued now) adds humanitarian-window flags to ``/1``; a ``/1``
file is still read, checked and re-rendered byte for byte (``Bulletin.document`` leaves the /2 fields out).

Canonical JSON here is UTF-8, keys sorted at every level, separators ``,`` and ``:``, no insignificant
whitespace, non-ASCII characters as themselves; it is what the content hash covers and what
``truceline bulletin issue`` writes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import ValidationError

from truceline.bulletins.compute import compute_tables
from truceline.bulletins.models import FORMATS, Bulletin
from truceline.errors import (
    BulletinFileError,
    BulletinHashMismatch,
    BulletinInconsistent,
    UnsupportedBulletin,
)

MAX_BYTES = 64 * 1024 * 1024


def canonical_json(doc: Any) -> bytes:
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def content_hash(bulletin: Bulletin) -> str:
    """sha256 (hex) over the canonical JSON of the bulletin without its ``content_hash``."""
    body = bulletin.document()
    del body["content_hash"]
    return hashlib.sha256(canonical_json(body)).hexdigest()


def seal(bulletin: Bulletin) -> Bulletin:
    """The bulletin with its content hash set."""
    return bulletin.model_copy(update={"content_hash": content_hash(bulletin)})


def dumps(bulletin: Bulletin) -> bytes:
    """The canonical JSON bytes of a sealed bulletin (what is hashed, signed and rendered as JSON)."""
    return canonical_json(bulletin.document())


def _mismatch(claimed: object, expected: str) -> BulletinHashMismatch:
    return BulletinHashMismatch(
        "the bulletin's content does not match its content hash: it was changed after it was issued",
        details=[{"field": "content_hash", "value": claimed, "expected": expected}])


def check(bulletin: Bulletin) -> Bulletin:
    """Refuse a bulletin whose hash does not match its content, or whose tables do not follow from its
    frozen incidents and zones."""
    expected = content_hash(bulletin)
    if bulletin.content_hash != expected:
        raise _mismatch(bulletin.content_hash, expected)
    tables = compute_tables(bulletin.incidents, bulletin.previous_incidents, bulletin.zones)
    if tables != bulletin.tables:
        raise BulletinInconsistent("the bulletin's tables do not follow from its incidents and zones")
    return bulletin


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r} in a JSON object")
        out[key] = value
    return out


def loads(raw: bytes, *, name: str = "bulletin") -> Bulletin:
    """Parse and check a bulletin file: JSON without duplicate keys, the content hash over the document as
    written, a known format, the bulletin shape in canonical form, and tables consistent with the
    incidents."""
    if len(raw) > MAX_BYTES:
        raise BulletinFileError(f"{name}: {len(raw)} bytes is more than the {MAX_BYTES} a bulletin may have")
    try:
        doc = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except UnicodeDecodeError as exc:
        raise BulletinFileError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except ValueError as exc:
        raise BulletinFileError(f"{name}: not valid JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise BulletinFileError(f"{name}: a bulletin is a JSON object, not a {type(doc).__name__}")
    if doc.get("format") not in FORMATS:
        known = " or ".join(repr(f) for f in FORMATS)
        raise UnsupportedBulletin(f"{name}: format {doc.get('format')!r} is not {known}",
                                  details=[{"field": "format", "value": doc.get("format")}])
    expected = hashlib.sha256(canonical_json({k: v for k, v in doc.items() if k != "content_hash"})).hexdigest()
    if doc.get("content_hash") != expected:  # on the document as written, before any parsing of values
        raise _mismatch(doc.get("content_hash"), expected)
    try:
        bulletin = Bulletin.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BulletinFileError(f"{name}: not a bulletin: {where}: {first['msg']}",
                                details=[{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
                                         for e in exc.errors()[:10]]) from exc
    if content_hash(bulletin) != bulletin.content_hash:
        raise BulletinFileError(f"{name}: the bulletin's values are not written in canonical form "
                                "(e.g. a time not in UTC 'Z' notation): it cannot be re-rendered identically")
    return check(bulletin)
