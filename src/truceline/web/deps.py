"""FastAPI dependencies: the store for a request, the acting user's context, paging."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request

from truceline.accounts.policy import Principal, visibility
from truceline.common.context import Ctx
from truceline.common.paging import Page
from truceline.common.visibility import Visibility
from truceline.db.store import SqlStore, store_scope
from truceline.errors import NotFound

T = TypeVar("T")


def get_store(request: Request) -> Iterator[SqlStore]:
    with store_scope(request.app.state.sessionmaker) as store:
        yield store


def get_ctx(request: Request) -> Ctx:
    """Who acts: the account that ``web/access.enforce`` let through (writes always need one)."""
    principal = getattr(request.state, "principal", None)
    actor = getattr(principal, "username", None) or "anonymous"
    return Ctx(actor=actor, clock=request.app.state.clock)


def get_principal(request: Request) -> Principal:
    """The caller, as ``web/access.enforce`` found them (an anonymous public reader when it did not run)."""
    return getattr(request.state, "principal", None) or Principal.anonymous()


def get_view(request: Request) -> Visibility:
    """What the caller may read: passed into list queries, checked on single records (``visible``)."""
    return visibility(get_principal(request))


def visible(view: Visibility, record: T, *, what: str, ref: object) -> T:
    """``record`` when the caller may read it; otherwise the same answer as a record that does not exist."""
    if not view.admits_record(record):
        raise NotFound(f"no {what} {ref!r}")
    return record


def get_page(
    request: Request,
    limit: Annotated[int, Query(ge=1, description="Page size")] = 100,
    offset: Annotated[int, Query(ge=0, description="Records to skip")] = 0,
) -> Page:
    return Page(limit=min(limit, request.app.state.settings.page_size_max), offset=offset)


def parse_ref(ref: str) -> int | str:
    """A path segment naming a record: digits are an id, anything else a key."""
    return int(ref) if ref.isdigit() else ref


# "function": the transaction commits before the response leaves, so a client never hears "created" of a
# write that then fails to commit, and its next request always sees what the last one wrote.
StoreDep = Annotated[SqlStore, Depends(get_store, scope="function")]
CtxDep = Annotated[Ctx, Depends(get_ctx)]
PageDep = Annotated[Page, Depends(get_page)]
PrincipalNow = Annotated[Principal, Depends(get_principal)]
ViewDep = Annotated[Visibility, Depends(get_view)]
