"""An instance's key ring: Ed25519 keys it signs with, their lifecycle, and the store that keeps them.

* **generate** makes the ring with one active key, named after the instance (its party key, the ``issuer``
  of everything it signs);
* **rotate** makes a new active key; the old one is *retired* at that moment: peers still accept what it
  signed before (``issued_at`` earlier than the rotation) and refuse anything it signs later;
* **revoke** marks a key revoked from a time (now, or earlier when it was compromised earlier) with a
  reason; peers refuse signatures dated at or after that time. Revoking the active key leaves the ring
  without one: rotate to sign again.

The key id is the key's fingerprint: the SHA-256 of the 32 raw public-key bytes, in hex.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from truceline.common.models import KEY_RE
from truceline.errors import InvalidValue, KeyAlreadyRevoked, KeyExists, NoKeyRing, UnknownKey
from truceline.exchange.canonical import format_time

KEY_ID_PREFIX_MIN = 8


def key_id_for(public_key: bytes) -> str:
    return hashlib.sha256(public_key).hexdigest()


def raw_public(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class RingKey:
    key_id: str
    public_key: bytes
    created_at: datetime
    retired_at: datetime | None = None
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "retired" if self.retired_at is not None else "active"

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_key).decode("ascii")

    def to_public_json(self) -> dict[str, Any]:
        """The peer-side view of this key: what a peer needs to check signatures (no secret)."""
        return {"key_id": self.key_id, "public_key": self.public_b64, "valid_from": format_time(self.created_at),
                "valid_until": None if self.retired_at is None else format_time(self.retired_at),
                "revoked_at": None if self.revoked_at is None else format_time(self.revoked_at),
                "revoked_reason": self.revoked_reason}


@dataclass(frozen=True)
class KeyRing:
    owner: str
    keys: tuple[RingKey, ...]
    private_keys: Mapping[str, Ed25519PrivateKey] = field(default_factory=dict, repr=False, compare=False)

    def active(self) -> RingKey:
        for key in reversed(self.keys):
            if key.status == "active":
                return key
        raise NoKeyRing(f"the key ring of '{self.owner}' has no active key (all are retired or revoked); "
                        "run `truceline keys rotate` to make a new one")

    def get(self, key_id: str) -> RingKey:
        """A key by its id or by an unambiguous prefix of at least 8 characters."""
        return _by_id(self.keys, key_id, owner=self.owner)

    def signing_key(self) -> tuple[str, Ed25519PrivateKey]:
        key = self.active()
        private = self.private_keys.get(key.key_id)
        if private is None:
            raise NoKeyRing(f"the private key of active key {key.key_id[:16]}... is missing from the key store")
        return key.key_id, private

    def public_json(self) -> dict[str, Any]:
        """The file a peer imports with `truceline peers add NAME --public-key FILE`."""
        return {"name": self.owner, "keys": [k.to_public_json() for k in self.keys]}


def _by_id(keys: tuple[RingKey, ...], key_id: str, *, owner: str) -> RingKey:
    wanted = key_id.strip().lower()
    exact = [k for k in keys if k.key_id == wanted]
    if exact:
        return exact[0]
    matches = [k for k in keys if len(wanted) >= KEY_ID_PREFIX_MIN and k.key_id.startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    hint = "" if len(wanted) >= KEY_ID_PREFIX_MIN else f" (give at least {KEY_ID_PREFIX_MIN} characters)"
    raise UnknownKey(f"no key {key_id!r} in the key ring of '{owner}'{hint}",
                     details=[{"field": "key_id", "value": key_id}])


def whole_second(moment: datetime) -> datetime:
    """Times in rings and headers are whole seconds (as written in files and payloads)."""
    return moment.replace(microsecond=0)


def _new_key(*, now: datetime) -> tuple[RingKey, Ed25519PrivateKey]:
    private = Ed25519PrivateKey.generate()
    public = raw_public(private)
    return RingKey(key_id=key_id_for(public), public_key=public, created_at=whole_second(now)), private


def new_ring(owner: str, *, now: datetime) -> KeyRing:
    if not KEY_RE.match(owner):
        raise InvalidValue(f"instance name {owner!r} must be a key: lower-case letters, digits and hyphens "
                           "(use your party's key, e.g. 'turkey')")
    key, private = _new_key(now=now)
    return KeyRing(owner=owner, keys=(key,), private_keys={key.key_id: private})


def rotated(ring: KeyRing, *, now: datetime) -> KeyRing:
    """A new active key; the current active key (if any) retires at ``now``."""
    key, private = _new_key(now=now)
    keys = tuple(replace(k, retired_at=key.created_at) if k.status == "active" else k for k in ring.keys)
    return KeyRing(owner=ring.owner, keys=(*keys, key), private_keys={**ring.private_keys, key.key_id: private})


def revoked(ring: KeyRing, key_id: str, *, now: datetime, reason: str, at: datetime | None = None) -> KeyRing:
    """Mark a key revoked from ``at`` (default ``now``); ``at`` may be earlier (compromised since then)."""
    key = ring.get(key_id)
    if key.revoked_at is not None:
        raise KeyAlreadyRevoked(f"key {key.key_id[:16]}... was revoked already at {format_time(key.revoked_at)}")
    if not reason.strip():
        raise InvalidValue("give a reason for the revocation")
    since = whole_second(at or now)
    if since > now:
        raise InvalidValue("a revocation cannot start in the future")
    keys = tuple(replace(k, revoked_at=since, revoked_reason=reason.strip()) if k.key_id == key.key_id else k
                 for k in ring.keys)
    return KeyRing(owner=ring.owner, keys=keys, private_keys=ring.private_keys)


class KeyStore(Protocol):
    """Where the ring lives. ``save`` writes the whole ring at once."""

    def load(self) -> KeyRing | None: ...

    def save(self, ring: KeyRing) -> None: ...


class MemoryKeyStore:
    def __init__(self, ring: KeyRing | None = None) -> None:
        self.ring = ring

    def load(self) -> KeyRing | None:
        return self.ring

    def save(self, ring: KeyRing) -> None:
        self.ring = ring


def load_ring(store: KeyStore) -> KeyRing:
    ring = store.load()
    if ring is None:
        raise NoKeyRing("this instance has no key ring; run `truceline keys generate --name YOUR-PARTY-KEY`")
    return ring


def generate_keys(store: KeyStore, *, owner: str, now: datetime, force: bool = False) -> KeyRing:
    existing = store.load()
    if existing is not None and not force:
        raise KeyExists(f"a key ring for '{existing.owner}' exists already; `truceline keys rotate` makes a new "
                        "key and keeps the old one valid for what it signed; --force replaces the whole ring "
                        "(peers will refuse everything until they get the new public key)")
    ring = new_ring(owner, now=now)
    store.save(ring)
    return ring


def rotate_keys(store: KeyStore, *, now: datetime) -> KeyRing:
    ring = rotated(load_ring(store), now=now)
    store.save(ring)
    return ring


def revoke_key(store: KeyStore, key_id: str, *, now: datetime, reason: str,
               at: datetime | None = None) -> RingKey:
    ring = revoked(load_ring(store), key_id, now=now, reason=reason, at=at)
    store.save(ring)
    return ring.get(key_id)
