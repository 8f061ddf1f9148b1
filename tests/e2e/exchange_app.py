"""The application with the exchange routes, for `uvicorn --factory tests.e2e.exchange_app:create`
(until web/app.py includes the exchange router itself). Settings come from the environment."""

from __future__ import annotations

from fastapi import FastAPI

from truceline.config import get_settings
from truceline.web.app import create_app
from truceline.web.routes import exchange


def create() -> FastAPI:
    app = create_app(get_settings())
    if not any(getattr(r, "path", "").startswith(exchange.router.prefix) for r in app.routes):
        app.include_router(exchange.router)
    return app
