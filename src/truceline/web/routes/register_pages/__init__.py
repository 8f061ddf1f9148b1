"""The register pages: parties, agreements, accessions, zones, posts and talks, read by everyone as their
release levels allow and edited by the mechanism's staff through the same services as ``/api/v1``.

One router for the app's ``ROUTERS``; each register's pages live in their own module.
"""

from __future__ import annotations

from fastapi import APIRouter

from truceline.accounts.policy import Action, Resource
from truceline.web.access import Rule
from truceline.web.routes.register_pages import accessions, agreements, hub, parties, posts, talks, zones

router = APIRouter(include_in_schema=False)
for module in (hub, parties, agreements, accessions, zones, posts, talks):
    router.include_router(module.router)

A, R = Action, Resource


def _pages(name: str, resource: Resource, *, updates: tuple[str, ...] = (),
           update_pages: tuple[str, ...] = ()) -> dict[tuple[str, str], Rule]:
    """The rules of one register's pages: list and record (read), new (create), edit and its other
    steps (update): ``updates`` are POST-only, ``update_pages`` a form page and its POST."""
    base = f"/registers/{name}"
    rules = {("GET", base): Rule(A.read, resource), ("GET", f"{base}/{{ref}}"): Rule(A.read, resource)}
    for method in ("GET", "POST"):
        rules[(method, f"{base}/new")] = Rule(A.create, resource)
        for step in ("edit", *update_pages):
            rules[(method, f"{base}/{{ref}}/{step}")] = Rule(A.update, resource)
    for step in updates:
        rules[("POST", f"{base}/{{ref}}/{step}")] = Rule(A.update, resource)
    return rules


RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/registers"): Rule(A.read, R.parties),
    **_pages("parties", R.parties),
    **_pages("agreements", R.agreements, update_pages=("amend",)),
    **_pages("accessions", R.accessions, updates=("withdraw",)),
    **_pages("zones", R.zones, update_pages=("boundary",)),
    **_pages("posts", R.posts, updates=("steps",)),
    **_pages("talks", R.talks),
}
