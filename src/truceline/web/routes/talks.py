"""Routes of the talks register (being written)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/talks", tags=["talks"])
