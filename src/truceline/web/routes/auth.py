"""Login, logout, who am I, and the caller's own API tokens: ``/api/v1/auth``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field, ValidationError

from truceline.accounts.models import ApiToken
from truceline.accounts.policy import Action, Principal, Resource
from truceline.accounts.secret import csrf_token
from truceline.accounts.web_deps import (
    SESSION_COOKIE,
    AccountsDep,
    PrincipalDep,
    clear_session_cookie,
    csrf_protect,
    refuse_cross_site,
    require,
    server_secret,
    session_csrf,
    set_session_cookie,
)
from truceline.errors import BadCredentials, LoginRequired, LoginThrottled, schema_error
from truceline.web.deps import StoreDep

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=4096)


class TokenIn(BaseModel):
    name: str = Field(min_length=1, max_length=120)


def _principal_out(request: Request, principal: Principal, *, csrf: str | None) -> dict[str, Any]:
    return {"authenticated": principal.authenticated, "username": principal.username,
            "display_name": principal.display_name, "role": principal.role.value, "party": principal.party,
            "via": principal.via, "csrf_token": csrf}


def _token_out(token: ApiToken) -> dict[str, Any]:
    return {"id": token.id, "name": token.name, "prefix": token.prefix, "username": token.username,
            "created_at": token.created_at, "last_used_at": token.last_used_at, "revoked_at": token.revoked_at}


async def _login_body(request: Request) -> LoginIn:
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            return LoginIn.model_validate({k: form.get(k) for k in ("username", "password")})
        return LoginIn.model_validate_json(await request.body())
    except ValidationError as err:
        raise schema_error(list(err.errors())) from None


@router.post("/login")
async def login(request: Request, response: Response, accounts: AccountsDep, store: StoreDep) -> dict[str, Any]:
    """Log in with a username and password (JSON or form); sets the session cookie. A browser posting from
    another site is refused (E806): it would log its visitor into someone else's account."""
    refuse_cross_site(request)
    body = await _login_body(request)
    client = request.client.host if request.client else None
    try:
        new = accounts.login(body.username, body.password, client=client)
    except (BadCredentials, LoginThrottled):
        store.session.commit()  # keep the counted failure although the request fails
        raise
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:
        accounts.logout(previous)  # one browser, one session
    set_session_cookie(request, response, new.secret, max_age=int(accounts.sessions.absolute.total_seconds()))
    principal = Principal.for_user(new.user, via="session")
    return _principal_out(request, principal, csrf=csrf_token(server_secret(request), new.secret))


@router.post("/logout")
def logout(request: Request, response: Response, accounts: AccountsDep,
           principal: Annotated[Principal, Depends(csrf_protect)]) -> dict[str, Any]:
    """End the session of the cookie (a bearer token is not a session: revoke it instead)."""
    secret = request.cookies.get(SESSION_COOKIE)
    ended = accounts.logout(secret) if secret else False
    clear_session_cookie(request, response)
    return {"ok": True, "ended": ended}


@router.get("/me")
def me(request: Request, principal: PrincipalDep) -> dict[str, Any]:
    """Who the caller is (anonymous callers are public readers), with the session's CSRF token."""
    return _principal_out(request, principal, csrf=session_csrf(request, principal))


def _owner(principal: Principal) -> str:
    if principal.username is None:
        raise LoginRequired("log in to manage API tokens")
    return principal.username


@router.get("/tokens")
def list_tokens(accounts: AccountsDep,
                principal: Annotated[Principal, Depends(require(Action.read, Resource.tokens))]) -> dict[str, Any]:
    """The caller's API tokens (never their values)."""
    tokens = accounts.list_tokens(_owner(principal))
    return {"data": [_token_out(t) for t in tokens], "count": len(tokens)}


@router.post("/tokens", status_code=201)
def create_token(body: TokenIn, accounts: AccountsDep,
                 principal: Annotated[Principal, Depends(require(Action.create, Resource.tokens))]
                 ) -> dict[str, Any]:
    """A new API token for the caller: ``token`` is shown in this answer only."""
    new = accounts.create_token(_owner(principal), name=body.name)
    return {**_token_out(new.token), "token": new.secret}


@router.delete("/tokens/{token_id}")
def revoke_token(token_id: int, accounts: AccountsDep,
                 principal: Annotated[Principal, Depends(require(Action.delete, Resource.tokens))]
                 ) -> dict[str, Any]:
    """Revoke one of the caller's API tokens."""
    return _token_out(accounts.revoke_token(token_id, username=_owner(principal)))
