"""Registers for the incident tests: the seed parties and agreements, Idlib and Eastern Ghouta zones
(created by the Astana memorandum), the Salwa observation post, the source of the test reports."""

from __future__ import annotations

from typing import Any

from tests.agreements.seed import seed_agreements
from tests.posts.places import salwa
from tests.zones.places import ghouta_zone, idlib_zone
from truceline.common.context import Ctx
from truceline.posts import service as posts
from truceline.posts.schemas import PostCreate
from truceline.sources.service import ensure_source
from truceline.zones import service as zones
from truceline.zones.schemas import ZoneCreate

ASTANA = "astana-memorandum-2017"
DECEMBER = "ceasefire-2016-12-29"


def seed_registers(store: Any, ctx: Ctx) -> None:
    seed_agreements(store, ctx)
    for data in (idlib_zone(key="idlib", agreement=ASTANA), ghouta_zone(agreement=ASTANA)):
        zones.create_zone(store, ctx, ZoneCreate.model_validate(data))
    posts.create_post(store, ctx, PostCreate.model_validate(salwa(key="salwa")))
    ensure_source(store, ctx, "sohr")  # the source of the test reports


def seed_reports(store: Any, count: int) -> None:
    """Accepted reports with ids 1..count, for incidents built by hand that link to them (a foreign key):
    a report an incident holds has left the review queue."""
    from tests.incidents.fakes import report

    for n in range(1, count + 1):
        assert store.reports.add(report(uid=f"seed-{n}", hours=n, status="accepted")).id == n
