"""API tokens for machine clients: ``Authorization: Bearer tl_...``.

A token is shown once, when it is made; the store keeps its sha256 and its first characters (``prefix``)
so that lists can tell tokens apart. A revoked token, or one of a deactivated account, opens nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from truceline.accounts.models import ApiToken, NewApiToken, User
from truceline.accounts.secret import TOKEN_PREFIX, digest, new_api_token, token_prefix
from truceline.errors import AccountInactive, InvalidValue, TokenAlreadyRevoked, TokenInvalid, UnknownApiToken

if TYPE_CHECKING:
    from truceline.accounts.ports import AccountRepository
    from truceline.clock import Clock

NAME_MAX = 120


class TokenMixin:
    """Token use-cases of ``Accounts`` (kept apart to keep each module small)."""

    repo: AccountRepository
    clock: Clock

    def get_user(self, username: str) -> User:  # provided by Accounts
        raise NotImplementedError

    def create_token(self, username: str, *, name: str) -> NewApiToken:
        user = self.get_user(username)
        if not user.active:
            raise AccountInactive(f"the account '{user.username}' is deactivated: it cannot hold new tokens")
        label = name.strip()
        if not label or len(label) > NAME_MAX:
            raise InvalidValue(f"a token needs a name of 1-{NAME_MAX} characters (what uses it, e.g. 'qgis')",
                               details=[{"field": "name", "value": name}])
        secret = new_api_token()
        token = self.repo.add_token(ApiToken(id=0, user_id=user.id, username=user.username, name=label,
                                             prefix=token_prefix(secret), token_hash=digest(secret),
                                             created_at=self.clock.now()))
        return NewApiToken(token=token, secret=secret)

    def list_tokens(self, username: str | None = None) -> list[ApiToken]:
        """The tokens of one account, or of every account when ``username`` is None."""
        user_id = None if username is None else self.get_user(username).id
        return self.repo.list_tokens(user_id)

    def revoke_token(self, token_id: int, *, username: str | None = None) -> ApiToken:
        """Revoke a token; with ``username`` only one of that account's (others are 'unknown' to it)."""
        token = self.repo.get_token(token_id)
        if token is None or (username is not None and token.username != username):
            owner = f" of '{username}'" if username is not None else ""
            raise UnknownApiToken(f"no API token {token_id}{owner}", details=[{"field": "token_id", "value": token_id}])
        if token.revoked_at is not None:
            raise TokenAlreadyRevoked(f"API token {token_id} ('{token.name}') was revoked at "
                                      f"{token.revoked_at.isoformat()}")
        return self.repo.update_token(token.model_copy(update={"revoked_at": self.clock.now()}))

    def resolve_token(self, secret: str) -> tuple[ApiToken, User]:
        """The token and its account for a bearer value; ``TokenInvalid`` when it opens nothing."""
        token = self.repo.get_token_by_hash(digest(secret.strip())) if secret.startswith(TOKEN_PREFIX) else None
        user = None if token is None else self.repo.get_user(token.user_id)
        if token is None or token.revoked_at is not None or user is None or not user.active:
            raise TokenInvalid("the API token is unknown, revoked, or its account is deactivated")
        now = self.clock.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= 60:
            token = self.repo.update_token(token.model_copy(update={"last_used_at": now}))
        return token, user
