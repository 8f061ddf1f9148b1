"""`truceline serve`: run the web application."""

from __future__ import annotations

import typer

from truceline.config import get_settings


def serve(host: str, port: int) -> None:
    import uvicorn

    from truceline.web.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level="info")


def serve_cli(
    host: str = typer.Option(None, help="Address to bind (default TRUCELINE_HOST, 127.0.0.1)."),
    port: int = typer.Option(None, help="Port (default TRUCELINE_PORT, 8000)."),
) -> None:
    """Serve the API and the application over HTTP."""
    settings = get_settings()
    serve(host or settings.host, port or settings.port)
