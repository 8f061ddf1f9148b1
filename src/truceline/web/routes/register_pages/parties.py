"""Party register pages: the list (kind, search over names and aliases in every script, ``?at=``), a party
with its aliases, dated affiliations and history, and the staff's create and edit forms."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from truceline.accounts.policy import Action, Principal, Resource
from truceline.accounts.web_deps import require
from truceline.common.models import ReleaseLevel
from truceline.registry import service
from truceline.registry.models import Party, PartyKind, PartyQuery, Relation, Script
from truceline.registry.schemas import PartyCreate, PartyUpdate
from truceline.web.deps import StoreDep, parse_ref
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
    paged,
    parse_form,
    render,
    see_other,
    status_of,
    validated,
    visible,
    visible_or_404,
)

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require(Action.read, Resource.parties))]
Creator = Annotated[Principal, Depends(require(Action.create, Resource.parties))]
Updater = Annotated[Principal, Depends(require(Action.update, Resource.parties))]
SHAPE = FormShape(rows=frozenset({"aliases", "affiliations"}))
FIELDS = ("key", "name", "kind", "country_code", "description", "aliases", "affiliations", "active_from",
          "active_until", "release", "reason")
REQUIRED = ("name", "kind", "release")
UPDATE_FIELDS = tuple(f for f in FIELDS if f != "key") + ("expected_version",)


def party_names(store: Any, principal: Any) -> dict[str, str]:
    """Key → name of the parties the principal may see (for pickers and for naming references)."""
    return {p.key: p.name for p in visible(principal, service.list_parties(store, PartyQuery(), ALL).items)}


def url(party: Party) -> str:
    return f"/registers/parties/{quote(party.key)}"


@router.get("/registers/parties", response_class=HTMLResponse)
def parties_list(request: Request, store: StoreDep, principal: Reader, kind: str | None = None,
                 q: str | None = None, at: str | None = None, page: int = 1) -> HTMLResponse:
    query = PartyQuery(kind=opt_enum(PartyKind, kind, name="kind"), q=q or None, at=opt_date(at))
    parties = visible(principal, service.list_parties(store, query, ALL).items)
    return render(request, principal, "registers/parties.html", page="registers", register="parties",
                  view=paged(parties, page), kinds=choices(PartyKind), kind=kind or "", q=q or "", at=at or "",
                  names=party_names(store, principal))


def _form(request: Request, store: Any, principal: Any, *, party: Party | None, values: dict[str, Any],
          errors: FormErrors | None = None, status_code: int = 200) -> HTMLResponse:
    names = party_names(store, principal)
    if party is not None:
        names.pop(party.key, None)
    return render(request, principal, "registers/party_form.html", page="registers", register="parties",
                  status_code=status_code, party=party, values=values, errors=errors, kinds=choices(PartyKind),
                  relations=choices(Relation), scripts=choices(Script), releases=choices(ReleaseLevel),
                  others=sorted(names.items(), key=lambda kv: kv[1].casefold()))


@router.get("/registers/parties/new", response_class=HTMLResponse)
def party_new(request: Request, store: StoreDep, principal: Creator) -> HTMLResponse:
    return _form(request, store, principal, party=None, values={"release": "public"})


@router.post("/registers/parties/new", response_class=HTMLResponse)
def party_create(request: Request, store: StoreDep, principal: Creator, form: FormDep) -> Response:
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)
    party, err = attempt(store, lambda: service.create_party(
        store, ctx, validated(PartyCreate, for_create({k: values.get(k) for k in FIELDS}))))
    if err is not None:
        return _form(request, store, principal, party=None, values=values, errors=form_errors(err, FIELDS),
                     status_code=status_of(err))
    return see_other(url(party))


@router.get("/registers/parties/{ref}", response_class=HTMLResponse)
def party_page(ref: str, request: Request, store: StoreDep, principal: Reader, at: str | None = None) -> HTMLResponse:
    party = visible_or_404(principal, service.get_party(store, parse_ref(ref)), "party", ref)
    day = opt_date(at)
    history = service.party_history(store, party.id) if is_staff(principal) else None
    return render(request, principal, "registers/party.html", page="registers", register="parties", party=party,
                  at=at or "", day=day, names=party_names(store, principal), history=history)


@router.get("/registers/parties/{ref}/edit", response_class=HTMLResponse)
def party_edit(ref: str, request: Request, store: StoreDep, principal: Updater) -> HTMLResponse:
    party = service.get_party(store, parse_ref(ref))
    values = {**party.model_dump(mode="json"), "expected_version": party.version}
    return _form(request, store, principal, party=party, values=values)


@router.post("/registers/parties/{ref}/edit", response_class=HTMLResponse)
def party_update(ref: str, request: Request, store: StoreDep, principal: Updater, form: FormDep) -> Response:
    party = service.get_party(store, parse_ref(ref))
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)
    data = {k: values.get(k) for k in UPDATE_FIELDS}
    updated, err = attempt(store, lambda: service.update_party(
        store, ctx, party.id, validated(PartyUpdate, data, required=REQUIRED)))
    if err is not None:
        return _form(request, store, principal, party=party, values=values, errors=form_errors(err, FIELDS),
                     status_code=status_of(err))
    return see_other(url(updated))
