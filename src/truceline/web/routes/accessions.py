"""Routes of the accessions register."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from truceline.accessions import service
from truceline.accessions.models import Accession, AccessionQuery, Step
from truceline.accessions.schemas import (
    AccessionCreate,
    AccessionPublic,
    AccessionsPublic,
    AccessionUpdate,
    AccessionWithdraw,
    CountsPublic,
)
from truceline.audit.schemas import ChangesPublic
from truceline.web.deps import CtxDep, PageDep, StoreDep, ViewDep, parse_ref, visible

router = APIRouter(prefix="/api/v1/accessions", tags=["accessions"])


def _public(accession: Accession) -> AccessionPublic:
    return AccessionPublic.model_validate(accession.model_dump())


@router.get("", response_model=AccessionsPublic)
def list_accessions(store: StoreDep, view: ViewDep, page: PageDep,
                    agreement: str | None = None, party: str | None = None,
                    q: str | None = None, at: date | None = None) -> AccessionsPublic:
    """Accessions; with ``at``, only those in force that day."""
    query = AccessionQuery(agreement=agreement, party=party, q=q, at=at, view=view)
    paged = service.list_accessions(store, query, page)
    return AccessionsPublic(data=[_public(a) for a in paged.items], count=paged.count)


@router.get("/counts", response_model=CountsPublic)
def accession_counts(store: StoreDep, view: ViewDep, agreement: str, start: Annotated[date, Query(alias="from")],
                     end: Annotated[date, Query(alias="to")], step: Step = Step.day) -> CountsPublic:
    """Groups and settlements whose accession to the agreement was in force on each step date."""
    points = service.accession_counts(store, agreement=agreement, start=start, end=end, step=step,
                                      view=view)
    return CountsPublic(data=points, count=len(points))


@router.post("", response_model=AccessionPublic, status_code=201)
def create_accession(data: AccessionCreate, store: StoreDep, ctx: CtxDep) -> AccessionPublic:
    return _public(service.create_accession(store, ctx, data))


@router.get("/{ref}", response_model=AccessionPublic)
def get_accession(ref: str, store: StoreDep, view: ViewDep) -> AccessionPublic:
    return _public(visible(view, service.get_accession(store, parse_ref(ref)), what="accession", ref=ref))


@router.patch("/{ref}", response_model=AccessionPublic)
def update_accession(ref: str, data: AccessionUpdate, store: StoreDep, ctx: CtxDep) -> AccessionPublic:
    return _public(service.update_accession(store, ctx, parse_ref(ref), data))


@router.post("/{ref}/withdraw", response_model=AccessionPublic)
def withdraw_accession(ref: str, data: AccessionWithdraw, store: StoreDep, ctx: CtxDep) -> AccessionPublic:
    """End the accession from ``on``, for ``reason``."""
    return _public(service.withdraw_accession(store, ctx, parse_ref(ref), data))


@router.get("/{ref}/history", response_model=ChangesPublic)
def accession_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = service.accession_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))
