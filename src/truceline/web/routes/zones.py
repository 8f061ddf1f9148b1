"""Routes of the zones register (being written)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/zones", tags=["zones"])
