"""DSSE-style envelopes: a canonical JSON payload, its type, and Ed25519 signatures over the DSSE PAE.

::

    {"payload": "<base64 of the canonical payload bytes>",
     "payloadType": "application/vnd.truceline.exchange+json",
     "signatures": [{"keyid": "<sha256 of the public key, hex>", "sig": "<base64 Ed25519 signature>"}]}

Every signature is over ``PAE(payloadType, payload)`` = ``"DSSEv1" SP LEN(type) SP type SP LEN(payload) SP
payload`` (lengths as ASCII decimals of byte counts), so the type cannot be swapped under a signature.
The first signature is the issuer's; a receiver that accepts the payload may add its own (countersign)
over the same PAE, keeping the issuer's. Base64 is standard with padding, strict (no line breaks, no
non-zero padding bits).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from truceline.errors import EnvelopeShapeError, InvalidBase64, InvalidValue
from truceline.exchange.canonical import canonical_bytes
from truceline.exchange.header import Header, payload_document
from truceline.exchange.keys import KeyRing, whole_second

PAYLOAD_TYPE = "application/vnd.truceline.exchange+json"
ENVELOPE_FIELDS = ("payload", "payloadType", "signatures")
SIGNATURE_FIELDS = ("keyid", "sig")
MAX_SIGNATURES = 16
SIGNATURE_BYTES = 64


def pae(payload_type: str, payload: bytes) -> bytes:
    """DSSE pre-authentication encoding: the exact bytes every signature covers."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %b %d %b" % (len(kind), kind, len(payload), payload)


@dataclass(frozen=True)
class Signature:
    keyid: str
    sig: bytes


@dataclass(frozen=True)
class Envelope:
    payload_type: str
    payload: bytes
    signatures: tuple[Signature, ...]

    def to_json(self) -> dict[str, Any]:
        return {"payload": _b64(self.payload), "payloadType": self.payload_type,
                "signatures": [{"keyid": s.keyid, "sig": _b64(s.sig)} for s in self.signatures]}

    def to_bytes(self) -> bytes:
        """The envelope as canonical JSON: what goes into a file or an HTTP body."""
        return canonical_bytes(self.to_json())


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def sign(body: dict[str, Any], *, kind: str, key_ring: KeyRing, sequence: int, now: datetime,
         ttl: timedelta, audience: str | None = None) -> Envelope:
    """Sign ``body`` as the ring's owner with its active key: issued ``now``, expiring ``now + ttl``."""
    if ttl <= timedelta(0):
        raise InvalidValue("the time to live of an envelope must be positive")
    issued_at = whole_second(now)
    header = Header(issuer=key_ring.owner, sequence=sequence, kind=kind, issued_at=issued_at,
                    expires_at=whole_second(issued_at + ttl), audience=audience)
    payload = canonical_bytes(payload_document(header, body))
    key_id, private = key_ring.signing_key()
    return Envelope(payload_type=PAYLOAD_TYPE, payload=payload,
                    signatures=(Signature(keyid=key_id, sig=private.sign(pae(PAYLOAD_TYPE, payload))),))


def countersign(envelope: Envelope, *, key_ring: KeyRing) -> Envelope:
    """Add the ring's signature over the same PAE, keeping the others (a second one by the same key is not
    added). Countersign only an envelope ``verify`` accepted."""
    key_id, private = key_ring.signing_key()
    if any(s.keyid == key_id for s in envelope.signatures):
        return envelope
    if len(envelope.signatures) >= MAX_SIGNATURES:
        raise InvalidValue(f"the envelope has {MAX_SIGNATURES} signatures already")
    sig = Signature(keyid=key_id, sig=private.sign(pae(envelope.payload_type, envelope.payload)))
    return Envelope(payload_type=envelope.payload_type, payload=envelope.payload,
                    signatures=(*envelope.signatures, sig))


def envelope_from_json(doc: Any) -> Envelope:
    """Check the envelope's shape and decode its base64; the payload type and signatures are checked later."""
    if not isinstance(doc, dict):
        raise EnvelopeShapeError(f"an envelope is a JSON object, not {_json_type(doc)}")
    missing = [f for f in ENVELOPE_FIELDS if f not in doc]
    if missing:
        raise EnvelopeShapeError(f"the envelope lacks {', '.join(repr(f) for f in missing)}")
    unknown = sorted(set(doc) - set(ENVELOPE_FIELDS))
    if unknown:
        raise EnvelopeShapeError(f"unknown envelope field(s): {', '.join(repr(f) for f in unknown)}")
    for field in ("payload", "payloadType"):
        if not isinstance(doc[field], str):
            raise EnvelopeShapeError(f"'{field}' must be a string, not {_json_type(doc[field])}")
    signatures = doc["signatures"]
    if not isinstance(signatures, list) or not signatures:
        raise EnvelopeShapeError("'signatures' must be a non-empty list")
    if len(signatures) > MAX_SIGNATURES:
        raise EnvelopeShapeError(f"{len(signatures)} signatures; at most {MAX_SIGNATURES} are accepted")
    return Envelope(payload_type=doc["payloadType"], payload=strict_b64decode(doc["payload"], what="payload"),
                    signatures=tuple(_signature(item, index) for index, item in enumerate(signatures)))


def _signature(item: Any, index: int) -> Signature:
    where = f"signature {index + 1}"
    if not isinstance(item, dict) or set(item) != set(SIGNATURE_FIELDS):
        found = sorted(item) if isinstance(item, dict) else _json_type(item)
        raise EnvelopeShapeError(f"{where} must be an object with exactly 'keyid' and 'sig' (found {found})")
    if not isinstance(item["keyid"], str) or not item["keyid"]:
        raise EnvelopeShapeError(f"{where}: 'keyid' must be a non-empty string")
    if not isinstance(item["sig"], str):
        raise EnvelopeShapeError(f"{where}: 'sig' must be a string, not {_json_type(item['sig'])}")
    return Signature(keyid=item["keyid"], sig=strict_b64decode(item["sig"], what=f"{where} 'sig'"))


def strict_b64decode(text: str, *, what: str) -> bytes:
    """Standard base64 with padding and nothing else: one text for one byte string."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise InvalidBase64(f"{what} is not valid base64 (standard alphabet, with padding)") from None
    if base64.b64encode(data).decode("ascii") != text:
        raise InvalidBase64(f"{what} is not canonical base64 (padding or trailing bits)")
    return data


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "a number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
