"""FastAPI dependencies: the store for a request, the acting user's context, paging."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request

from truceline.common.context import Ctx
from truceline.common.paging import Page
from truceline.db.store import SqlStore, store_scope


def get_store(request: Request) -> Iterator[SqlStore]:
    with store_scope(request.app.state.sessionmaker) as store:
        yield store


def get_ctx(request: Request) -> Ctx:
    # Accounts and roles arrive with the web application; until then API changes are recorded as "api".
    return Ctx(actor=request.headers.get("x-truceline-actor", "api")[:120], clock=request.app.state.clock)


def get_page(
    request: Request,
    limit: Annotated[int, Query(ge=1, description="Page size")] = 100,
    offset: Annotated[int, Query(ge=0, description="Records to skip")] = 0,
) -> Page:
    return Page(limit=min(limit, request.app.state.settings.page_size_max), offset=offset)


def parse_ref(ref: str) -> int | str:
    """A path segment naming a record: digits are an id, anything else a key."""
    return int(ref) if ref.isdigit() else ref


StoreDep = Annotated[SqlStore, Depends(get_store)]
CtxDep = Annotated[Ctx, Depends(get_ctx)]
PageDep = Annotated[Page, Depends(get_page)]
