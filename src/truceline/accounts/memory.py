"""The in-memory account repository: the reference behaviour of ``SqlAccountRepository``."""

from __future__ import annotations

from datetime import datetime

from truceline.accounts.models import ApiToken, Session, Throttle, User


class MemoryAccountRepository:
    def __init__(self) -> None:
        self.users: dict[int, User] = {}
        self.sessions: dict[str, Session] = {}
        self.tokens: dict[int, ApiToken] = {}
        self.throttles: dict[tuple[str, str], Throttle] = {}

    def get_user(self, user_id: int) -> User | None:
        return self.users.get(user_id)

    def get_user_by_username(self, username: str) -> User | None:
        return next((u for u in self.users.values() if u.username == username), None)

    def list_users(self) -> list[User]:
        return sorted(self.users.values(), key=lambda u: u.username)

    def add_user(self, user: User) -> User:
        stored = user.model_copy(update={"id": max(self.users, default=0) + 1})
        self.users[stored.id] = stored
        return stored

    def update_user(self, user: User) -> User:
        self.users[user.id] = user
        return user

    def add_session(self, session: Session) -> None:
        self.sessions[session.id_hash] = session

    def get_session(self, id_hash: str) -> Session | None:
        return self.sessions.get(id_hash)

    def touch_session(self, id_hash: str, at: datetime) -> None:
        if id_hash in self.sessions:
            self.sessions[id_hash] = self.sessions[id_hash].model_copy(update={"last_seen_at": at})

    def delete_session(self, id_hash: str) -> None:
        self.sessions.pop(id_hash, None)

    def delete_user_sessions(self, user_id: int) -> int:
        doomed = [h for h, s in self.sessions.items() if s.user_id == user_id]
        for h in doomed:
            del self.sessions[h]
        return len(doomed)

    def add_token(self, token: ApiToken) -> ApiToken:
        stored = token.model_copy(update={"id": max(self.tokens, default=0) + 1})
        self.tokens[stored.id] = stored
        return stored

    def get_token(self, token_id: int) -> ApiToken | None:
        return self.tokens.get(token_id)

    def get_token_by_hash(self, token_hash: str) -> ApiToken | None:
        return next((t for t in self.tokens.values() if t.token_hash == token_hash), None)

    def list_tokens(self, user_id: int | None) -> list[ApiToken]:
        return sorted((t for t in self.tokens.values() if user_id is None or t.user_id == user_id),
                      key=lambda t: t.id)

    def update_token(self, token: ApiToken) -> ApiToken:
        self.tokens[token.id] = token
        return token

    def get_throttle(self, scope: str, subject: str) -> Throttle | None:
        return self.throttles.get((scope, subject))

    def save_throttle(self, throttle: Throttle) -> None:
        self.throttles[(throttle.scope, throttle.subject)] = throttle
