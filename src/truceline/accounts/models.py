"""Pure domain objects of accounts: users and their roles, API tokens, login sessions, throttles.

Secrets never live in these objects in clear: a password is an argon2 hash, a session id and an API
token are stored as their sha256 (the clear value is shown once, to its holder).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class Role(StrEnum):
    admin = "admin"  # manages accounts and everything else
    analyst = "analyst"  # mechanism staff: triage, grading, registers, publication
    field_reporter = "field_reporter"  # submits reports, sees their own and public data
    party_liaison = "party_liaison"  # one party's liaison: what is released to the party, its confirmations
    public_reader = "public_reader"  # published data only; anonymous visitors act as one


STAFF_ROLES = frozenset({Role.admin, Role.analyst})


class User(BaseModel):
    id: int
    username: str
    display_name: str
    role: Role
    party: str | None = None  # party key, for party liaisons only
    password_hash: str | None = None  # argon2; None = cannot log in with a password (tokens only)
    active: bool = True
    created_at: datetime
    updated_at: datetime
    version: int = 1


class ApiToken(BaseModel):
    id: int
    user_id: int
    username: str
    name: str  # what the holder calls it ("qgis on my laptop")
    prefix: str  # the first characters of the token, shown in lists to tell tokens apart
    token_hash: str  # sha256 hex of the whole token
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class Session(BaseModel):
    """A login session: the browser holds the random id, the server its sha256 (``id_hash``)."""

    id_hash: str
    user_id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime  # absolute end, whatever the activity
    client: str | None = None  # the address it was opened from


class Throttle(BaseModel):
    """Failed logins of one subject (a username or a client address) in the current window."""

    scope: str  # "username" or "address"
    subject: str
    failures: int = 0
    window_start: datetime | None = None
    locked_until: datetime | None = None


class NewApiToken(BaseModel):
    """An API token just created: ``secret`` is the token in clear, shown this once and never again."""

    token: ApiToken
    secret: str


class NewSession(BaseModel):
    """A session just opened: ``secret`` is the id for the cookie; the store keeps only its hash."""

    session: Session
    secret: str
    user: User
