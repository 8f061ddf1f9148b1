"""The register pages: parties, agreements, accessions, zones, posts and talks, read by everyone as their
release levels allow and edited by the mechanism's staff through the same services as ``/api/v1``.

One router for the app's ``ROUTERS``; each register's pages live in their own module.
"""

from __future__ import annotations

from fastapi import APIRouter

from truceline.web.routes.register_pages import accessions, agreements, hub, parties, posts, talks, zones

router = APIRouter(include_in_schema=False)
for module in (hub, parties, agreements, accessions, zones, posts, talks):
    router.include_router(module.router)
