"""SQLAlchemy adapter of accounts: tables ``users``, ``user_sessions``, ``api_tokens``, ``login_throttles``.

Sessions are keyed by the sha256 of their id and tokens are found by the sha256 of their value: neither
clear value is ever stored. A liaison's party is kept as its key (as in the exchange files).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm import Session as OrmSession

from truceline.accounts.models import ApiToken, Role, Session, Throttle, User
from truceline.db.base import Base
from truceline.db.types import UTCDateTime


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    party: Mapped[str | None] = mapped_column(String(80))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)


class UserSessionRow(Base):
    __tablename__ = "user_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    client: Mapped[str | None] = mapped_column(String(64))


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LoginThrottleRow(Base):
    __tablename__ = "login_throttles"
    __table_args__ = (UniqueConstraint("scope", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(128))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SqlAccountRepository:
    def __init__(self, session: OrmSession) -> None:
        self.session = session

    # users
    def get_user(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return None if row is None else _user(row)

    def get_user_by_username(self, username: str) -> User | None:
        row = self.session.scalars(select(UserRow).where(UserRow.username == username)).first()
        return None if row is None else _user(row)

    def list_users(self) -> list[User]:
        return [_user(r) for r in self.session.scalars(select(UserRow).order_by(UserRow.username))]

    def add_user(self, user: User) -> User:
        row = UserRow()
        _fill_user(row, user)
        self.session.add(row)
        self.session.flush()
        return user.model_copy(update={"id": row.id})

    def update_user(self, user: User) -> User:
        row = self.session.get(UserRow, user.id)
        assert row is not None, f"user {user.id} vanished"
        _fill_user(row, user)
        self.session.flush()
        return user

    # sessions
    def add_session(self, session: Session) -> None:
        self.session.add(UserSessionRow(**session.model_dump()))
        self.session.flush()

    def get_session(self, id_hash: str) -> Session | None:
        row = self.session.get(UserSessionRow, id_hash)
        if row is None:
            return None
        return Session(id_hash=row.id_hash, user_id=row.user_id, created_at=row.created_at,
                       last_seen_at=row.last_seen_at, expires_at=row.expires_at, client=row.client)

    def touch_session(self, id_hash: str, at: datetime) -> None:
        self.session.execute(update(UserSessionRow).where(UserSessionRow.id_hash == id_hash)
                             .values(last_seen_at=at).execution_options(synchronize_session="fetch"))

    def delete_session(self, id_hash: str) -> None:
        self.session.execute(delete(UserSessionRow).where(UserSessionRow.id_hash == id_hash)
                             .execution_options(synchronize_session="fetch"))

    def delete_user_sessions(self, user_id: int) -> int:
        result = self.session.execute(delete(UserSessionRow).where(UserSessionRow.user_id == user_id)
                                      .execution_options(synchronize_session="fetch"))
        return int(getattr(result, "rowcount", 0) or 0)

    # tokens
    def add_token(self, token: ApiToken) -> ApiToken:
        row = ApiTokenRow(user_id=token.user_id, name=token.name, prefix=token.prefix, token_hash=token.token_hash,
                          created_at=token.created_at, last_used_at=token.last_used_at, revoked_at=token.revoked_at)
        self.session.add(row)
        self.session.flush()
        return token.model_copy(update={"id": row.id})

    def _token(self, row: ApiTokenRow | None) -> ApiToken | None:
        if row is None:
            return None
        owner = self.session.get(UserRow, row.user_id)
        return ApiToken(id=row.id, user_id=row.user_id, username=owner.username if owner else "", name=row.name,
                        prefix=row.prefix, token_hash=row.token_hash, created_at=row.created_at,
                        last_used_at=row.last_used_at, revoked_at=row.revoked_at)

    def get_token(self, token_id: int) -> ApiToken | None:
        return self._token(self.session.get(ApiTokenRow, token_id))

    def get_token_by_hash(self, token_hash: str) -> ApiToken | None:
        return self._token(self.session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))
                           .first())

    def list_tokens(self, user_id: int | None) -> list[ApiToken]:
        stmt = select(ApiTokenRow).order_by(ApiTokenRow.id)
        if user_id is not None:
            stmt = stmt.where(ApiTokenRow.user_id == user_id)
        return [t for t in (self._token(r) for r in self.session.scalars(stmt)) if t is not None]

    def update_token(self, token: ApiToken) -> ApiToken:
        row = self.session.get(ApiTokenRow, token.id)
        assert row is not None, f"token {token.id} vanished"
        row.name, row.last_used_at, row.revoked_at = token.name, token.last_used_at, token.revoked_at
        self.session.flush()
        return token

    # throttles
    def get_throttle(self, scope: str, subject: str) -> Throttle | None:
        row = self.session.scalars(select(LoginThrottleRow).where(LoginThrottleRow.scope == scope,
                                                                  LoginThrottleRow.subject == subject)).first()
        if row is None:
            return None
        return Throttle(scope=row.scope, subject=row.subject, failures=row.failures, window_start=row.window_start,
                        locked_until=row.locked_until)

    def save_throttle(self, throttle: Throttle) -> None:
        row = self.session.scalars(select(LoginThrottleRow).where(LoginThrottleRow.scope == throttle.scope,
                                                                  LoginThrottleRow.subject == throttle.subject)
                                   ).first()
        if row is None:
            row = LoginThrottleRow(scope=throttle.scope, subject=throttle.subject)
            self.session.add(row)
        row.failures, row.window_start, row.locked_until = throttle.failures, throttle.window_start, \
            throttle.locked_until
        self.session.flush()


def _fill_user(row: UserRow, user: User) -> None:
    row.username, row.display_name, row.role = user.username, user.display_name, user.role.value
    row.party, row.password_hash, row.active = user.party, user.password_hash, user.active
    row.created_at, row.updated_at, row.version = user.created_at, user.updated_at, user.version


def _user(row: UserRow) -> User:
    return User(id=row.id, username=row.username, display_name=row.display_name, role=Role(row.role),
                party=row.party, password_hash=row.password_hash, active=row.active, created_at=row.created_at,
                updated_at=row.updated_at, version=row.version)
