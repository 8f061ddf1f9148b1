"""Routes of exchange operations: numbered releases or handovers of persons in batches. The mechanism's
staff keep them; a party liaison reads those their party is a side of.

Operations hold references to person records (list key + record id), never names: reading the persons
of a batch goes through the person-list routes, which log the read.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from truceline.accounts.models import STAFF_ROLES
from truceline.accounts.policy import Action, Principal, Resource, can
from truceline.accounts.web_deps import refuse, require
from truceline.audit.schemas import ChangesPublic
from truceline.persons import operation_service as service
from truceline.persons.operation_models import ExchangeOperation, OperationQuery, OperationStatus
from truceline.persons.operation_schemas import (
    BatchAdd,
    OperationCreate,
    OperationPublic,
    OperationsPublic,
    OperationUpdate,
    OutcomesIn,
    ReleaseIn,
    StatusIn,
)
from truceline.web.deps import PageDep, StoreDep, parse_ref
from truceline.web.routes.persons import acting

router = APIRouter(prefix="/api/v1/exchange-operations", tags=["persons"])

Reads = Annotated[Principal, Depends(require(Action.read, Resource.exchange_operations))]
Writes = Annotated[Principal, Depends(require(Action.update, Resource.exchange_operations))]


def _public(operation: ExchangeOperation) -> OperationPublic:
    return OperationPublic.from_operation(operation)


def _visible(principal: Principal, operation: ExchangeOperation) -> ExchangeOperation:
    if not can(principal, Action.read, Resource.exchange_operations, record=operation):
        refuse(principal, Action.read, Resource.exchange_operations)
    return operation


@router.get("", response_model=OperationsPublic)
def list_operations(store: StoreDep, principal: Reads, page: PageDep, status: OperationStatus | None = None,
                    party: str | None = None) -> OperationsPublic:
    """Operations by number; a party liaison sees those their party is a side of."""
    if principal.role not in STAFF_ROLES:
        if party not in (None, principal.party):
            return OperationsPublic(data=[], count=0)
        party = principal.party or ""
    paged = service.list_operations(store, OperationQuery(status=status, party=party), page)
    return OperationsPublic(data=[_public(o) for o in paged.items], count=paged.count)


@router.post("", response_model=OperationPublic, status_code=201)
def create_operation(data: OperationCreate, request: Request, store: StoreDep,
                     principal: Annotated[Principal, Depends(require(Action.create, Resource.exchange_operations))]
                     ) -> OperationPublic:
    return _public(service.create_operation(store, acting(request, principal), data))


@router.get("/{ref}", response_model=OperationPublic)
def get_operation(ref: str, store: StoreDep, principal: Reads) -> OperationPublic:
    return _public(_visible(principal, service.get_operation(store, parse_ref(ref))))


@router.patch("/{ref}", response_model=OperationPublic)
def update_operation(ref: str, data: OperationUpdate, request: Request, store: StoreDep, principal: Writes
                     ) -> OperationPublic:
    return _public(service.update_operation(store, acting(request, principal), parse_ref(ref), data))


@router.post("/{ref}/status", response_model=OperationPublic)
def change_status(ref: str, data: StatusIn, request: Request, store: StoreDep, principal: Writes) -> OperationPublic:
    """planned → agreed → in_progress → completed; cancelled from any step before completion."""
    return _public(service.change_status(store, acting(request, principal), parse_ref(ref), data))


@router.post("/{ref}/batches", response_model=OperationPublic, status_code=201)
def add_batch(ref: str, data: BatchAdd, request: Request, store: StoreDep, principal: Writes) -> OperationPublic:
    return _public(service.add_batch(store, acting(request, principal), parse_ref(ref), data))


@router.post("/{ref}/batches/{number}/releases", response_model=OperationPublic)
def record_release(ref: str, number: int, data: ReleaseIn, request: Request, store: StoreDep, principal: Writes
                   ) -> OperationPublic:
    """One side's release time for the batch; the batch is flagged when the sides' times are further apart
    than the operation's tolerance."""
    return _public(service.record_release(store, acting(request, principal), parse_ref(ref), number, data))


@router.post("/{ref}/batches/{number}/outcomes", response_model=OperationPublic)
def record_outcomes(ref: str, number: int, data: OutcomesIn, request: Request, store: StoreDep, principal: Writes
                    ) -> OperationPublic:
    return _public(service.record_outcomes(store, acting(request, principal), parse_ref(ref), number, data))


@router.get("/{ref}/history", response_model=ChangesPublic)
def operation_history(ref: str, store: StoreDep, principal: Reads) -> ChangesPublic:
    _visible(principal, service.get_operation(store, parse_ref(ref)))
    changes = service.operation_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))
