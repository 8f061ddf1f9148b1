"""The login page and the logout button: a browser session over the same accounts as ``/api/v1/auth``.

``GET /login`` shows the form; ``POST /login`` checks the password (throttled like the API), sets the
HttpOnly session cookie and sends the browser on to ``next`` (a local path only); ``POST /logout`` ends the
session (CSRF-checked). Wrong credentials re-render the form with the error and keep the username.

The login form has no session to take a CSRF token from, so the login page sets a pre-session cookie
(``truceline_login_csrf``, random) and the form carries its signature (``accounts/secret.py``); a login
post without a matching pair is refused with E806 and the form comes back with a fresh token.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truceline.accounts.policy import Principal
from truceline.accounts.secret import login_csrf_matches, login_csrf_token, random_secret
from truceline.accounts.web_deps import (
    SESSION_COOKIE,
    AccountsDep,
    clear_session_cookie,
    client_address,
    csrf_protect,
    server_secret,
    set_session_cookie,
)
from truceline.errors import BadCredentials, CsrfRejected, LoginThrottled
from truceline.web.access import OPEN
from truceline.web.deps import StoreDep
from truceline.web.routes.pages import page_context, templates

router = APIRouter(include_in_schema=False)
RULES = {("GET", "/login"): OPEN, ("POST", "/login"): OPEN, ("POST", "/logout"): OPEN}


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site, never another site (``//evil``, ``https://``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


LOGIN_CSRF_COOKIE = "truceline_login_csrf"
LOGIN_CSRF_MAX_AGE = 12 * 3600  # a login page left open for a day asks for a reload


def _login_page(request: Request, *, next_: str, username: str, error: dict[str, Any] | None,
                status_code: int = 200) -> HTMLResponse:
    """The form, with the signature of the browser's pre-session cookie (made here when it has none)."""
    nonce = request.cookies.get(LOGIN_CSRF_COOKIE) or random_secret()
    response = templates.TemplateResponse(request, "login.html", page_context(
        request, "login", next=safe_next(next_), username=username, error=error,
        login_csrf=login_csrf_token(server_secret(request), nonce)), status_code=status_code)
    response.set_cookie(LOGIN_CSRF_COOKIE, nonce, max_age=LOGIN_CSRF_MAX_AGE, path="/login", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str | None = None) -> HTMLResponse:  # noqa: A002
    return _login_page(request, next_=next or "/", username="", error=None)


@router.post("/login", response_class=HTMLResponse)
def login_form(request: Request, accounts: AccountsDep, store: StoreDep,
               username: Annotated[str, Form(max_length=200)] = "",
               password: Annotated[str, Form(max_length=4096)] = "",
               next: Annotated[str, Form(max_length=2000)] = "/",  # noqa: A002
               csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
    if not login_csrf_matches(server_secret(request), request.cookies.get(LOGIN_CSRF_COOKIE), csrf_token):
        refused = CsrfRejected("the login form had expired or came from another site: log in again")
        return _login_page(request, next_=next, username=username, error=refused.to_dict(),
                           status_code=refused.http_status)
    try:
        if not username.strip() or not password:
            raise BadCredentials("enter your username and password")
        new = accounts.login(username, password, client=client_address(request))
    except (BadCredentials, LoginThrottled) as err:
        store.session.commit()  # keep the counted failure although the login fails
        return _login_page(request, next_=next, username=username, error=err.to_dict(),
                           status_code=err.http_status)
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:
        accounts.logout(previous)  # one browser, one session
    response = RedirectResponse(safe_next(next), status_code=303)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    set_session_cookie(request, response, new.secret, max_age=int(accounts.sessions.absolute.total_seconds()))
    return response


@router.post("/logout")
def logout_form(request: Request, accounts: AccountsDep,
                _principal: Annotated[Principal, Depends(csrf_protect)]) -> Response:
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        accounts.logout(secret)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(request, response)
    return response
