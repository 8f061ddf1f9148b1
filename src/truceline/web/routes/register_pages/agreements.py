"""Agreement register pages: the list (kind, name, party, ``?at=``), an agreement with its provisions, its
amendments as versions of the terms and the guarantors in force on a chosen date, and the staff's forms
(create, edit, adopt an amendment)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from truceline.accounts.policy import Action, Principal, Resource
from truceline.accounts.web_deps import require
from truceline.agreements import service
from truceline.agreements.models import TERM_FIELDS, Agreement, AgreementKind, AgreementQuery, ProvisionType
from truceline.agreements.schemas import AgreementCreate, AgreementUpdate, AmendmentCreate
from truceline.common.models import ReleaseLevel
from truceline.registry import service as parties_service
from truceline.registry.models import PartyKind, PartyQuery
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
from truceline.web.routes.register_pages.parties import party_names

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require(Action.read, Resource.agreements))]
Creator = Annotated[Principal, Depends(require(Action.create, Resource.agreements))]
Updater = Annotated[Principal, Depends(require(Action.update, Resource.agreements))]
PARTY_LISTS = ("signatories", "guarantors", "witnesses", "excluded_groups")
SHAPE = FormShape(rows=frozenset({"provisions"}), multi=frozenset(PARTY_LISTS))
FIELDS = ("key", "name", "kind", "extends", "signed_on", "effective_from", "expires_on", "extension_terms",
          *PARTY_LISTS, "provisions", "place", "summary", "source_note", "release", "reason")
REQUIRED = ("name", "kind", "release")
UPDATE_FIELDS = (*(f for f in FIELDS if f != "key"), "expected_version")
AMEND_SHAPE = FormShape(rows=frozenset({"provisions"}), multi=frozenset({"guarantors", "excluded_groups"}),
                        bools=frozenset(f"change_{f}" for f in TERM_FIELDS))
AMEND_FIELDS = ("number", "adopted_on", "summary", *TERM_FIELDS, "reason")


def url(agreement: Agreement) -> str:
    return f"/registers/agreements/{quote(agreement.key)}"


def agreement_names(store: Any, principal: Any) -> dict[str, str]:
    agreements = service.list_agreements(store, AgreementQuery(), ALL).items
    return {a.key: a.name for a in visible(principal, agreements)}


@router.get("/registers/agreements", response_class=HTMLResponse)
def agreements_list(request: Request, store: StoreDep, principal: Reader, kind: str | None = None,
                    q: str | None = None, party: str | None = None, at: str | None = None,
                    page: int = 1) -> HTMLResponse:
    query = AgreementQuery(kind=opt_enum(AgreementKind, kind, name="kind"), q=q or None, party=party or None,
                           at=opt_date(at))
    agreements = visible(principal, service.list_agreements(store, query, ALL).items)
    names = party_names(store, principal)
    return render(request, principal, "registers/agreements.html", page="registers", register="agreements",
                  view=paged(agreements, page), kinds=choices(AgreementKind), kind=kind or "", q=q or "",
                  party=party or "", at=at or "", names=names,
                  parties=sorted(names.items(), key=lambda kv: kv[1].casefold()))


@router.get("/registers/agreements/new", response_class=HTMLResponse)
def agreement_new(request: Request, store: StoreDep, principal: Creator) -> HTMLResponse:
    return _form(request, store, principal, agreement=None, values={"release": "public"})


@router.post("/registers/agreements/new", response_class=HTMLResponse)
def agreement_create(request: Request, store: StoreDep, principal: Creator, form: FormDep) -> Response:
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)
    data = for_create({k: values.get(k) for k in FIELDS})
    agreement, err = attempt(store, lambda: service.create_agreement(store, ctx, validated(AgreementCreate, data)))
    if err is not None:
        return _form(request, store, principal, agreement=None, values=values, errors=form_errors(err, FIELDS),
                     status_code=status_of(err))
    return see_other(url(agreement))


@router.get("/registers/agreements/{ref}", response_class=HTMLResponse)
def agreement_page(ref: str, request: Request, store: StoreDep, principal: Reader,
                   at: str | None = None) -> HTMLResponse:
    agreement = visible_or_404(principal, service.get_agreement(store, parse_ref(ref)), "agreement", ref)
    day = opt_date(at)
    terms = agreement.terms_on(day) if day is not None else agreement.latest_terms()
    versions = []
    for n, (start, version_terms) in enumerate(agreement.versions()):
        amendment = agreement.amendments[n - 1] if n else None
        versions.append({"number": n, "start": start, "terms": version_terms, "amendment": amendment,
                         "changed": amendment.changes.changed() if amendment else list(TERM_FIELDS),
                         "shown": version_terms.amendment == terms.amendment})
    history = service.agreement_history(store, agreement.id) if is_staff(principal) else None
    return render(request, principal, "registers/agreement.html", page="registers", register="agreements",
                  agreement=agreement, terms=terms, versions=versions, at=at or "", day=day,
                  in_force=agreement.in_force_on(day) if day is not None else None,
                  names=party_names(store, principal), agreements=agreement_names(store, principal),
                  history=history)


@router.get("/registers/agreements/{ref}/edit", response_class=HTMLResponse)
def agreement_edit(ref: str, request: Request, store: StoreDep, principal: Updater) -> HTMLResponse:
    agreement = service.get_agreement(store, parse_ref(ref))
    values = {**agreement.model_dump(mode="json"), "expected_version": agreement.version}
    return _form(request, store, principal, agreement=agreement, values=values)


@router.post("/registers/agreements/{ref}/edit", response_class=HTMLResponse)
def agreement_update(ref: str, request: Request, store: StoreDep, principal: Updater, form: FormDep) -> Response:
    agreement = service.get_agreement(store, parse_ref(ref))
    values = parse_form(form, SHAPE)
    ctx = ctx_for(request, principal)
    data = {k: values.get(k) for k in UPDATE_FIELDS}
    updated, err = attempt(store, lambda: service.update_agreement(
        store, ctx, agreement.id, validated(AgreementUpdate, data, required=REQUIRED)))
    if err is not None:
        return _form(request, store, principal, agreement=agreement, values=values,
                     errors=form_errors(err, FIELDS), status_code=status_of(err))
    return see_other(url(updated))


@router.get("/registers/agreements/{ref}/amend", response_class=HTMLResponse)
def amendment_new(ref: str, request: Request, store: StoreDep, principal: Updater) -> HTMLResponse:
    agreement = service.get_agreement(store, parse_ref(ref))
    values = {**agreement.latest_terms().model_dump(mode="json"), "expected_version": agreement.version}
    return _amend_form(request, store, principal, agreement=agreement, values=values)


@router.post("/registers/agreements/{ref}/amend", response_class=HTMLResponse)
def amendment_create(ref: str, request: Request, store: StoreDep, principal: Updater, form: FormDep) -> Response:
    agreement = service.get_agreement(store, parse_ref(ref))
    values = parse_form(form, AMEND_SHAPE)
    ctx = ctx_for(request, principal)
    changes = {f: values.get(f) for f in TERM_FIELDS if values.get(f"change_{f}")}
    data = {"adopted_on": values.get("adopted_on"), "summary": values.get("summary"), "changes": changes,
            "reason": values.get("reason"), "expected_version": values.get("expected_version")}
    updated, err = attempt(store, lambda: service.add_amendment(store, ctx, agreement.id,
                                                                validated(AmendmentCreate, data)))
    if err is not None:
        renames = {f"amendments.{len(agreement.amendments)}.changes.": "",
                   f"amendments.{len(agreement.amendments)}.": "", "changes.": ""}
        return _amend_form(request, store, principal, agreement=agreement, values=values,
                           errors=form_errors(err, AMEND_FIELDS, renames=renames), status_code=status_of(err))
    return see_other(url(updated))


def _pickers(store: Any, principal: Any) -> dict[str, Any]:
    parties = sorted(visible(principal, parties_service.list_parties(store, PartyQuery(), ALL).items),
                     key=lambda p: p.name.casefold())
    return {"parties": [(p.key, p.name) for p in parties],
            "guarantor_parties": [(p.key, p.name) for p in parties if p.kind == PartyKind.guarantor],
            "provision_types": choices(ProvisionType)}


def _form(request: Request, store: Any, principal: Any, *, agreement: Agreement | None, values: dict[str, Any],
          errors: FormErrors | None = None, status_code: int = 200) -> HTMLResponse:
    others = agreement_names(store, principal)
    if agreement is not None:
        others.pop(agreement.key, None)
    return render(request, principal, "registers/agreement_form.html", page="registers", register="agreements",
                  status_code=status_code, agreement=agreement, values=values, errors=errors,
                  kinds=choices(AgreementKind), releases=choices(ReleaseLevel), others=sorted(others.items()),
                  **_pickers(store, principal))


def _amend_form(request: Request, store: Any, principal: Any, *, agreement: Agreement, values: dict[str, Any],
                errors: FormErrors | None = None, status_code: int = 200) -> HTMLResponse:
    return render(request, principal, "registers/amendment_form.html", page="registers", register="agreements",
                  status_code=status_code, agreement=agreement, values=values, errors=errors,
                  next_number=len(agreement.amendments) + 1, **_pickers(store, principal))
