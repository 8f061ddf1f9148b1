"""Talks register pages: the timeline of rounds (dates, place, delegations, outcomes) by track, a round with
its working groups and history, and the staff's forms."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from truceline.accounts.policy import Action, Principal, Resource
from truceline.accounts.web_deps import require
from truceline.common.models import ReleaseLevel
from truceline.talks import service
from truceline.talks.models import GroupLevel, Standing, TalksRound, TalksRoundQuery, TalksStatus
from truceline.talks.schemas import TalksRoundCreate, TalksRoundUpdate
from truceline.web.deps import StoreDep, parse_ref
from truceline.web.routes.register_pages.agreements import agreement_names
from truceline.web.routes.register_pages.common import (
    ALL,
    FormDep,
    FormErrors,
    FormShape,
    attempt,
    choices,
    ctx_for,
    for_create,
    form_errors,
    is_staff,
    opt_date,
    opt_enum,
    parse_form,
    render,
    see_other,
    status_of,
    validated,
    visible,
    visible_or_404,
)
from truceline.web.routes.register_pages.parties import party_names

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require(Action.read, Resource.talks))]
Creator = Annotated[Principal, Depends(require(Action.create, Resource.talks))]
Updater = Annotated[Principal, Depends(require(Action.update, Resource.talks))]
SHAPE = FormShape(rows=frozenset({"delegations", "working_groups", "outcomes"}),
                  commas=frozenset({"delegations.members"}))
FIELDS = ("key", "name", "track", "number", "starts_on", "ends_on", "place", "status", "delegations",
          "working_groups", "outcomes", "summary", "source_note", "release", "reason")
UPDATE_FIELDS = (*(f for f in FIELDS if f != "key"), "expected_version")
REQUIRED = ("name", "track", "starts_on", "status", "release")


def url(talks_round: TalksRound) -> str:
    return f"/registers/talks/{quote(talks_round.key)}"


@router.get("/registers/talks", response_class=HTMLResponse)
def talks_timeline(request: Request, store: StoreDep, principal: Reader, track: str | None = None,
                   party: str | None = None, standing: str | None = None, at: str | None = None,
                   q: str | None = None) -> HTMLResponse:
    """The rounds by start date, grouped by year: a vertical timeline."""
    query = TalksRoundQuery(track=track or None, party=party or None,
                            standing=opt_enum(Standing, standing, name="standing"), at=opt_date(at), q=q or None)
    rounds = visible(principal, service.list_talks_rounds(store, query, ALL).items)
    rounds.sort(key=lambda r: (r.starts_on, r.track, r.number or 0, r.id))
    years = [(year, list(items)) for year, items in groupby(rounds, key=lambda r: r.starts_on.year)]
    all_rounds = visible(principal, service.list_talks_rounds(store, TalksRoundQuery(), ALL).items)
    names = party_names(store, principal)
    return render(request, principal, "registers/talks.html", page="registers", register="talks", years=years,
                  count=len(rounds), track=track or "", party=party or "", standing=standing or "", at=at or "",
                  q=q or "", tracks=sorted({r.track for r in all_rounds}), standings=choices(Standing),
                  names=names, agreements=agreement_names(store, principal),
                  parties=sorted(names.items(), key=lambda kv: kv[1].casefold()))


@router.get("/registers/talks/new", response_class=HTMLResponse)
def round_new(request: Request, store: StoreDep, principal: Creator) -> HTMLResponse:
    return _form(request, store, principal, talks_round=None, values={"release": "public", "status": "planned"})


@router.post("/registers/talks/new", response_class=HTMLResponse)
def round_create(request: Request, store: StoreDep, principal: Creator, form: FormDep) -> Response:
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)
    data = for_create({k: values.get(k) for k in FIELDS})
    talks_round, err = attempt(store, lambda: service.create_talks_round(store, ctx,
                                                                         validated(TalksRoundCreate, data)))
    if err is not None:
        return _form(request, store, principal, talks_round=None, values=values, errors=form_errors(err, FIELDS),
                     status_code=status_of(err))
    return see_other(url(talks_round))


@router.get("/registers/talks/{ref}", response_class=HTMLResponse)
def round_page(ref: str, request: Request, store: StoreDep, principal: Reader) -> HTMLResponse:
    talks_round = visible_or_404(principal, service.get_talks_round(store, parse_ref(ref)), "talks round", ref)
    history = service.talks_round_history(store, talks_round.id) if is_staff(principal) else None
    return render(request, principal, "registers/talks_round.html", page="registers", register="talks",
                  talks_round=talks_round, names=party_names(store, principal),
                  agreements=agreement_names(store, principal), history=history)


@router.get("/registers/talks/{ref}/edit", response_class=HTMLResponse)
def round_edit(ref: str, request: Request, store: StoreDep, principal: Updater) -> HTMLResponse:
    talks_round = service.get_talks_round(store, parse_ref(ref))
    values = {**talks_round.model_dump(mode="json"), "expected_version": talks_round.version}
    return _form(request, store, principal, talks_round=talks_round, values=values)


@router.post("/registers/talks/{ref}/edit", response_class=HTMLResponse)
def round_update(ref: str, request: Request, store: StoreDep, principal: Updater, form: FormDep) -> Response:
    talks_round = service.get_talks_round(store, parse_ref(ref))
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)
    data = {k: values.get(k) for k in UPDATE_FIELDS}
    updated, err = attempt(store, lambda: service.update_talks_round(
        store, ctx, talks_round.id, validated(TalksRoundUpdate, data, required=REQUIRED)))
    if err is not None:
        return _form(request, store, principal, talks_round=talks_round, values=values,
                     errors=form_errors(err, FIELDS), status_code=status_of(err))
    return see_other(url(updated))


def _form(request: Request, store: Any, principal: Any, *, talks_round: TalksRound | None, values: dict[str, Any],
          errors: FormErrors | None = None, status_code: int = 200) -> HTMLResponse:
    names = party_names(store, principal)
    tracks = sorted({r.track for r in service.list_talks_rounds(store, TalksRoundQuery(), ALL).items})
    return render(request, principal, "registers/talks_form.html", page="registers", register="talks",
                  status_code=status_code, talks_round=talks_round, values=values, errors=errors,
                  statuses=choices(TalksStatus), standings=choices(Standing), levels=choices(GroupLevel),
                  releases=choices(ReleaseLevel), tracks=tracks,
                  parties=sorted(names.items(), key=lambda kv: kv[1].casefold()),
                  agreements=sorted(agreement_names(store, principal).items()))
