"""Passwords: argon2id hashes (``argon2-cffi``) and the password policy.

``Passwords`` wraps one argon2 parameter set; the default is argon2-cffi's recommended profile (RFC 9106
low-memory). Tests pass a cheaper profile so that hashing stays fast; the format of the hash records its
parameters, so ``needs_rehash`` tells when a stored hash was made with other ones.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from truceline.errors import PasswordRejected

MIN_LENGTH = 12
MAX_LENGTH = 1024  # argon2 hashes anything, but a megabyte "password" is a denial of service
GENERATED_BYTES = 18  # 144 bits, 24 URL-safe characters


@dataclass(frozen=True)
class Passwords:
    hasher: PasswordHasher = field(default_factory=PasswordHasher)

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        """True when ``password`` matches; False for a mismatch or a hash that is not argon2."""
        try:
            return bool(self.hasher.verify(password_hash, password))
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return bool(self.hasher.check_needs_rehash(password_hash))
        except InvalidHashError:
            return True


def fast_passwords() -> Passwords:
    """A cheap argon2 profile for tests and the demo's throwaway accounts: never for real accounts."""
    return Passwords(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def check_password(password: str, *, username: str, min_length: int = MIN_LENGTH) -> str:
    """Return ``password`` when the policy accepts it; raise ``PasswordRejected`` saying why otherwise."""
    problems = []
    if len(password) < min_length:
        problems.append(f"it has {len(password)} characters; use at least {min_length}")
    if len(password) > MAX_LENGTH:
        problems.append(f"it has {len(password)} characters; use at most {MAX_LENGTH}")
    if not password.strip():
        problems.append("it is only spaces")
    if password.strip().casefold() == username.strip().casefold():
        problems.append("it is the username")
    if problems:
        raise PasswordRejected("password refused: " + "; ".join(problems),
                               details=[{"field": "password", "message": p} for p in problems])
    return password


def generate_password() -> str:
    """A random password (24 URL-safe characters) that the policy accepts."""
    return secrets.token_urlsafe(GENERATED_BYTES)
