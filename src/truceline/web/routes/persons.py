"""Routes of stored person lists and the person access log.

Every route declares its permission (``require``); a party liaison is then held to their own party's lists
(``policy.can`` with the list). Routes that return personal values log the read (``Reader``: the account,
the route, the ``purpose`` the caller gave).
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session, sessionmaker

from truceline.accounts.models import STAFF_ROLES
from truceline.accounts.policy import Action, Principal, Resource, can
from truceline.accounts.web_deps import refuse, require
from truceline.audit.schemas import ChangesPublic
from truceline.common.context import Ctx
from truceline.common.heartbeat import Heartbeat
from truceline.common.models import ReleaseLevel, as_utc
from truceline.db.store import store_scope
from truceline.errors import FileInputError, TrucelineError
from truceline.persons import register_service as service
from truceline.persons import review_service
from truceline.persons.crypto import PersonCipher
from truceline.persons.keyfile import load_cipher
from truceline.persons.matching import MatchSettings, match_records
from truceline.persons.models import ListKind
from truceline.persons.register_models import AccessQuery, ListQuery, Reader, StoredList
from truceline.persons.register_schemas import (
    AccessLogPublic,
    ListMeta,
    ListUpdate,
    PersonListCreate,
    PersonListsPublic,
    PersonRecordPublic,
    PersonRecordsPublic,
)
from truceline.persons.review_models import MatchPair, MatchRun, PairQuery, Review
from truceline.persons.review_schemas import (
    MatchPairPublic,
    MatchPairsPublic,
    MatchRunCreate,
    MatchRunsPublic,
    ReviewIn,
)
from truceline.web.deps import PageDep, StoreDep, parse_ref

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/v1/persons", tags=["persons"])

Purpose = Annotated[str | None, Query(max_length=500, description="Why the person data is read (logged).")]


def get_cipher(request: Request) -> PersonCipher:
    """The persons cipher of this application, loaded once from the key file."""
    state = request.app.state
    if getattr(state, "persons_cipher", None) is None:
        settings = state.settings
        state.persons_cipher = load_cipher(configured=settings.persons_key_file, data_dir=settings.data_dir)
    cipher: PersonCipher = state.persons_cipher
    return cipher


CipherDep = Annotated[PersonCipher, Depends(get_cipher)]


def acting(request: Request, principal: Principal) -> Ctx:
    return Ctx(actor=principal.username or "anonymous", clock=request.app.state.clock)


def reader(request: Request, principal: Principal, purpose: str | None) -> Reader:
    route = getattr(request.scope.get("route"), "path", request.url.path)
    return Reader(actor=principal.username or "anonymous", role=principal.role.value, party=principal.party,
                  via=principal.via, route=f"{request.method} {route}", purpose=purpose)


def check_list(principal: Principal, action: Action, plist: StoredList | ListMeta) -> None:
    """A party liaison may handle only their own party's lists."""
    if not can(principal, action, Resource.person_lists, record={"party": plist.party}):
        refuse(principal, action, Resource.person_lists)


def visible_list(store: StoreDep, principal: Principal, ref: str, action: Action) -> StoredList:
    plist = service.get_list(store, parse_ref(ref))
    check_list(principal, action, plist)
    return plist


ReadLists = Annotated[Principal, Depends(require(Action.read, Resource.person_lists))]


@router.get("/lists", response_model=PersonListsPublic)
def list_lists(store: StoreDep, principal: ReadLists, page: PageDep, party: str | None = None,
               kind: ListKind | None = None) -> PersonListsPublic:
    """The register of person lists (no personal values); a liaison sees their own party's lists."""
    own = None if principal.role in STAFF_ROLES else frozenset({principal.party or ""})
    paged = service.list_lists(store, ListQuery(party=party, kind=kind, parties=own), page)
    return PersonListsPublic(data=paged.items, count=paged.count)


@router.post("/lists", response_model=StoredList, status_code=201)
def create_list(data: PersonListCreate, request: Request, store: StoreDep, cipher: CipherDep,
                principal: Annotated[Principal, Depends(require(Action.create, Resource.person_lists))]) -> StoredList:
    """Store a list given as JSON records (the CSV columns by name); refused whole on any problem."""
    meta = data.meta()
    check_list(principal, Action.create, meta)
    return service.import_rows(store, acting(request, principal), cipher, data.rows(), meta)


@router.post("/lists/upload", response_model=StoredList, status_code=201)
async def upload_list(
    request: Request, store: StoreDep, cipher: CipherDep,
    principal: Annotated[Principal, Depends(require(Action.import_, Resource.person_lists))],
    file: Annotated[UploadFile, File(description="The list as CSV with the documented columns.")],
    party: Annotated[str, Form()], kind: Annotated[ListKind, Form()],
    submitted_on: Annotated[date | None, Form()] = None, key: Annotated[str | None, Form()] = None,
    release: Annotated[ReleaseLevel, Form()] = ReleaseLevel.party_restricted,
    encoding: Annotated[str | None, Form()] = None,
) -> StoredList:
    """Store a list uploaded as a CSV file (multipart); refused whole on any problem."""
    limit = request.app.state.settings.import_max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise FileInputError(f"the file is larger than TRUCELINE_IMPORT_MAX_BYTES ({limit} bytes)")
    meta = ListMeta(party=party, kind=kind, submitted_on=submitted_on, key=key or None, release=release,
                    source=(file.filename or "upload.csv")[:200])
    check_list(principal, Action.import_, meta)
    return service.import_csv(store, acting(request, principal), cipher, data, meta, encoding=encoding or None)


@router.get("/lists/{ref}", response_model=StoredList)
def get_list(ref: str, store: StoreDep, principal: ReadLists) -> StoredList:
    """A list's register entry: party, kind, dates, count, version (no personal values)."""
    return visible_list(store, principal, ref, Action.read)


@router.patch("/lists/{ref}", response_model=StoredList)
def update_list(ref: str, data: ListUpdate, request: Request, store: StoreDep,
                principal: Annotated[Principal, Depends(require(Action.update, Resource.person_lists))]) -> StoredList:
    plist = visible_list(store, principal, ref, Action.update)
    return service.update_list(store, acting(request, principal), plist.id, data)


@router.get("/lists/{ref}/records", response_model=PersonRecordsPublic)
def list_records(ref: str, request: Request, store: StoreDep, cipher: CipherDep, principal: ReadLists,
                 page: PageDep, purpose: Purpose = None,
                 refs: Annotated[str | None, Query(description="Comma-separated record ids")] = None
                 ) -> PersonRecordsPublic:
    """Person records with their personal values (a page, or the ``refs`` asked for); the read is logged."""
    plist = visible_list(store, principal, ref, Action.read)
    wanted = [r.strip() for r in refs.split(",") if r.strip()] if refs else None
    plist, records = service.read_records(store, acting(request, principal), cipher, plist.id,
                                          reader(request, principal, purpose), refs=wanted,
                                          page=None if wanted else page)
    return PersonRecordsPublic(person_list=plist, data=[PersonRecordPublic.from_record(r) for r in records],
                               count=plist.record_count)


@router.get("/lists/{ref}/export")
def export_list(ref: str, request: Request, store: StoreDep, cipher: CipherDep,
                principal: Annotated[Principal, Depends(require(Action.export, Resource.person_lists))],
                purpose: Purpose = None) -> Response:
    """The whole list as CSV (the import columns); the read is logged."""
    plist = visible_list(store, principal, ref, Action.export)
    text = service.export_csv(store, acting(request, principal), cipher, plist.id, reader(request, principal, purpose))
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{plist.key}.csv"'})


@router.get("/lists/{ref}/history", response_model=ChangesPublic)
def list_history(ref: str, store: StoreDep, principal: ReadLists) -> ChangesPublic:
    plist = visible_list(store, principal, ref, Action.read)
    changes = service.list_history(store, plist.id)
    return ChangesPublic(data=changes, count=len(changes))


@router.get("/access-log", response_model=AccessLogPublic)
def access_log(store: StoreDep, page: PageDep,
               principal: Annotated[Principal, Depends(require(Action.read, Resource.person_access_log))],
               actor: str | None = None, list_key: str | None = None, since: datetime | None = None
               ) -> AccessLogPublic:
    """Who read which person records, when, through which route and why (admins only); newest first."""
    query = AccessQuery(actor=actor, list_key=list_key, since=None if since is None else as_utc(since))
    paged = service.access_log(store, query, page)
    return AccessLogPublic(data=paged.items, count=paged.count)


# --- matching stored lists and review ---------------------------------------------------------------------


@router.post("/matches", response_model=MatchRun, status_code=202)
def run_match(data: MatchRunCreate, request: Request, store: StoreDep, cipher: CipherDep, background: BackgroundTasks,
              principal: Annotated[Principal, Depends(require(Action.create, Resource.person_matches))]) -> MatchRun:
    """Start matching two stored lists: the run is stored at once, ``running``, and the matcher works after
    the answer (two lists of 100,000 take minutes). GET the run to follow it: ``done`` with its counts and
    candidate pairs, or ``failed`` with the reason. Both lists' reads are logged when the matcher opens them."""
    settings = MatchSettings(threshold=data.threshold, min_score=data.min_score)
    ctx = acting(request, principal)
    run = review_service.start_match(store, ctx, cipher, parse_ref(data.list_a), parse_ref(data.list_b),
                                     settings=settings)
    background.add_task(complete_match_later, request.app.state.sessionmaker, ctx, cipher, run.id,
                        reader(request, principal, data.purpose))
    return run


def complete_match_later(factory: sessionmaker[Session], ctx: Ctx, cipher: PersonCipher, run_id: int,
                         reader: Reader) -> None:
    """Match a started run after the answer has left: the lists are read in one transaction, matched
    outside any (so the database is free meanwhile), and the pairs stored in another; all along, the run
    says every half minute that it is alive. When it fails, nothing of it is kept but the run, marked
    ``failed`` with the reason."""
    def beat() -> None:
        with store_scope(factory) as store:
            review_service.beat(store, ctx, run_id)

    try:
        with Heartbeat(beat, every=review_service.HEARTBEAT_EVERY.total_seconds()):
            with store_scope(factory) as store:
                run, records_a, records_b = review_service.open_run(store, ctx, cipher, run_id, reader)
            result = match_records(records_a, records_b, settings=review_service.run_settings(run))
            with store_scope(factory) as store:
                review_service.finish_match(store, ctx, cipher, run_id, result)
    except Exception as err:  # the run must say it stopped, whatever stopped it
        log.exception("match run %s failed", run_id)
        reason = f"{err.user_message} ({err.code})" if isinstance(err, TrucelineError) else \
            f"internal error ({type(err).__name__}); see the server log"
        with store_scope(factory) as store:
            review_service.fail_match(store, ctx, run_id, reason)


ReadMatches = Annotated[Principal, Depends(require(Action.read, Resource.person_matches))]


@router.get("/matches", response_model=MatchRunsPublic)
def list_runs(request: Request, store: StoreDep, page: PageDep, principal: ReadMatches) -> MatchRunsPublic:
    paged = review_service.list_runs(store, page, acting(request, principal))
    return MatchRunsPublic(data=paged.items, count=paged.count)


@router.get("/matches/{run_id}", response_model=MatchRun)
def get_run(run_id: int, request: Request, store: StoreDep, principal: ReadMatches) -> MatchRun:
    """A run as it stands: one whose process fell silent for ten minutes is marked ``failed``."""
    return review_service.read_run(store, acting(request, principal), run_id)


@router.get("/matches/{run_id}/pairs", response_model=MatchPairsPublic)
def list_pairs(run_id: int, request: Request, store: StoreDep, cipher: CipherDep, page: PageDep,
               principal: ReadMatches, status: Review | None = None, matches_only: bool = False,
               purpose: Purpose = None) -> MatchPairsPublic:
    """A page of candidate pairs with score, decision, review and the explanation (which quotes names: the
    read is logged)."""
    run, pairs, count = review_service.list_pairs(store, acting(request, principal), cipher, run_id,
                                                  reader(request, principal, purpose),
                                                  query=PairQuery(status=status, matches_only=matches_only), page=page)
    return MatchPairsPublic(run=run, data=[MatchPairPublic(**p.model_dump(), why=why) for p, why in pairs],
                            count=count)


@router.post("/matches/{run_id}/pairs/{pair_id}/review", response_model=MatchPair)
def review_pair(run_id: int, pair_id: int, data: ReviewIn, request: Request, store: StoreDep,
                principal: Annotated[Principal, Depends(require(Action.confirm, Resource.person_matches))]
                ) -> MatchPair:
    """Confirm or reject a pair (a reason is required), or set it back to candidate."""
    return review_service.review_pair(store, acting(request, principal), run_id, pair_id, decision=data.decision,
                                      reason=data.reason, expected_version=data.expected_version)


@router.get("/matches/{run_id}/pairs/{pair_id}/history", response_model=ChangesPublic)
def pair_history(run_id: int, pair_id: int, store: StoreDep, principal: ReadMatches) -> ChangesPublic:
    changes = review_service.pair_history(store, run_id, pair_id)
    return ChangesPublic(data=changes, count=len(changes))
