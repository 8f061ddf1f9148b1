"""Encryption at rest of personal fields, with a key kept outside the database.

One 256-bit master key (``keyfile.py`` reads it) gives, through HKDF-SHA256, two sub-keys:

* the **encryption key**: AES-256-GCM (``cryptography``'s ``AESGCM``). Each sealed value is
  ``b"\\x01" + 12-byte random nonce + ciphertext-with-tag``; the associated data names what the value is
  (``person:<list key>:<record ref>``), so a ciphertext copied onto another row does not open there;
* the **key id**: 16 hex characters of an HMAC of a fixed label, stored beside the data. It tells "the data
  was sealed with another key" (``PersonKeyMismatch``, a clear message) from a corrupted value, and reveals
  nothing about the key.

Nothing here touches files or the database: the cipher is given its key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from truceline.errors import PersonKeyMismatch, PersonKeyUnusable

KEY_BYTES = 32
NONCE_BYTES = 12
SEAL_VERSION = b"\x01"


def _derive(master: bytes, label: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=b"truceline-persons|" + label).derive(
        master)


class PersonCipher:
    """Seals and opens personal values with AES-256-GCM; ``key_id`` names the key without revealing it."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != KEY_BYTES:
            raise PersonKeyUnusable(f"the persons key has {len(master_key)} bytes; it must have {KEY_BYTES}")
        self._aead = AESGCM(_derive(master_key, b"aes-gcm"))
        self.key_id = hmac.new(_derive(master_key, b"key-id"), b"key-id", hashlib.sha256).hexdigest()[:16]

    def seal(self, data: bytes, *, context: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return SEAL_VERSION + nonce + self._aead.encrypt(nonce, data, context.encode("utf-8"))

    def open(self, blob: bytes, *, context: str, key_id: str | None = None) -> bytes:
        """The plain bytes of ``blob``; ``PersonKeyMismatch`` when it was sealed with another key (as
        ``key_id`` shows) or does not open (a wrong key, a value moved from another row, corruption)."""
        if key_id is not None and key_id != self.key_id:
            raise PersonKeyMismatch(
                f"the person data was encrypted with key {key_id}, but the configured persons key is "
                f"{self.key_id}: point TRUCELINE_PERSONS_KEY_FILE at the key the data was stored with")
        if len(blob) < 1 + NONCE_BYTES + 16 or blob[:1] != SEAL_VERSION:
            raise PersonKeyMismatch(f"{context}: the stored value is not a sealed person value (corrupted?)")
        try:
            return self._aead.decrypt(blob[1:1 + NONCE_BYTES], blob[1 + NONCE_BYTES:], context.encode("utf-8"))
        except InvalidTag:
            raise PersonKeyMismatch(f"{context}: the stored value does not open with the configured persons key "
                                    "(another key, or the value was altered)") from None

    def seal_json(self, value: Any, *, context: str) -> bytes:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return self.seal(text.encode("utf-8"), context=context)

    def open_json(self, blob: bytes, *, context: str, key_id: str | None = None) -> Any:
        return json.loads(self.open(blob, context=context, key_id=key_id).decode("utf-8"))
