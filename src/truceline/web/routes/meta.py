"""Service routes: health and the error catalogue."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from truceline import __version__
from truceline.errors import all_error_classes

router = APIRouter(tags=["meta"])


@router.get("/api/v1/health")
def health() -> dict[str, Any]:
    return {"ok": True, "version": __version__}


@router.get("/api/v1/errors")
def error_catalogue() -> dict[str, Any]:
    """Every error code the API can answer with, its HTTP status and title."""
    data = [{"code": c.code, "status": c.http_status, "title": c.title} for c in all_error_classes()]
    return {"data": data, "count": len(data)}
