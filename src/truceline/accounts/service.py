"""Account use-cases over the ``AccountRepository`` port: users, login, sessions, API tokens.

Time comes from the injected clock. The caller owns the transaction; ``authenticate`` stores a failed
attempt *before* it raises, so a caller that rolls back on errors must commit first (the login route does).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from truceline.accounts import throttle as throttling
from truceline.accounts.models import NewSession, Role, Session, User
from truceline.accounts.passwords import Passwords, check_password, generate_password
from truceline.accounts.ports import AccountRepository, PartyLookup
from truceline.accounts.secret import digest, random_secret
from truceline.accounts.tokens import TokenMixin
from truceline.clock import Clock, SystemClock
from truceline.errors import (
    AccountInactive,
    BadCredentials,
    InvalidValue,
    LastAdmin,
    LoginThrottled,
    RoleMismatch,
    UnknownReference,
    UnknownUser,
    UsernameTaken,
)

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class SessionRules:
    idle: timedelta = timedelta(hours=2)  # ends after this long without a request
    absolute: timedelta = timedelta(hours=12)  # ends this long after login, busy or not
    touch_every: timedelta = timedelta(minutes=1)  # last-seen is written at most this often


@lru_cache(maxsize=8)
def _dummy_hash(passwords: Passwords) -> str:
    """A hash to verify against when the username is unknown, so that both cases take as long."""
    return passwords.hash(random_secret())


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_RE.match(name):
        raise InvalidValue(f"'{username}' is not a valid username: use 2-64 lower-case letters, digits, "
                           "dots, hyphens and underscores, starting with a letter or digit",
                           details=[{"field": "username", "value": username}])
    return name


@dataclass
class Accounts(TokenMixin):
    repo: AccountRepository
    clock: Clock = field(default_factory=SystemClock)
    passwords: Passwords = field(default_factory=Passwords)
    parties: PartyLookup | None = None  # when given, a liaison's party must exist in the register
    sessions: SessionRules = field(default_factory=SessionRules)
    username_rule: throttling.ThrottleRule = throttling.USERNAME_RULE
    address_rule: throttling.ThrottleRule = throttling.ADDRESS_RULE

    # --- users -------------------------------------------------------------------------------------------

    def get_user(self, username: str) -> User:
        user = self.repo.get_user_by_username(username.strip().lower())
        if user is None:
            raise UnknownUser(f"no account '{username}'", details=[{"field": "username", "value": username}])
        return user

    def list_users(self) -> list[User]:
        return self.repo.list_users()

    def _check_party(self, role: Role, party: str | None) -> str | None:
        party = (party or "").strip() or None
        if role == Role.party_liaison and party is None:
            raise RoleMismatch("a party liaison needs the key of their party (--party KEY)",
                               details=[{"field": "party", "value": None}])
        if role != Role.party_liaison and party is not None:
            raise RoleMismatch(f"only party liaisons have a party; a {role.value} has none",
                               details=[{"field": "party", "value": party}])
        if party is not None and self.parties is not None and self.parties.get_by_key(party) is None:
            raise UnknownReference(f"unknown party '{party}'", details=[{"field": "party", "value": party}])
        return party

    def create_user(self, username: str, *, role: Role | str, password: str | None, party: str | None = None,
                    display_name: str | None = None) -> User:
        """A new active account; ``password=None`` makes one that logs in only with API tokens."""
        name = check_username(username)
        role = _role(role)
        party = self._check_party(role, party)
        if self.repo.get_user_by_username(name) is not None:
            raise UsernameTaken(f"an account '{name}' exists already", details=[{"field": "username", "value": name}])
        password_hash = None if password is None else self.passwords.hash(check_password(password, username=name))
        now = self.clock.now()
        return self.repo.add_user(User(id=0, username=name, display_name=(display_name or "").strip() or name,
                                       role=role, party=party, password_hash=password_hash, created_at=now,
                                       updated_at=now))

    def _save(self, user: User, **changes: object) -> User:
        return self.repo.update_user(user.model_copy(update={**changes, "updated_at": self.clock.now(),
                                                             "version": user.version + 1}))

    def set_password(self, username: str, password: str) -> User:
        """Change the password; every open session of the account ends (its tokens stay)."""
        user = self.get_user(username)
        password_hash = self.passwords.hash(check_password(password, username=user.username))
        self.repo.delete_user_sessions(user.id)
        return self._save(user, password_hash=password_hash)

    def reset_password(self, username: str) -> tuple[User, str]:
        password = generate_password()
        return self.set_password(username, password), password

    def _other_active_admins(self, user: User) -> int:
        return sum(1 for u in self.repo.list_users() if u.active and u.role == Role.admin and u.id != user.id)

    def change_role(self, username: str, role: Role | str, *, party: str | None = None) -> User:
        user = self.get_user(username)
        role = _role(role)
        party = self._check_party(role, party)
        if user.role == Role.admin and role != Role.admin and user.active and not self._other_active_admins(user):
            raise LastAdmin(f"'{user.username}' is the last active admin: make another admin first")
        return self._save(user, role=role, party=party)

    def deactivate(self, username: str) -> User:
        """The account can no longer log in or use its tokens; its sessions end. Records keep its name."""
        user = self.get_user(username)
        if not user.active:
            raise AccountInactive(f"the account '{user.username}' is deactivated already")
        if user.role == Role.admin and not self._other_active_admins(user):
            raise LastAdmin(f"'{user.username}' is the last active admin: make another admin first")
        self.repo.delete_user_sessions(user.id)
        return self._save(user, active=False)

    def activate(self, username: str) -> User:
        user = self.get_user(username)
        if user.active:
            raise AccountInactive(f"the account '{user.username}' is active already")
        return self._save(user, active=True)

    # --- login ---------------------------------------------------------------------------------------------

    def _locked(self, username: str, client: str | None) -> None:
        now = self.clock.now()
        subjects = [("username", username)] + ([("address", client)] if client else [])
        ends = [throttling.locked_until(self.repo.get_throttle(scope, subject), now) for scope, subject in subjects]
        until = max((e for e in ends if e is not None), default=None)
        if until is not None:
            wait = max(1, int((until - now).total_seconds() // 60) + 1)
            raise LoginThrottled(f"too many failed logins: try again in about {wait} minute(s)",
                                 details=[{"retry_after": until.isoformat()}])

    def _failed(self, username: str, client: str | None) -> None:
        now = self.clock.now()
        subjects = [("username", username, self.username_rule)]
        if client:
            subjects.append(("address", client, self.address_rule))
        for scope, subject, rule in subjects:
            current = self.repo.get_throttle(scope, subject)
            self.repo.save_throttle(throttling.after_failure(current, scope=scope, subject=subject, now=now,
                                                             rule=rule))

    def authenticate(self, username: str, password: str, *, client: str | None = None) -> User:
        """The account whose password this is; ``BadCredentials`` or ``LoginThrottled`` otherwise."""
        name = username.strip().lower()[:64]
        self._locked(name, client)
        user = self.repo.get_user_by_username(name)
        usable = user is not None and user.active and user.password_hash is not None
        if user is None or not usable or user.password_hash is None:
            self.passwords.verify(_dummy_hash(self.passwords), password)  # as slow as a real check
            ok = False
        else:
            ok = self.passwords.verify(user.password_hash, password)
        if not ok or user is None:
            self._failed(name, client)
            raise BadCredentials("wrong username or password")
        cleared = throttling.after_success(self.repo.get_throttle("username", name))
        if cleared is not None:
            self.repo.save_throttle(cleared)
        if user.password_hash is not None and self.passwords.needs_rehash(user.password_hash):
            user = self.repo.update_user(user.model_copy(update={"password_hash": self.passwords.hash(password)}))
        return user

    # --- sessions ----------------------------------------------------------------------------------------

    def login(self, username: str, password: str, *, client: str | None = None) -> NewSession:
        user = self.authenticate(username, password, client=client)
        return self.open_session(user, client=client)

    def open_session(self, user: User, *, client: str | None = None) -> NewSession:
        """A fresh session (a new id at every login: no fixation)."""
        secret = random_secret()
        now = self.clock.now()
        session = Session(id_hash=digest(secret), user_id=user.id, created_at=now, last_seen_at=now,
                          expires_at=now + self.sessions.absolute, client=client)
        self.repo.add_session(session)
        return NewSession(session=session, secret=secret, user=user)

    def resolve_session(self, secret: str) -> tuple[Session, User] | None:
        """The live session and its active account for a cookie value; None when there is none."""
        id_hash = digest(secret)
        session = self.repo.get_session(id_hash)
        if session is None:
            return None
        now = self.clock.now()
        user = self.repo.get_user(session.user_id)
        if _ended(session, now, self.sessions.idle) or user is None or not user.active:
            self.repo.delete_session(id_hash)
            return None
        if now - session.last_seen_at >= self.sessions.touch_every:
            self.repo.touch_session(id_hash, now)
            session = session.model_copy(update={"last_seen_at": now})
        return session, user

    def logout(self, secret: str) -> bool:
        """End the session; False when it had ended already."""
        id_hash = digest(secret)
        existed = self.repo.get_session(id_hash) is not None
        self.repo.delete_session(id_hash)
        return existed


def _ended(session: Session, now: datetime, idle: timedelta) -> bool:
    return now >= session.expires_at or now - session.last_seen_at >= idle


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise InvalidValue(f"unknown role '{role}': use one of {', '.join(r.value for r in Role)}",
                           details=[{"field": "role", "value": str(role)}]) from None
