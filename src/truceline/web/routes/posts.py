"""Routes of the posts register (being written)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/v1/posts", tags=["posts"])
