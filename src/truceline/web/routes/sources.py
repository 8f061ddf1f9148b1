"""Routes of the sources register."""

from __future__ import annotations

from fastapi import APIRouter

from truceline.audit.schemas import ChangesPublic
from truceline.sources import service
from truceline.sources.models import SourceKind, SourceQuery
from truceline.sources.schemas import SourceCreate, SourcePublic, SourcesPublic, SourceUpdate
from truceline.web.deps import CtxDep, PageDep, StoreDep, parse_ref

router = APIRouter(prefix="/api/v1/sources", tags=["sources"])


@router.get("", response_model=SourcesPublic)
def list_sources(store: StoreDep, page: PageDep, kind: SourceKind | None = None, q: str | None = None,
                 party: str | None = None) -> SourcesPublic:
    paged = service.list_sources(store, SourceQuery(kind=kind, q=q, party=party), page)
    return SourcesPublic(data=[service.to_public(store, s) for s in paged.items], count=paged.count)


@router.post("", response_model=SourcePublic, status_code=201)
def create_source(data: SourceCreate, store: StoreDep, ctx: CtxDep) -> SourcePublic:
    return service.to_public(store, service.create_source(store, ctx, data))


@router.get("/{ref}", response_model=SourcePublic)
def get_source(ref: str, store: StoreDep) -> SourcePublic:
    return service.to_public(store, service.get_source(store, parse_ref(ref)))


@router.patch("/{ref}", response_model=SourcePublic)
def update_source(ref: str, data: SourceUpdate, store: StoreDep, ctx: CtxDep) -> SourcePublic:
    return service.to_public(store, service.update_source(store, ctx, parse_ref(ref), data))


@router.get("/{ref}/history", response_model=ChangesPublic)
def source_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = service.source_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))
