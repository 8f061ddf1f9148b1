"""Peers: the other instances this one trusts, each with its public keys and their validity.

A peer's name is the ``issuer`` its envelopes carry (its party key). Each key has a validity interval
``[valid_from, valid_until)`` (``valid_until`` is when the peer rotated it out) and may be revoked from a
time. Peers live in ``<data_dir>/peers.json`` beside the key ring: trust configuration, like ssh's
``known_hosts``, is kept by the operator with the instance's own keys, is readable and diffable, and needs
no database migration. Importing a peer's published key file again adds its new keys and takes over
later retirements and revocations, but never lifts a retirement or a revocation made here.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_public_key

from truceline.common.models import KEY_RE
from truceline.errors import (
    ExchangeError,
    InvalidPublicKey,
    InvalidValue,
    KeyAlreadyRevoked,
    KeyStoreCorrupt,
    PeerKeyExists,
    UnknownKey,
    UnknownPeer,
)
from truceline.exchange.canonical import format_time, parse_strict, parse_time
from truceline.exchange.keys import KeyRing, key_id_for, whole_second

PEERS_FILE = "peers.json"


@dataclass(frozen=True)
class PeerKey:
    key_id: str
    public_key: bytes
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    def verifier(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.public_key)

    def to_json(self) -> dict[str, Any]:
        return {"key_id": self.key_id, "public_key": base64.b64encode(self.public_key).decode("ascii"),
                "valid_from": _fmt(self.valid_from), "valid_until": _fmt(self.valid_until),
                "revoked_at": _fmt(self.revoked_at), "revoked_reason": self.revoked_reason}


@dataclass(frozen=True)
class Peer:
    name: str
    keys: tuple[PeerKey, ...]

    def key(self, key_id: str) -> PeerKey | None:
        return next((k for k in self.keys if k.key_id == key_id), None)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "keys": [k.to_json() for k in self.keys]}


class Peers:
    """The configured peers, looked up by name and by key id."""

    def __init__(self, peers: Iterable[Peer] = ()) -> None:
        self._by_name = {p.name: p for p in peers}

    def __iter__(self) -> Iterator[Peer]:
        return iter(sorted(self._by_name.values(), key=lambda p: p.name))

    def get(self, name: str) -> Peer | None:
        return self._by_name.get(name)

    def owner_of(self, key_id: str) -> tuple[Peer, PeerKey] | None:
        for peer in self._by_name.values():
            key = peer.key(key_id)
            if key is not None:
                return peer, key
        return None

    def with_peer(self, peer: Peer) -> Peers:
        return Peers([*(p for p in self._by_name.values() if p.name != peer.name), peer])

    def to_json(self) -> dict[str, Any]:
        return {"peers": [p.to_json() for p in self]}


def _fmt(moment: datetime | None) -> str | None:
    return None if moment is None else format_time(moment)


def _time(value: Any) -> datetime | None:
    return None if value is None else parse_time(value)


def peer_from_json(doc: Any) -> Peer:
    """A peer from the file `truceline keys show --json` writes (also the shape of each peers.json entry)."""
    if not isinstance(doc, dict) or not isinstance(doc.get("name"), str) or not isinstance(doc.get("keys"), list):
        raise InvalidPublicKey("a peer key file is an object with 'name' and a list of 'keys'")
    keys = []
    for item in doc["keys"]:
        try:
            public = _raw_key(base64.b64decode(item["public_key"], validate=True))
            keys.append(PeerKey(key_id=key_id_for(public), public_key=public, valid_from=_time(item.get("valid_from")),
                                valid_until=_time(item.get("valid_until")), revoked_at=_time(item.get("revoked_at")),
                                revoked_reason=item.get("revoked_reason")))
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise InvalidPublicKey(f"peer '{doc['name']}': unreadable key entry ({type(exc).__name__}: {exc})") \
                from None
        if item.get("key_id") not in (None, keys[-1].key_id):
            raise InvalidPublicKey(f"peer '{doc['name']}': key id {item['key_id']} does not match its public key")
    return Peer(name=doc["name"], keys=tuple(keys))


def ring_as_peer(ring: KeyRing) -> Peer:
    """This instance's own public keys as a peer entry (to check its own signatures and countersignatures)."""
    return peer_from_json(ring.public_json())


def _raw_key(data: bytes) -> bytes:
    if len(data) != 32:
        raise InvalidPublicKey(f"an Ed25519 public key is 32 bytes, not {len(data)}")
    return data


def parse_public_key(source: bytes) -> Peer | bytes:
    """A peer key file (JSON from `keys show --json`), a PEM public key, or 32 raw bytes in base64."""
    text = source.strip()
    if text.startswith(b"{"):
        return peer_from_json(parse_strict(text, what="the peer key file"))
    if text.startswith(b"-----BEGIN"):
        try:
            key = load_pem_public_key(text)
        except ValueError as exc:
            raise InvalidPublicKey(f"not a PEM public key: {exc}") from None
        if not isinstance(key, Ed25519PublicKey):
            raise InvalidPublicKey(f"the PEM holds a {type(key).__name__}, not an Ed25519 key")
        return key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    try:
        return _raw_key(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        raise InvalidPublicKey("not a peer key file, a PEM public key or a base64 Ed25519 key") from None


def merged(old: Peer, new: Peer) -> Peer:
    """``old`` with ``new``'s keys added and later retirements/revocations taken over (none lifted)."""
    keys = list(old.keys)
    for incoming in new.keys:
        current = old.key(incoming.key_id)
        if current is None:
            keys.append(incoming)
            continue
        until = min((t for t in (current.valid_until, incoming.valid_until) if t is not None), default=None)
        revoked = min((t for t in (current.revoked_at, incoming.revoked_at) if t is not None), default=None)
        reason = current.revoked_reason if current.revoked_at == revoked else incoming.revoked_reason
        keys[keys.index(current)] = replace(current, valid_until=until, revoked_at=revoked, revoked_reason=reason)
    return Peer(name=old.name, keys=tuple(keys))


class PeerStore(Protocol):
    def load(self) -> Peers: ...

    def save(self, peers: Peers) -> None: ...


class MemoryPeerStore:
    def __init__(self, peers: Peers | None = None) -> None:
        self.peers = peers or Peers()

    def load(self) -> Peers:
        return self.peers

    def save(self, peers: Peers) -> None:
        self.peers = peers


class FilePeerStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> Peers:
        if not self.path.exists():
            return Peers()
        try:
            doc = parse_strict(self.path.read_bytes(), what=str(self.path))
            return Peers(peer_from_json(item) for item in doc["peers"])
        except (ExchangeError, KeyError, TypeError) as exc:
            message = exc.user_message if isinstance(exc, ExchangeError) else f"{type(exc).__name__}: {exc}"
            raise KeyStoreCorrupt(f"cannot read the peers file {self.path}: {message}") from None

    def save(self, peers: Peers) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".part")
        tmp.write_text(json.dumps(peers.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(self.path)


def add_peer(store: PeerStore, name: str, source: bytes, *, valid_from: datetime | None = None) -> Peer:
    """Add a peer, or keys to a peer, from a peer key file, a PEM or a base64 public key."""
    if not KEY_RE.match(name):
        raise InvalidValue(f"peer name {name!r} must be the peer's instance name (its party key)")
    parsed = parse_public_key(source)
    if isinstance(parsed, Peer):
        if parsed.name != name:
            raise InvalidValue(f"the key file is for '{parsed.name}', not '{name}': a peer's name is the issuer "
                               "its envelopes carry")
        incoming = parsed
    else:
        since = None if valid_from is None else whole_second(valid_from)
        incoming = Peer(name=name, keys=(PeerKey(key_id=key_id_for(parsed), public_key=parsed, valid_from=since),))
    peers = store.load()
    current = peers.get(name)
    for key in incoming.keys:
        owner = peers.owner_of(key.key_id)
        if owner is not None and owner[0].name != name:
            raise PeerKeyExists(f"key {key.key_id[:16]}... belongs to peer '{owner[0].name}' already")
    if current is not None and not isinstance(parsed, Peer) and current.key(incoming.keys[0].key_id):
        raise PeerKeyExists(f"peer '{name}' has key {incoming.keys[0].key_id[:16]}... already")
    peer = incoming if current is None else merged(current, incoming)
    store.save(peers.with_peer(peer))
    return peer


def revoke_peer_key(store: PeerStore, name: str, key_id: str, *, now: datetime, reason: str,
                    at: datetime | None = None) -> PeerKey:
    """Refuse, from ``at`` (default ``now``), signatures by one of a peer's keys."""
    peers = store.load()
    peer = peers.get(name)
    if peer is None:
        raise UnknownPeer(f"no peer named '{name}'", details=[{"field": "name", "value": name}])
    matches = [k for k in peer.keys if k.key_id == key_id or (len(key_id) >= 8 and k.key_id.startswith(key_id))]
    if len(matches) != 1:
        raise UnknownKey(f"peer '{name}' has no key {key_id!r}", details=[{"field": "key_id", "value": key_id}])
    key = matches[0]
    if key.revoked_at is not None:
        raise KeyAlreadyRevoked(f"key {key.key_id[:16]}... of '{name}' was revoked at {format_time(key.revoked_at)}")
    if not reason.strip():
        raise InvalidValue("give a reason for the revocation")
    since = whole_second(at or now)
    if since > now:
        raise InvalidValue("a revocation cannot start in the future")
    updated = replace(key, revoked_at=since, revoked_reason=reason.strip())
    store.save(peers.with_peer(Peer(name=name, keys=tuple(updated if k is key else k for k in peer.keys))))
    return updated
