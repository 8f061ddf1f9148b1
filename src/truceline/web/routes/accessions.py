"""Routes of the accessions register (being written)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/accessions", tags=["accessions"])
