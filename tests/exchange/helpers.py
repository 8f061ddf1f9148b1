"""A small world for exchange tests: two peers with key rings, their peer entries, and a sequence state."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from truceline.exchange.canonical import canonical_bytes, format_time
from truceline.exchange.envelope import PAYLOAD_TYPE, pae, sign
from truceline.exchange.keys import KeyRing, new_ring
from truceline.exchange.peers import Peers, ring_as_peer
from truceline.exchange.sequences import MemorySequenceStore

T0 = datetime(2017, 10, 30, 9, 0, tzinfo=UTC)
TTL = timedelta(days=7)
BODY = {"period": {"from": "2017-10-23", "to": "2017-10-29"}, "counts": {"shelling": 12, "sniper": 3},
        "note": "نقطة مراقبة — пост"}


@dataclass
class World:
    turkey: KeyRing
    russia: KeyRing
    stranger: KeyRing  # a ring no peer entry knows
    now: datetime = T0 + timedelta(days=30)
    sequences: MemorySequenceStore = field(default_factory=MemorySequenceStore)

    @property
    def peers(self) -> Peers:
        return Peers([ring_as_peer(self.turkey), ring_as_peer(self.russia)])

    def envelope(self, *, sequence: int = 2, kind: str = "bulletin", body: dict[str, Any] | None = None,
                 ring: KeyRing | None = None, issued: datetime | None = None, ttl: timedelta = TTL,
                 audience: str | None = None) -> bytes:
        return sign(BODY if body is None else body, kind=kind, key_ring=ring or self.turkey, sequence=sequence,
                    now=issued or self.now, ttl=ttl, audience=audience).to_bytes()

    def header(self, **changes: Any) -> dict[str, Any]:
        out: dict[str, Any] = {"version": 1, "issuer": "turkey", "sequence": 2, "kind": "bulletin",
                               "issued_at": format_time(self.now), "expires_at": format_time(self.now + TTL)}
        out.update(changes)
        return {k: v for k, v in out.items() if v is not DROP}

    def signed_raw(self, payload: bytes, *, ring: KeyRing | None = None, payload_type: str = PAYLOAD_TYPE,
                   keyid: str | None = None) -> bytes:
        """An envelope around any payload bytes, signed properly (to reach checks after the signature)."""
        ring = ring or self.turkey
        key_id, private = ring.signing_key()
        sig = private.sign(pae(payload_type, payload))
        return envelope_bytes(payload, [(keyid or key_id, sig)], payload_type=payload_type)

    def signed_doc(self, doc: Any, **kwargs: Any) -> bytes:
        return self.signed_raw(canonical_bytes(doc), **kwargs)

    def signed_header(self, body: Any = None, **changes: Any) -> bytes:
        return self.signed_doc({"header": self.header(**changes), "body": BODY if body is None else body})


DROP = object()


def envelope_bytes(payload: bytes, signatures: list[tuple[str, bytes]], *, payload_type: str = PAYLOAD_TYPE) -> bytes:
    doc = {"payload": b64(payload), "payloadType": payload_type,
           "signatures": [{"keyid": k, "sig": b64(s)} for k, s in signatures]}
    return canonical_bytes(doc)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def make_world() -> World:
    return World(turkey=new_ring("turkey", now=T0), russia=new_ring("russia", now=T0),
                 stranger=new_ring("turkey", now=T0))


def as_doc(data: bytes) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(data)
    return doc


def payload_of(data: bytes) -> bytes:
    return base64.b64decode(as_doc(data)["payload"])


def with_doc(data: bytes, **changes: Any) -> bytes:
    doc = as_doc(data)
    doc.update(changes)
    return canonical_bytes(doc)
