"""Routes of the party register."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from truceline.audit.schemas import ChangesPublic
from truceline.registry import service
from truceline.registry.models import PartyKind, PartyQuery
from truceline.registry.schemas import PartiesPublic, PartyCreate, PartyPublic, PartyUpdate
from truceline.web.deps import CtxDep, PageDep, StoreDep, ViewDep, parse_ref, visible

router = APIRouter(prefix="/api/v1/parties", tags=["parties"])


@router.get("", response_model=PartiesPublic)
def list_parties(store: StoreDep, view: ViewDep, page: PageDep, kind: PartyKind | None = None, q: str | None = None,
                 at: date | None = None) -> PartiesPublic:
    paged = service.list_parties(store, PartyQuery(kind=kind, q=q, at=at, view=view), page)
    return PartiesPublic(data=[PartyPublic.model_validate(p.model_dump()) for p in paged.items],
                         count=paged.count)


@router.post("", response_model=PartyPublic, status_code=201)
def create_party(data: PartyCreate, store: StoreDep, ctx: CtxDep) -> PartyPublic:
    return PartyPublic.model_validate(service.create_party(store, ctx, data).model_dump())


@router.get("/{ref}", response_model=PartyPublic)
def get_party(ref: str, store: StoreDep, view: ViewDep) -> PartyPublic:
    party = visible(view, service.get_party(store, parse_ref(ref)), what="party", ref=ref)
    return PartyPublic.model_validate(party.model_dump())


@router.patch("/{ref}", response_model=PartyPublic)
def update_party(ref: str, data: PartyUpdate, store: StoreDep, ctx: CtxDep) -> PartyPublic:
    return PartyPublic.model_validate(service.update_party(store, ctx, parse_ref(ref), data).model_dump())


@router.get("/{ref}/history", response_model=ChangesPublic)
def party_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = service.party_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))
