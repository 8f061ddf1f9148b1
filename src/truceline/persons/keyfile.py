"""The persons key file: where the master key of the encryption at rest lives, outside the database.

``TRUCELINE_PERSONS_KEY_FILE`` names it. When that setting is not given, the key is ``DATA_DIR/persons_key``
and is created there (mode 0600, 32 random bytes in base64) the first time person data is stored or read.
A key file named by the setting is never created: a missing or unreadable one is refused
(``PersonKeyUnusable``), because a fresh key would leave the stored data unreadable.

Losing the key loses the person data: back it up apart from the database (docs/persons.md).
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets
from pathlib import Path

from truceline.errors import PersonKeyUnusable
from truceline.persons.crypto import KEY_BYTES, PersonCipher

DEFAULT_NAME = "persons_key"


def key_path(*, configured: Path | None, data_dir: Path) -> Path:
    return configured if configured is not None else data_dir / DEFAULT_NAME


def load_cipher(*, configured: Path | None, data_dir: Path) -> PersonCipher:
    """The cipher of the configured key file, creating the default one on first use."""
    path = key_path(configured=configured, data_dir=data_dir)
    if not path.exists():
        if configured is not None:
            raise PersonKeyUnusable(f"the persons key file {path} (TRUCELINE_PERSONS_KEY_FILE) does not exist; "
                                    "restore it from your backup, or unset the setting to use DATA_DIR/persons_key")
        try:
            create_key_file(path)
        except PersonKeyUnusable:
            if not path.exists():  # another process made it first: use theirs
                raise
    return PersonCipher(read_key_file(path))


def read_key_file(path: Path) -> bytes:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise PersonKeyUnusable(f"cannot read the persons key file {path}: {exc}") from None
    try:
        key = base64.urlsafe_b64decode(text.encode("ascii") + b"=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise PersonKeyUnusable(f"the persons key file {path} is not base64 text") from None
    if len(key) != KEY_BYTES:
        raise PersonKeyUnusable(f"the persons key file {path} holds {len(key)} bytes, not {KEY_BYTES}")
    return key


def create_key_file(path: Path) -> Path:
    """Write a new random key to ``path`` (mode 0600); refuse to overwrite an existing file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise PersonKeyUnusable(f"{path} exists already: a persons key is never overwritten") from None
    except OSError as exc:
        raise PersonKeyUnusable(f"cannot create the persons key file {path}: {exc}") from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii").rstrip("=") + "\n")
    return path
