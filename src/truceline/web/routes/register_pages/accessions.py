"""Accession register pages: accessions listed per agreement with how many groups and settlements held on
over time (a chart drawn on the server, no script), one accession with its history, and the staff's forms
(create, edit, withdraw)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from truceline.accessions import service
from truceline.accessions.models import Accession, AccessionQuery, CountPoint, Step
from truceline.accessions.schemas import AccessionCreate, AccessionUpdate, AccessionWithdraw
from truceline.accounts.policy import Action, Principal, Resource
from truceline.accounts.web_deps import require
from truceline.agreements import service as agreements_service
from truceline.agreements.models import Agreement, AgreementQuery
from truceline.common.models import ReleaseLevel
from truceline.registry import service as parties_service
from truceline.registry.models import PartyQuery
from truceline.web.deps import StoreDep, parse_ref
from truceline.web.routes.register_pages.common import (
    ALL,
    FormDep,
    FormErrors,
    FormShape,
    attempt,
    choices,
    ctx_for,
    drop_empty_objects,
    for_create,
    form_errors,
    is_staff,
    opt_date,
    parse_form,
    render,
    see_other,
    status_of,
    today,
    validated,
    visible,
    visible_or_404,
)
from truceline.web.routes.register_pages.parties import party_names

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require(Action.read, Resource.accessions))]
Creator = Annotated[Principal, Depends(require(Action.create, Resource.accessions))]
Updater = Annotated[Principal, Depends(require(Action.update, Resource.accessions))]
SHAPE = FormShape()
FIELDS = ("key", "agreement", "party", "settlement", "joined_on", "witnessed_by", "evidence", "evidence_url",
          "withdrawn_on", "withdrawal_reason", "release", "reason")
UPDATE_FIELDS = (*(f for f in FIELDS if f != "key"), "expected_version")
REQUIRED = ("agreement", "joined_on", "release")
WITHDRAW_FIELDS = ("on", "reason")
CHART_W, CHART_H, PAD = 640, 180, 32
TAIL = timedelta(days=60)


def url(accession: Accession) -> str:
    return f"/registers/accessions/{quote(accession.key)}"


def chart_step(start: date, end: date) -> Step:
    days = (end - start).days
    return Step.day if days <= 120 else Step.week if days <= 1000 else Step.month


def step_chart(points: list[CountPoint]) -> dict[str, Any]:
    """Coordinates of a step chart of groups and settlements over time, for an inline SVG."""
    if not points:
        return {"groups": "", "settlements": "", "top": 0, "first": None, "last": None}
    top = max(1, *(max(p.groups, p.settlements) for p in points))
    span = max(1, (points[-1].date - points[0].date).days)

    def xy(p: CountPoint, value: int) -> tuple[float, float]:
        x = PAD + (p.date - points[0].date).days / span * (CHART_W - 2 * PAD)
        return round(x, 1), round(CHART_H - PAD - value / top * (CHART_H - 2 * PAD), 1)

    def line(attr: str) -> str:
        coords: list[str] = []
        for i, p in enumerate(points):
            x, y = xy(p, getattr(p, attr))
            if i:
                coords.append(f"{x},{coords[-1].split(',')[1]}")  # hold the previous value until this date
            coords.append(f"{x},{y}")
        return " ".join(coords)

    return {"groups": line("groups"), "settlements": line("settlements"), "top": top,
            "first": points[0].date, "last": points[-1].date, "w": CHART_W, "h": CHART_H, "pad": PAD}


def _section(store: Any, agreement: Agreement, accessions: list[Accession], end: date, *,
             fixed_end: bool) -> dict[str, Any]:
    """One agreement's accessions with its counts from its first day (or first accession) to ``end``; unless
    the visitor chose that date, the chart stops a while after the last accession or withdrawal, so that
    years with nothing new do not squeeze the changes into a corner."""
    events = [d for a in accessions for d in (a.joined_on, a.withdrawn_on) if d is not None]
    starts = [d for d in (agreement.starts_on, *events) if d is not None]
    start = min(starts) if starts else end
    last = end if fixed_end or not events else min(end, max(events) + TAIL)
    points = service.accession_counts(store, agreement=agreement.key, start=start, end=last,
                                      step=chart_step(start, last)) if start <= last else []
    return {"agreement": agreement, "accessions": accessions, "points": points, "chart": step_chart(points),
            "now": points[-1] if points else None}


@router.get("/registers/accessions", response_class=HTMLResponse)
def accessions_list(request: Request, store: StoreDep, principal: Reader, agreement: str | None = None,
                    party: str | None = None, q: str | None = None, at: str | None = None) -> HTMLResponse:
    day = opt_date(at)
    query = AccessionQuery(agreement=agreement or None, party=party or None, q=q or None, at=day)
    accessions = visible(principal, service.list_accessions(store, query, ALL).items)
    agreements = visible(principal, agreements_service.list_agreements(store, AgreementQuery(), ALL).items)
    end = day or today(request)
    sections = []
    for a in agreements:
        mine = [x for x in accessions if x.agreement == a.key]
        if mine or agreement == a.key:
            sections.append(_section(store, a, mine, end, fixed_end=day is not None))
    names = party_names(store, principal)
    return render(request, principal, "registers/accessions.html", page="registers", register="accessions",
                  sections=sections, count=len(accessions), agreement=agreement or "", party=party or "",
                  q=q or "", at=at or "", names=names, agreements=[(a.key, a.name) for a in agreements],
                  parties=sorted(names.items(), key=lambda kv: kv[1].casefold()))


@router.get("/registers/accessions/new", response_class=HTMLResponse)
def accession_new(request: Request, store: StoreDep, principal: Creator, agreement: str | None = None) -> HTMLResponse:
    return _form(request, store, principal, accession=None, values={"release": "public", "agreement": agreement})


@router.post("/registers/accessions/new", response_class=HTMLResponse)
def accession_create(request: Request, store: StoreDep, principal: Creator, form: FormDep) -> Response:
    values = drop_empty_objects(parse_form(form, SHAPE), "settlement")
    ctx = ctx_for(request, principal)
    data = for_create({k: values.get(k) for k in FIELDS})
    accession, err = attempt(store, lambda: service.create_accession(store, ctx, validated(AccessionCreate, data)))
    if err is not None:
        return _form(request, store, principal, accession=None, values=values, errors=form_errors(err, FIELDS),
                     status_code=status_of(err))
    return see_other(url(accession))


@router.get("/registers/accessions/{ref}", response_class=HTMLResponse)
def accession_page(ref: str, request: Request, store: StoreDep, principal: Reader) -> HTMLResponse:
    accession = visible_or_404(principal, service.get_accession(store, parse_ref(ref)), "accession", ref)
    history = service.accession_history(store, accession.id) if is_staff(principal) else None
    agreement = agreements_service.get_agreement(store, accession.agreement)
    return render(request, principal, "registers/accession.html", page="registers", register="accessions",
                  accession=accession, agreement=agreement, names=party_names(store, principal), history=history,
                  values={"on": today(request).isoformat()}, errors=None)


@router.get("/registers/accessions/{ref}/edit", response_class=HTMLResponse)
def accession_edit(ref: str, request: Request, store: StoreDep, principal: Updater) -> HTMLResponse:
    accession = service.get_accession(store, parse_ref(ref))
    values = {**accession.model_dump(mode="json"), "expected_version": accession.version}
    return _form(request, store, principal, accession=accession, values=values)


@router.post("/registers/accessions/{ref}/edit", response_class=HTMLResponse)
def accession_update(ref: str, request: Request, store: StoreDep, principal: Updater, form: FormDep) -> Response:
    accession = service.get_accession(store, parse_ref(ref))
    values = drop_empty_objects(parse_form(form, SHAPE), "settlement")
    ctx = ctx_for(request, principal)
    data = {k: values.get(k) for k in UPDATE_FIELDS}
    updated, err = attempt(store, lambda: service.update_accession(
        store, ctx, accession.id, validated(AccessionUpdate, data, required=REQUIRED)))
    if err is not None:
        return _form(request, store, principal, accession=accession, values=values,
                     errors=form_errors(err, FIELDS), status_code=status_of(err))
    return see_other(url(updated))


@router.post("/registers/accessions/{ref}/withdraw", response_class=HTMLResponse)
def accession_withdraw(ref: str, request: Request, store: StoreDep, principal: Updater, form: FormDep) -> Response:
    accession = service.get_accession(store, parse_ref(ref))
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)
    data = {k: values.get(k) for k in (*WITHDRAW_FIELDS, "expected_version")}
    updated, err = attempt(store, lambda: service.withdraw_accession(store, ctx, accession.id,
                                                                     validated(AccessionWithdraw, data)))
    if err is not None:
        agreement = agreements_service.get_agreement(store, accession.agreement)
        history = service.accession_history(store, accession.id)
        return render(request, principal, "registers/accession.html", page="registers", register="accessions",
                      status_code=status_of(err), accession=accession, agreement=agreement,
                      names=party_names(store, principal), history=history, values=values,
                      errors=form_errors(err, (*WITHDRAW_FIELDS, "withdrawn_on", "withdrawal_reason"),
                                         renames={"withdrawn_on": "on", "withdrawal_reason": "reason"}))
    return see_other(url(updated))


def _form(request: Request, store: Any, principal: Any, *, accession: Accession | None, values: dict[str, Any],
          errors: FormErrors | None = None, status_code: int = 200) -> HTMLResponse:
    agreements = visible(principal, agreements_service.list_agreements(store, AgreementQuery(), ALL).items)
    names = party_names(store, principal)
    guarantors = sorted({g for a in agreements for _, t in a.versions() for g in t.guarantors})
    parties = visible(principal, parties_service.list_parties(store, PartyQuery(), ALL).items)
    groups = sorted(((p.key, p.name) for p in parties if p.kind in service.ACCEDING_KINDS),
                    key=lambda kv: kv[1].casefold())  # the kinds of party that accede to an agreement
    return render(request, principal, "registers/accession_form.html", page="registers", register="accessions",
                  status_code=status_code, accession=accession, values=values, errors=errors,
                  agreements=[(a.key, a.name) for a in agreements], releases=choices(ReleaseLevel),
                  parties=groups,
                  guarantors=[(g, names.get(g, g)) for g in guarantors])
