"""The one place where errors become HTTP responses, all in one JSON shape:

``{"ok": false, "status": 422, "code": "E104", "error": "...", "errors": [...]}``
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from truceline.errors import LoginRequired, TrucelineError, schema_error


def error_response(err: TrucelineError, request: Request | None = None) -> JSONResponse:
    body, status = err.to_dict(), err.http_status
    if request is not None and status == 422 and request.url.path.startswith("/ogc"):
        # OGC API – Features answers a bad query parameter with 400 (Part 1, /req/core/query-param-invalid)
        body, status = {**body, "status": 400}, 400
    return JSONResponse(body, status_code=status)


def wants_page(request: Request) -> bool:
    """A browser asking for a page (not the API, the OGC API or a static file) gets the error as a page."""
    path = request.url.path
    return (not path.startswith(("/api/", "/ogc", "/static/"))
            and "text/html" in request.headers.get("accept", ""))


def _find_principal(request: Request) -> None:
    """Who is looking, for the header of an error page that no route (so no access check) has answered:
    an unknown path. A principal that cannot be found leaves the page to an anonymous reader."""
    if getattr(request.state, "principal", None) is not None:
        return
    from truceline.accounts.web_deps import current_principal, get_accounts
    from truceline.db.store import store_scope

    try:
        with store_scope(request.app.state.sessionmaker) as store:
            request.state.principal = current_principal(request, get_accounts(request, store))
    except TrucelineError:
        pass  # a bad token or an ended session: shown as a public reader


def _page(request: Request, body: dict[str, Any], status_code: int) -> Response:
    from truceline.web.routes.pages import page_context, templates

    _find_principal(request)
    return templates.TemplateResponse(request, "error.html", page_context(request, "error", error=body),
                                      status_code=status_code)


def install(app: FastAPI) -> None:
    @app.exception_handler(TrucelineError)
    async def _domain(request: Request, err: TrucelineError) -> Response:
        if not wants_page(request):
            return error_response(err, request)
        if isinstance(err, LoginRequired) and request.method == "GET":
            # a browser asking for a page that needs an account: to the login page, then back here
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return _page(request, err.to_dict(), err.http_status)

    @app.exception_handler(RequestValidationError)
    async def _request_validation(request: Request, err: RequestValidationError) -> JSONResponse:
        return error_response(schema_error(list(err.errors())), request)

    @app.exception_handler(ValidationError)
    async def _validation(_request: Request, err: ValidationError) -> JSONResponse:
        return error_response(schema_error(list(err.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, err: StarletteHTTPException) -> Response:
        code = {404: "E200", 405: "E405"}.get(err.status_code, f"E{err.status_code}")
        body = {"ok": False, "status": err.status_code, "code": code, "error": str(err.detail), "errors": []}
        if err.status_code == 404 and wants_page(request):  # a browser on an unknown path: the page, not JSON
            return _page(request, body, err.status_code)
        return JSONResponse(body, status_code=err.status_code)
