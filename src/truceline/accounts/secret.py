"""Random secrets, their stored digests, the server secret and the CSRF tokens derived from it.

* Session ids and API tokens are 256-bit random values; the store keeps only their sha256, so a copy of
  the database opens no session.
* The server secret keys the CSRF tokens: ``TRUCELINE_SECRET_KEY`` when set, else a random key created
  once in ``DATA_DIR/secret_key`` (mode 0600) and read from there on every start.
* A session's CSRF token is ``HMAC-SHA256(server secret, "csrf:" + session id)``: a form can only carry it
  if its page was rendered for that session.
* Before there is a session, the login form is protected by a signed double submit: the login page sets a
  random pre-session cookie and its form carries ``HMAC-SHA256(server secret, "login:" + cookie)``, which
  another site can neither read nor forge (login CSRF: being logged into someone else's account).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from truceline.errors import SecretKeyUnusable

SECRET_FILE = "secret_key"
MIN_SECRET_BYTES = 32
TOKEN_PREFIX = "tl_"  # API tokens start with it: easy to spot in logs and by secret scanners
PREFIX_SHOWN = 8  # characters after TOKEN_PREFIX kept in clear to tell tokens apart


def random_secret() -> str:
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    return TOKEN_PREFIX + random_secret()


def token_prefix(token: str) -> str:
    return token[: len(TOKEN_PREFIX) + PREFIX_SHOWN]


def digest(secret: str) -> str:
    """The stored form of a session id or API token: sha256, hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def load_or_create_secret(*, configured: str | None, data_dir: Path) -> bytes:
    """The server secret: the configured one, else the one kept under ``data_dir`` (made on first use)."""
    if configured:
        key = configured.encode("utf-8")
        if len(key) < MIN_SECRET_BYTES:
            raise SecretKeyUnusable(f"TRUCELINE_SECRET_KEY has {len(key)} bytes; use at least {MIN_SECRET_BYTES} "
                                    "random bytes (`python -c 'import secrets; print(secrets.token_urlsafe(48))'`)")
        return key
    path = data_dir / SECRET_FILE
    if not path.exists():
        _create(path)
    try:
        text = path.read_text(encoding="ascii").strip()
        key = base64.urlsafe_b64decode(text.encode("ascii") + b"=" * (-len(text) % 4))
    except (OSError, ValueError) as exc:
        raise SecretKeyUnusable(f"{path}: cannot read the server secret ({exc}); fix its permissions, "
                                "or delete it to make a new one (users must log in again)") from None
    if len(key) < MIN_SECRET_BYTES:
        raise SecretKeyUnusable(f"{path}: the server secret has {len(key)} bytes, fewer than {MIN_SECRET_BYTES}; "
                                "delete the file to make a new one (users must log in again)")
    return key


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = base64.urlsafe_b64encode(secrets.token_bytes(48)).decode("ascii").rstrip("=")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return
    except OSError as exc:
        raise SecretKeyUnusable(f"{path}: cannot create the server secret ({exc})") from None
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(text + "\n")


def csrf_token(server_secret: bytes, session_secret: str) -> str:
    return hmac.new(server_secret, b"csrf:" + session_secret.encode("utf-8"), hashlib.sha256).hexdigest()


def csrf_matches(server_secret: bytes, session_secret: str, candidate: str | None) -> bool:
    if not candidate:
        return False
    return hmac.compare_digest(csrf_token(server_secret, session_secret), candidate.strip())


def login_csrf_token(server_secret: bytes, nonce: str) -> str:
    return hmac.new(server_secret, b"login:" + nonce.encode("utf-8"), hashlib.sha256).hexdigest()


def login_csrf_matches(server_secret: bytes, nonce: str | None, candidate: str | None) -> bool:
    if not nonce or not candidate:
        return False
    return hmac.compare_digest(login_csrf_token(server_secret, nonce), candidate.strip())
