"""FastAPI dependencies of accounts: who is asking (``current_principal``), may they (``require``), CSRF.

* ``current_principal``: ``Authorization: Bearer tl_...`` (a bad token is refused with E805), else the
  session cookie (an ended session counts as anonymous), else anonymous (a public reader).
* ``require(action, resource)``: E801 (401) when an anonymous visitor must log in, E807 (403) when the
  role may not; for a session on an unsafe method it also checks the CSRF token.
* ``csrf_protect``: the session's CSRF token in the ``X-CSRF-Token`` header or the ``csrf_token`` form field.
* ``refuse_cross_site``: a login posted by a browser from another site (login CSRF) is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response

from truceline.accounts.passwords import Passwords
from truceline.accounts.policy import Action, Principal, Resource, can
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.secret import csrf_matches, csrf_token, load_or_create_secret
from truceline.accounts.service import Accounts
from truceline.errors import CsrfRejected, LoginRequired, NotAllowed
from truceline.web.deps import StoreDep

SESSION_COOKIE = "truceline_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PASSWORDS = Passwords()


def server_secret(request: Request) -> bytes:
    """The server secret, read once per application (``TRUCELINE_SECRET_KEY`` or the data-dir file)."""
    state = request.app.state
    if getattr(state, "server_secret", None) is None:
        settings = state.settings
        state.server_secret = load_or_create_secret(configured=getattr(settings, "secret_key", None),
                                                    data_dir=settings.data_dir)
    return bytes(state.server_secret)


def get_accounts(request: Request, store: StoreDep) -> Accounts:
    passwords = getattr(request.app.state, "passwords", None) or _DEFAULT_PASSWORDS
    return Accounts(SqlAccountRepository(store.session), clock=request.app.state.clock, passwords=passwords,
                    parties=store.parties)


AccountsDep = Annotated[Accounts, Depends(get_accounts)]


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def current_principal(request: Request, accounts: AccountsDep) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        _token, user = accounts.resolve_token(value.strip())
        return Principal.for_user(user, via="token")
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        found = accounts.resolve_session(secret)
        if found is not None:
            return Principal.for_user(found[1], via="session")
    return Principal.anonymous()


PrincipalDep = Annotated[Principal, Depends(current_principal)]


async def _csrf_candidate(request: Request) -> str | None:
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


async def check_csrf(request: Request, principal: Principal) -> None:
    """Unsafe requests riding on a session cookie must carry the session's CSRF token."""
    if principal.via != "session" or request.method in SAFE_METHODS:
        return
    secret = request.cookies.get(SESSION_COOKIE, "")
    if not csrf_matches(server_secret(request), secret, await _csrf_candidate(request)):
        raise CsrfRejected(f"missing or wrong CSRF token: send the session's token in the {CSRF_HEADER} header "
                           f"or the {CSRF_FIELD} form field (GET /api/v1/auth/me gives it)")


def refuse_cross_site(request: Request) -> None:
    """A login has no session to take a CSRF token from: refuse one a browser says comes from another site
    (``Sec-Fetch-Site: cross-site``, or an ``Origin`` that is not this host). Clients that are not browsers
    send neither header and are not concerned."""
    origin = request.headers.get("origin")
    host = request.headers.get("host", "")
    foreign = origin is not None and urlsplit(origin).netloc != host  # "null" (a sandboxed page) too
    if foreign or request.headers.get("sec-fetch-site") == "cross-site":
        raise CsrfRejected("a login sent from another site is refused: log in on this site's login page")


async def csrf_protect(request: Request, principal: PrincipalDep) -> Principal:
    await check_csrf(request, principal)
    return principal


def refuse(principal: Principal, action: Action | str, resource: Resource | str) -> None:
    if not principal.authenticated:
        raise LoginRequired(f"log in to {Action(action).value} {Resource(resource).value}")
    raise NotAllowed(f"a {principal.role.value} may not {Action(action).value} {Resource(resource).value}")


def require(action: Action | str, resource: Resource | str) -> Callable[..., object]:
    """A dependency that returns the principal when its role may do ``action`` on ``resource``."""
    action, resource = Action(action), Resource(resource)

    async def dependency(request: Request, principal: PrincipalDep) -> Principal:
        if not can(principal, action, resource):
            refuse(principal, action, resource)
        await check_csrf(request, principal)
        return principal

    return dependency


def session_csrf(request: Request, principal: Principal) -> str | None:
    secret = request.cookies.get(SESSION_COOKIE)
    return csrf_token(server_secret(request), secret) if principal.via == "session" and secret else None


def set_session_cookie(request: Request, response: Response, secret: str, *, max_age: int) -> None:
    response.set_cookie(SESSION_COOKIE, secret, max_age=max_age, path="/", httponly=True, samesite="lax",
                        secure=request.url.scheme == "https")


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax",
                           secure=request.url.scheme == "https")


def require_on(principal: Principal, action: Action | str, resource: Resource | str, record: object) -> None:
    """Refuse unless ``principal`` may do ``action`` on this very record (its owner, its party...)."""
    if not can(principal, action, resource, record):
        refuse(principal, action, resource)
