"""``/registers``: the six registers, with how many records of each the visitor may see."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from truceline.accessions import service as accessions_service
from truceline.accessions.models import AccessionQuery
from truceline.accounts.policy import Action, Resource
from truceline.accounts.web_deps import PrincipalDep, require
from truceline.agreements import service as agreements_service
from truceline.agreements.models import AgreementQuery
from truceline.posts import service as posts_service
from truceline.posts.models import PostQuery
from truceline.registry import service as parties_service
from truceline.registry.models import PartyQuery
from truceline.talks import service as talks_service
from truceline.talks.models import TalksRoundQuery
from truceline.web.deps import StoreDep
from truceline.web.routes.register_pages.common import ALL, render, visible
from truceline.zones import service as zones_service
from truceline.zones.models import ZoneQuery

router = APIRouter(include_in_schema=False)
READS = [Depends(require(Action.read, r)) for r in (Resource.parties, Resource.agreements, Resource.accessions,
                                                     Resource.zones, Resource.posts, Resource.talks)]


@router.get("/registers", response_class=HTMLResponse, dependencies=READS)
def registers_index(request: Request, store: StoreDep, principal: PrincipalDep) -> HTMLResponse:
    records: dict[str, list[Any]] = {
        "parties": parties_service.list_parties(store, PartyQuery(), ALL).items,
        "agreements": agreements_service.list_agreements(store, AgreementQuery(), ALL).items,
        "accessions": accessions_service.list_accessions(store, AccessionQuery(), ALL).items,
        "zones": zones_service.list_zones(store, ZoneQuery(), ALL).items,
        "posts": posts_service.list_posts(store, PostQuery(), ALL).items,
        "talks": talks_service.list_talks_rounds(store, TalksRoundQuery(), ALL).items,
    }
    counts = {name: len(visible(principal, items)) for name, items in records.items()}
    return render(request, principal, "registers/index.html", page="registers", register="", counts=counts)


