"""The one place where errors become HTTP responses, all in one JSON shape:

``{"ok": false, "status": 422, "code": "E104", "error": "...", "errors": [...]}``
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from truceline.errors import TrucelineError, schema_error


def error_response(err: TrucelineError) -> JSONResponse:
    return JSONResponse(err.to_dict(), status_code=err.http_status)


def install(app: FastAPI) -> None:
    @app.exception_handler(TrucelineError)
    async def _domain(_request: Request, err: TrucelineError) -> JSONResponse:
        return error_response(err)

    @app.exception_handler(RequestValidationError)
    async def _request_validation(_request: Request, err: RequestValidationError) -> JSONResponse:
        return error_response(schema_error(list(err.errors())))

    @app.exception_handler(ValidationError)
    async def _validation(_request: Request, err: ValidationError) -> JSONResponse:
        return error_response(schema_error(list(err.errors())))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, err: StarletteHTTPException) -> JSONResponse:
        code = {404: "E200", 405: "E405"}.get(err.status_code, f"E{err.status_code}")
        body = {"ok": False, "status": err.status_code, "code": code, "error": str(err.detail), "errors": []}
        return JSONResponse(body, status_code=err.status_code)
