"""Routes of the talks register."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from truceline.audit.schemas import ChangesPublic
from truceline.talks import service
from truceline.talks.models import Standing, TalksRoundQuery
from truceline.talks.schemas import (
    TalksRoundCreate,
    TalksRoundPublic,
    TalksRoundsPublic,
    TalksRoundUpdate,
    TimelinePublic,
)
from truceline.web.deps import CtxDep, PageDep, StoreDep, ViewDep, parse_ref, visible

router = APIRouter(prefix="/api/v1/talks", tags=["talks"])


@router.get("", response_model=TalksRoundsPublic)
def list_talks_rounds(
    store: StoreDep, view: ViewDep, page: PageDep, track: str | None = None,
    party: Annotated[str | None, Query(description="Rounds where this party (key) had a delegation")] = None,
    standing: Standing | None = None,
    date_from: Annotated[date | None, Query(alias="from", description="Rounds meeting [from, to]")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    at: Annotated[date | None, Query(description="Rounds that had started by that day")] = None,
    q: str | None = None,
) -> TalksRoundsPublic:
    query = TalksRoundQuery(track=track, party=party, standing=standing, date_from=date_from, date_to=date_to,
                            at=at, q=q, view=view)
    paged = service.list_talks_rounds(store, query, page)
    return TalksRoundsPublic(data=[TalksRoundPublic.model_validate(r.model_dump()) for r in paged.items],
                             count=paged.count)


@router.get("/timeline", response_model=TimelinePublic)
def talks_timeline(store: StoreDep, view: ViewDep, track: str | None = None) -> TimelinePublic:
    entries = service.talks_timeline(store, track=track, view=view)
    return TimelinePublic(data=entries, count=len(entries))


@router.post("", response_model=TalksRoundPublic, status_code=201)
def create_talks_round(data: TalksRoundCreate, store: StoreDep, ctx: CtxDep) -> TalksRoundPublic:
    return TalksRoundPublic.model_validate(service.create_talks_round(store, ctx, data).model_dump())


@router.get("/{ref}", response_model=TalksRoundPublic)
def get_talks_round(ref: str, store: StoreDep, view: ViewDep) -> TalksRoundPublic:
    talks_round = visible(view, service.get_talks_round(store, parse_ref(ref)), what="talks round", ref=ref)
    return TalksRoundPublic.model_validate(talks_round.model_dump())


@router.patch("/{ref}", response_model=TalksRoundPublic)
def update_talks_round(ref: str, data: TalksRoundUpdate, store: StoreDep, ctx: CtxDep) -> TalksRoundPublic:
    talks_round = service.update_talks_round(store, ctx, parse_ref(ref), data)
    return TalksRoundPublic.model_validate(talks_round.model_dump())


@router.get("/{ref}/history", response_model=ChangesPublic)
def talks_round_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = service.talks_round_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))
