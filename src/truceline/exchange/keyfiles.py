"""The file adapter of the key store: a folder under the data directory (``<data_dir>/keys``).

* ``ring.json`` — the ring's metadata: owner, and each key's id, public key and lifecycle times;
* ``<key_id>.pem`` — each private key, PKCS#8 PEM, created with mode 0600 in a folder of mode 0700.

A private key file that others may read is refused (as ssh does) rather than used. Files are written to a
temporary name and renamed, so a crash leaves either the old ring or the new one.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from truceline.errors import ExchangeError, KeyStoreCorrupt
from truceline.exchange.canonical import format_time, parse_strict, parse_time
from truceline.exchange.keys import KeyRing, RingKey, key_id_for, raw_public

RING_FILE = "ring.json"
RING_FORMAT = 1


class FileKeyStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _pem(self, key_id: str) -> Path:
        return self.root / f"{key_id}.pem"

    def load(self) -> KeyRing | None:
        ring_path = self.root / RING_FILE
        if not ring_path.exists():
            return None
        try:
            doc = parse_strict(ring_path.read_bytes(), what=str(ring_path))
            owner, keys = _ring_from_json(doc)
        except (ExchangeError, KeyError, TypeError, ValueError) as exc:
            message = exc.user_message if isinstance(exc, ExchangeError) else f"{type(exc).__name__}: {exc}"
            raise KeyStoreCorrupt(f"cannot read the key ring {ring_path}: {message}") from None
        private_keys = {}
        for key in keys:
            path = self._pem(key.key_id)
            if path.exists():
                private_keys[key.key_id] = self._read_private(path, key)
        return KeyRing(owner=owner, keys=keys, private_keys=private_keys)

    def _read_private(self, path: Path, key: RingKey) -> Ed25519PrivateKey:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            raise KeyStoreCorrupt(f"private key file {path} is open to other users (mode {mode:04o}); "
                                  f"run `chmod 600 {path}`")
        try:
            private = load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as exc:
            raise KeyStoreCorrupt(f"cannot read private key file {path}: {exc}") from None
        if not isinstance(private, Ed25519PrivateKey) or key_id_for(raw_public(private)) != key.key_id:
            raise KeyStoreCorrupt(f"private key file {path} does not hold key {key.key_id[:16]}...")
        return private

    def save(self, ring: KeyRing) -> None:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        for key_id, private in ring.private_keys.items():
            path = self._pem(key_id)
            if not path.exists():
                pem = private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
                _write_atomic(path, pem, mode=0o600)
        doc = {"format": RING_FORMAT, "owner": ring.owner,
               "keys": [{**k.to_public_json(), "created_at": format_time(k.created_at),
                         "retired_at": None if k.retired_at is None else format_time(k.retired_at)}
                        for k in ring.keys]}
        _write_atomic(self.root / RING_FILE, (json.dumps(doc, indent=2) + "\n").encode("utf-8"), mode=0o600)
        kept = {k.key_id for k in ring.keys}
        for path in self.root.glob("*.pem"):
            if path.stem not in kept:  # a ring replaced with --force: its old secrets go with it
                path.unlink()


def _ring_from_json(doc: Any) -> tuple[str, tuple[RingKey, ...]]:
    if doc.get("format") != RING_FORMAT:
        raise ValueError(f"unknown ring format {doc.get('format')!r}")
    keys = []
    for item in doc["keys"]:
        public = _b64(item["public_key"])
        if key_id_for(public) != item["key_id"]:
            raise ValueError(f"key id {item['key_id']} does not match its public key")
        keys.append(RingKey(key_id=item["key_id"], public_key=public, created_at=parse_time(item["created_at"]),
                            retired_at=_time(item.get("retired_at")), revoked_at=_time(item.get("revoked_at")),
                            revoked_reason=item.get("revoked_reason")))
    return str(doc["owner"]), tuple(keys)


def _b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _time(text: str | None) -> datetime | None:
    return None if text is None else parse_time(text)


def _write_atomic(path: Path, data: bytes, *, mode: int) -> None:
    tmp = path.with_name(path.name + ".part")
    if tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
