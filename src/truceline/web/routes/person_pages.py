"""Person lists as pages: the register of lists, uploading a party's list, reading its records, matching
two lists and reviewing the candidate pairs.

The same rules as ``/api/v1/persons``: admins and analysts see every list, a party liaison their own
party's; personal values are shown only on request (a button, with an optional purpose), and every such
read is written to the access log by the same service calls the API uses. Match runs and reviews are the
staff's.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from truceline.accounts.models import STAFF_ROLES
from truceline.accounts.policy import Action, Resource, can
from truceline.common.paging import Page
from truceline.errors import InvalidValue, NotFound, TrucelineError
from truceline.persons import operation_service, review_service
from truceline.persons import register_service as service
from truceline.persons.matching import MatchSettings
from truceline.persons.models import ListKind
from truceline.persons.operation_models import OperationQuery
from truceline.persons.operation_schemas import OperationPublic
from truceline.persons.register_models import ListQuery
from truceline.persons.register_schemas import ListMeta
from truceline.persons.review_models import PairQuery, Review
from truceline.registry import service as parties_service
from truceline.registry.models import PartyQuery
from truceline.web.access import Rule
from truceline.web.deps import PrincipalNow, StoreDep, ViewDep, parse_ref
from truceline.web.routes.pages import page_context, templates
from truceline.web.routes.persons import CipherDep, acting, check_list, complete_match_later, reader, visible_list

router = APIRouter(include_in_schema=False)
A, R = Action, Resource
RULES = {
    ("GET", "/persons"): Rule(A.read, R.person_lists),
    ("POST", "/persons/upload"): Rule(A.import_, R.person_lists),
    ("GET", "/persons/lists/{ref}"): Rule(A.read, R.person_lists),
    ("POST", "/persons/matches"): Rule(A.create, R.person_matches),
    ("GET", "/persons/matches/{run_id}"): Rule(A.read, R.person_matches),
    ("POST", "/persons/matches/{run_id}/pairs/{pair_id}/review"): Rule(A.confirm, R.person_matches),
    ("GET", "/persons/operations"): Rule(A.read, R.exchange_operations),
    ("GET", "/persons/operations/{ref}"): Rule(A.read, R.exchange_operations),
}
RECORDS_PAGE = 100
PAIRS_PAGE = 50
ALL = Page(limit=1000, offset=0)


def _error_text(err: TrucelineError) -> str:
    lines = [f"{err.user_message} ({err.code})"]
    lines += [f"line {d.get('line')}: {d.get('message')}" for d in err.details[:20] if isinstance(d, dict)
              and d.get("line") is not None]
    return "\n".join(lines)


@router.get("/persons", response_class=HTMLResponse)
def persons_page(request: Request, store: StoreDep, view: ViewDep, principal: PrincipalNow,
                 stored: str | None = None, records: int = 0, error: str | None = None) -> HTMLResponse:
    """The register of lists; after an upload (``?stored=KEY&records=N``) a notice counts the list's records."""
    staff = principal.role in STAFF_ROLES
    own = None if staff else frozenset({principal.party or ""})
    lists = service.list_lists(store, ListQuery(parties=own), ALL).items
    runs = review_service.list_runs(store, Page(limit=50, offset=0), acting(request, principal)).items if staff else []
    parties = [p for p in parties_service.list_parties(store, PartyQuery(view=view), ALL).items
               if staff or p.key == principal.party]
    return templates.TemplateResponse(request, "persons.html", page_context(
        request, "persons", lists=lists, runs=runs, parties=parties, kinds=[k.value for k in ListKind],
        stored=stored, records=records, error=error, today=request.app.state.clock.now().date().isoformat()))


@router.post("/persons/upload")
async def upload_list(request: Request, store: StoreDep, cipher: CipherDep, principal: PrincipalNow) -> Response:
    form = await request.form()
    try:
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            raise InvalidValue("choose the list's CSV file", details=[{"field": "file"}])
        limit = request.app.state.settings.import_max_bytes
        data = await upload.read(limit + 1)
        if len(data) > limit:
            raise InvalidValue(f"the file is larger than TRUCELINE_IMPORT_MAX_BYTES ({limit} bytes)")
        submitted = str(form.get("submitted_on") or "").strip()
        meta = ListMeta(party=str(form.get("party") or principal.party or ""), kind=ListKind(str(form.get("kind"))),
                        submitted_on=date.fromisoformat(submitted) if submitted else None,
                        source=upload.filename[:200])
        check_list(principal, Action.import_, meta)
        plist = service.import_csv(store, acting(request, principal), cipher, data, meta)
    except (TrucelineError, ValueError) as err:
        store.session.rollback()  # a refused list is refused whole
        message = _error_text(err) if isinstance(err, TrucelineError) else f"not a valid value: {err}"
        return RedirectResponse(f"/persons?error={quote(message)}", status_code=303)
    finally:
        await form.close()
    return RedirectResponse(f"/persons?stored={quote(plist.key)}&records={plist.record_count}", status_code=303)


@router.get("/persons/lists/{ref}", response_class=HTMLResponse)
def list_page(ref: str, request: Request, store: StoreDep, cipher: CipherDep, principal: PrincipalNow,
              show: bool = False, purpose: str | None = None, offset: int = 0) -> HTMLResponse:
    """The list's entry; its records (personal values) only when asked for, and then logged."""
    plist = visible_list(store, principal, ref, Action.read)
    records = None
    if show:
        page = Page(limit=RECORDS_PAGE, offset=max(offset, 0))
        plist, records = service.read_records(store, acting(request, principal), cipher, plist.id,
                                              reader(request, principal, (purpose or "").strip()[:500] or None),
                                              page=page)
    history = service.list_history(store, plist.id)
    return templates.TemplateResponse(request, "person_list.html", page_context(
        request, "persons", plist=plist, records=records, purpose=purpose or "", offset=offset,
        page_size=RECORDS_PAGE, history=history))


@router.post("/persons/matches")
async def run_match(request: Request, store: StoreDep, cipher: CipherDep, principal: PrincipalNow,
                    background: BackgroundTasks) -> Response:
    """Start a match run; its page follows it until the matcher is done (``complete_match_later``)."""
    form = await request.form()
    ctx = acting(request, principal)
    try:
        run = review_service.start_match(store, ctx, cipher, parse_ref(str(form.get("list_a"))),
                                         parse_ref(str(form.get("list_b"))), settings=MatchSettings())
    except TrucelineError as err:
        store.session.rollback()
        return RedirectResponse(f"/persons?error={quote(_error_text(err))}", status_code=303)
    background.add_task(complete_match_later, request.app.state.sessionmaker, ctx, cipher, run.id,
                        reader(request, principal, str(form.get("purpose") or "").strip() or None))
    return RedirectResponse(f"/persons/matches/{run.id}", status_code=303)


@router.get("/persons/matches/{run_id}", response_class=HTMLResponse)
def run_page(run_id: int, request: Request, store: StoreDep, cipher: CipherDep, principal: PrincipalNow,
             status: Review | None = None, offset: int = 0, done: str | None = None,
             error: str | None = None) -> HTMLResponse:
    """A run's candidate pairs, best first, with the explanation (it quotes names: the read is logged)."""
    run, pairs, count = review_service.list_pairs(store, acting(request, principal), cipher, run_id,
                                                  reader(request, principal, "review of candidate pairs"),
                                                  query=PairQuery(status=status),
                                                  page=Page(limit=PAIRS_PAGE, offset=max(offset, 0)))
    return templates.TemplateResponse(request, "person_matches.html", page_context(
        request, "persons", run=run, pairs=pairs, count=count, status=status.value if status else "",
        offset=offset, page_size=PAIRS_PAGE, done=done, error=error, reviews=[r.value for r in Review]))


@router.post("/persons/matches/{run_id}/pairs/{pair_id}/review")
async def review_pair(run_id: int, pair_id: int, request: Request, store: StoreDep,
                      principal: PrincipalNow) -> Response:
    form = await request.form()
    back = f"/persons/matches/{run_id}"
    try:
        review_service.review_pair(store, acting(request, principal), run_id, pair_id,
                                   decision=Review(str(form.get("decision"))),
                                   reason=str(form.get("reason") or "").strip() or None,
                                   expected_version=_int(form.get("version")))
    except (TrucelineError, ValueError) as err:
        store.session.rollback()
        message = f"{err.user_message} ({err.code})" if isinstance(err, TrucelineError) else str(err)
        return RedirectResponse(f"{back}?error={quote(message)}#pair-{pair_id}", status_code=303)
    return RedirectResponse(f"{back}?done={quote(f'pair {pair_id} reviewed')}#pair-{pair_id}", status_code=303)


def _int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


@router.get("/persons/operations", response_class=HTMLResponse)
def operations_page(request: Request, store: StoreDep, principal: PrincipalNow) -> HTMLResponse:
    """Exchange operations by number; a party liaison sees those their party is a side of."""
    party = None if principal.role in STAFF_ROLES else (principal.party or "")
    operations = operation_service.list_operations(store, OperationQuery(party=party), ALL).items
    return templates.TemplateResponse(request, "person_operations.html", page_context(
        request, "persons", operations=[OperationPublic.from_operation(o) for o in operations]))


@router.get("/persons/operations/{ref}", response_class=HTMLResponse)
def operation_page(ref: str, request: Request, store: StoreDep, principal: PrincipalNow) -> HTMLResponse:
    """One operation: sides, intermediary, status steps, batches with each side's release time, the
    simultaneity check, and the outcome per person (by list and record id: names stay on the lists)."""
    operation = operation_service.get_operation(store, parse_ref(ref))
    if not can(principal, Action.read, Resource.exchange_operations, record=operation):
        raise NotFound(f"no exchange operation {ref!r}")
    return templates.TemplateResponse(request, "person_operation.html", page_context(
        request, "persons", op=OperationPublic.from_operation(operation)))
