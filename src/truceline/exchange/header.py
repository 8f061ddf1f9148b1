"""The header every signed payload carries, and the payload shape ``{"header": {...}, "body": {...}}``.

Header fields (all required but ``audience``):

* ``version`` — 1, the header format this module reads;
* ``issuer`` — the name of the issuing instance: its party key (``turkey``), as configured as a peer;
* ``sequence`` — a positive integer, one stream per issuer, kind and audience (see ``sequences.py``);
* ``kind`` — what the body is: ``bulletin``, ``incident_bundle``, ``confirmations``...;
* ``issued_at``, ``expires_at`` — UTC times ``YYYY-MM-DDTHH:MM:SSZ``, expiry strictly after issue;
* ``audience`` — the name of the one instance the envelope is for; absent when it is for every peer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from truceline.common.models import KEY_RE
from truceline.errors import EnvelopeShapeError, HeaderInvalid, HeaderMissing, UnsupportedVersion
from truceline.exchange.canonical import MAX_SAFE_INTEGER, format_time, parse_time

HEADER_VERSION = 1
KIND_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
REQUIRED = ("version", "issuer", "sequence", "kind", "issued_at", "expires_at")
OPTIONAL = ("audience",)


@dataclass(frozen=True)
class Header:
    issuer: str
    sequence: int
    kind: str
    issued_at: datetime
    expires_at: datetime
    audience: str | None = None
    version: int = HEADER_VERSION

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": self.version, "issuer": self.issuer, "sequence": self.sequence,
                               "kind": self.kind, "issued_at": format_time(self.issued_at),
                               "expires_at": format_time(self.expires_at)}
        if self.audience is not None:
            out["audience"] = self.audience
        return out


def payload_document(header: Header, body: dict[str, Any]) -> dict[str, Any]:
    check_header(header)
    return {"header": header.to_json(), "body": body}


def check_header(header: Header) -> None:
    """The checks ``header_from_json`` makes, for a header built in code (before signing it)."""
    header_from_json(header.to_json())


def split_payload(doc: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(header, body)`` of a parsed payload; both must be objects and nothing else may be there."""
    if not isinstance(doc, dict) or set(doc) != {"header", "body"}:
        found = sorted(doc) if isinstance(doc, dict) else type(doc).__name__
        raise EnvelopeShapeError(f"the payload must be an object with exactly 'header' and 'body' (found {found})")
    header, body = doc["header"], doc["body"]
    if not isinstance(header, dict):
        raise EnvelopeShapeError("the payload's 'header' must be an object")
    if not isinstance(body, dict):
        raise EnvelopeShapeError("the payload's 'body' must be an object")
    return header, body


def issuer_of(header: dict[str, Any]) -> str:
    """The issuer name alone: read before the signature is checked, to find the issuer's keys."""
    if "issuer" not in header:
        raise HeaderMissing("the header has no 'issuer'")
    return _key(header, "issuer")


def header_from_json(doc: dict[str, Any]) -> Header:
    missing = [f for f in REQUIRED if f not in doc]
    if missing:
        raise HeaderMissing(f"the header lacks {', '.join(repr(f) for f in missing)}")
    unknown = sorted(set(doc) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise HeaderInvalid(f"unknown header field(s): {', '.join(repr(f) for f in unknown)}")
    version = _int(doc, "version")
    if version != HEADER_VERSION:
        raise UnsupportedVersion(f"header version {version}; this instance reads version {HEADER_VERSION}")
    sequence = _int(doc, "sequence")
    if not 1 <= sequence <= MAX_SAFE_INTEGER:
        raise HeaderInvalid(f"'sequence' must be a positive integer, not {sequence}")
    kind = doc["kind"]
    if not isinstance(kind, str) or not KIND_RE.match(kind):
        raise HeaderInvalid(f"'kind' must be a lower-case word such as 'bulletin', not {kind!r}")
    issued_at, expires_at = _time(doc, "issued_at"), _time(doc, "expires_at")
    if expires_at <= issued_at:
        raise HeaderInvalid(f"'expires_at' ({doc['expires_at']}) must be after 'issued_at' ({doc['issued_at']})")
    audience = _key(doc, "audience") if "audience" in doc else None
    return Header(issuer=_key(doc, "issuer"), sequence=sequence, kind=kind, issued_at=issued_at,
                  expires_at=expires_at, audience=audience, version=version)


def _int(doc: dict[str, Any], field: str) -> int:
    value = doc[field]
    if isinstance(value, bool) or not isinstance(value, int):
        raise HeaderInvalid(f"'{field}' must be an integer, not {type(value).__name__}")
    return value


def _key(doc: dict[str, Any], field: str) -> str:
    value = doc[field]
    if not isinstance(value, str) or not KEY_RE.match(value):
        raise HeaderInvalid(f"'{field}' must be an instance name (lower-case letters, digits, hyphens), "
                            f"not {value!r}")
    return value


def _time(doc: dict[str, Any], field: str) -> datetime:
    value = doc[field]
    if not isinstance(value, str):
        raise HeaderInvalid(f"'{field}' must be a string YYYY-MM-DDTHH:MM:SSZ, not {type(value).__name__}")
    try:
        return parse_time(value)
    except ValueError as exc:
        raise HeaderInvalid(f"'{field}': {exc}") from None
