"""Routes of the agreements register."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter

from truceline.agreements import service
from truceline.agreements.models import Agreement, AgreementKind, AgreementQuery
from truceline.agreements.schemas import (
    AgreementCreate,
    AgreementPublic,
    AgreementsPublic,
    AgreementUpdate,
    AmendmentCreate,
    ProvisionsPublic,
)
from truceline.audit.schemas import ChangesPublic
from truceline.web.deps import CtxDep, PageDep, StoreDep, ViewDep, parse_ref, visible

router = APIRouter(prefix="/api/v1/agreements", tags=["agreements"])


def _public(agreement: Agreement) -> AgreementPublic:
    return AgreementPublic.model_validate(agreement.model_dump())


@router.get("", response_model=AgreementsPublic)
def list_agreements(store: StoreDep, view: ViewDep, page: PageDep,
                    kind: AgreementKind | None = None, q: str | None = None,
                    party: str | None = None, at: date | None = None) -> AgreementsPublic:
    """Agreements; with ``at``, only those in force that day, each with the terms then."""
    paged = service.list_agreements(store, AgreementQuery(kind=kind, q=q, party=party, at=at, view=view), page)
    return AgreementsPublic(data=[_public(a) for a in paged.items], count=paged.count)


@router.post("", response_model=AgreementPublic, status_code=201)
def create_agreement(data: AgreementCreate, store: StoreDep, ctx: CtxDep) -> AgreementPublic:
    return _public(service.create_agreement(store, ctx, data))


@router.get("/{ref}", response_model=AgreementPublic)
def get_agreement(ref: str, store: StoreDep, view: ViewDep, at: date | None = None) -> AgreementPublic:
    """An agreement by id or key; with ``at``, as it stood that day."""
    return _public(visible(view, service.get_agreement(store, parse_ref(ref), at=at), what="agreement", ref=ref))


@router.patch("/{ref}", response_model=AgreementPublic)
def update_agreement(ref: str, data: AgreementUpdate, store: StoreDep, ctx: CtxDep) -> AgreementPublic:
    return _public(service.update_agreement(store, ctx, parse_ref(ref), data))


@router.get("/{ref}/history", response_model=ChangesPublic)
def agreement_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = service.agreement_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))


@router.post("/{ref}/amendments", response_model=AgreementPublic, status_code=201)
def add_amendment(ref: str, data: AmendmentCreate, store: StoreDep, ctx: CtxDep) -> AgreementPublic:
    """Adopt the next amendment: a new version of the terms from its ``adopted_on``."""
    return _public(service.add_amendment(store, ctx, parse_ref(ref), data))


@router.get("/{ref}/provisions", response_model=ProvisionsPublic)
def agreement_provisions(ref: str, store: StoreDep, view: ViewDep, at: date | None = None) -> ProvisionsPublic:
    """The provisions in force on ``at``; without it, those of the latest version."""
    visible(view, service.get_agreement(store, parse_ref(ref)), what="agreement", ref=ref)
    provisions = service.agreement_provisions(store, parse_ref(ref), at=at)
    return ProvisionsPublic(data=provisions, count=len(provisions))
