"""Use-cases of matching stored lists and reviewing the candidate pairs.

``start_match`` checks the two lists and stores a run as ``running``; ``complete_match`` opens both
stored lists (``open_run``: a logged read of each, action ``match``), runs the matcher
(``matching.match_records``), then stores the candidate pairs, each explanation sealed, and marks the run
``done`` (``finish_match``); ``fail_match`` records why a run stopped. The web layer runs the completion
in the background (matching two lists of 100,000 takes minutes), each of those steps in its own
transaction so that the database is not held while the matcher works, and says every
``HEARTBEAT_EVERY`` that the run is alive (``beat``). A ``running`` run silent for ``STALE_AFTER`` has
lost its process: reading it (``read_run``, ``list_runs`` with a context) marks it ``failed``, so that no
run waits for good. ``run_match`` does it all at once.
``list_pairs`` returns pairs with their explanations opened, which quote names: it logs a read of the
records of both lists that the page shows. ``review_pair`` confirms or rejects one pair with a reason;
the change log records it (ids, score, decision, reviewer — no name).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog, record_change
from truceline.common.context import Ctx
from truceline.common.paging import Page, Paged
from truceline.common.service import check_version
from truceline.errors import InvalidValue, NotFound
from truceline.persons.crypto import PersonCipher
from truceline.persons.matching import MatchResult, MatchSettings, match_records
from truceline.persons.models import PersonRecord
from truceline.persons.register_models import AccessAction, Reader
from truceline.persons.register_service import PersonStore, get_list, log_access, open_list
from truceline.persons.review_models import MatchPair, MatchRun, PairQuery, Review, RunState, SealedPair

RUN_ENTITY = "person_match_run"
PAIR_ENTITY = "person_match_pair"
HEARTBEAT_EVERY = timedelta(seconds=30)  # how often the process matching a run says it is alive
STALE_AFTER = timedelta(minutes=10)  # a running run silent this long has lost its process
WATCH_ACTOR = "system:match-watch"  # who marks a silent run failed, in the change log


class MatchRepository(Protocol):
    def add_run(self, run: MatchRun) -> MatchRun: ...

    def add_pairs(self, pairs: Sequence[SealedPair]) -> None: ...

    def get_run(self, run_id: int) -> MatchRun | None: ...

    def save_run(self, run: MatchRun) -> None: ...

    def touch_run(self, run_id: int, at: datetime) -> None: ...

    def runs(self, page: Page) -> Paged[MatchRun]: ...

    def pairs(self, run_id: int, query: PairQuery, page: Page) -> Paged[SealedPair]: ...

    def get_pair(self, run_id: int, pair_id: int) -> SealedPair | None: ...

    def save_pair(self, pair: MatchPair) -> None: ...


class MatchStore(PersonStore, Protocol):
    @property
    def matches(self) -> MatchRepository: ...

    @property
    def changes(self) -> ChangeLog: ...


def why_context(run_id: int, a: str, b: str) -> str:
    return f"match:{run_id}:{a}:{b}"


def run_match(store: MatchStore, ctx: Ctx, cipher: PersonCipher, list_a: str | int, list_b: str | int,
              reader: Reader, *, settings: MatchSettings | None = None) -> MatchRun:
    """Match two stored lists and keep the candidate pairs for review, in one go."""
    run = start_match(store, ctx, cipher, list_a, list_b, settings=settings)
    return complete_match(store, ctx, cipher, run.id, reader)


def start_match(store: MatchStore, ctx: Ctx, cipher: PersonCipher, list_a: str | int, list_b: str | int, *,
                settings: MatchSettings | None = None) -> MatchRun:
    """Check the two lists and store a run, ``running``, with its settings (``complete_match`` matches)."""
    settings = settings or MatchSettings()
    first, second = get_list(store, list_a), get_list(store, list_b)
    if first.id == second.id:
        raise InvalidValue(f"a list is not matched against itself ('{first.key}')")
    now = ctx.clock.now()
    run = MatchRun(id=0, list_a=first.key, list_b=second.key, threshold=settings.threshold,
                   min_score=settings.min_score, key_id=cipher.key_id, actor=ctx.actor, created_at=now,
                   state=RunState.running, heartbeat_at=now)
    run = store.matches.add_run(run)
    record_change(store.changes, ctx, entity=RUN_ENTITY, before=None, after=run)
    return run


def complete_match(store: MatchStore, ctx: Ctx, cipher: PersonCipher, run_id: int, reader: Reader) -> MatchRun:
    """Match the lists of a ``running`` run, store its candidate pairs and mark it ``done``."""
    run, records_a, records_b = open_run(store, ctx, cipher, run_id, reader)
    result = match_records(records_a, records_b, settings=run_settings(run))
    return finish_match(store, ctx, cipher, run_id, result)


def run_settings(run: MatchRun) -> MatchSettings:
    return MatchSettings(threshold=run.threshold, min_score=run.min_score)


def open_run(store: MatchStore, ctx: Ctx, cipher: PersonCipher, run_id: int, reader: Reader
             ) -> tuple[MatchRun, list[PersonRecord], list[PersonRecord]]:
    """The records of both lists of a ``running`` run, to match (a logged read of each)."""
    run = _running(store, run_id)
    _, records_a = open_list(store, ctx, cipher, run.list_a, reader, action=AccessAction.match)
    _, records_b = open_list(store, ctx, cipher, run.list_b, reader, action=AccessAction.match)
    return run, records_a, records_b


def finish_match(store: MatchStore, ctx: Ctx, cipher: PersonCipher, run_id: int, result: MatchResult) -> MatchRun:
    """Store a run's candidate pairs, each explanation sealed, and mark it ``done``."""
    before = _running(store, run_id)
    pairs = [SealedPair(pair=MatchPair(run_id=run_id, a=c.a, b=c.b, score=c.score, match=c.match),
                        why=cipher.seal_json(list(c.why), context=why_context(run_id, c.a, c.b)))
             for c in result.candidates]
    store.matches.add_pairs(pairs)
    now = ctx.clock.now()
    run = before.model_copy(update={"pair_count": len(result.candidates), "match_count": len(result.matches),
                                    "skipped_blocks": result.stats.skipped_blocks, "key_id": cipher.key_id,
                                    "state": RunState.done, "finished_at": now, "heartbeat_at": now,
                                    "version": before.version + 1})
    store.matches.save_run(run)
    record_change(store.changes, ctx, entity=RUN_ENTITY, before=before, after=run)
    return run


def _running(store: MatchStore, run_id: int) -> MatchRun:
    run = get_run(store, run_id)
    if run.state != RunState.running:
        raise InvalidValue(f"match run {run_id} is {run.state.value}, not running")
    return run


def fail_match(store: MatchStore, ctx: Ctx, run_id: int, error: str) -> MatchRun:
    """Record that a run stopped, and why (no pairs are kept from it); a new run may be started. A run that
    is no longer ``running`` (done, or already marked failed) is left as it is."""
    before = get_run(store, run_id)
    if before.state != RunState.running:
        return before
    run = before.model_copy(update={"state": RunState.failed, "error": error[:2000], "finished_at": ctx.clock.now(),
                                    "version": before.version + 1})
    store.matches.save_run(run)
    record_change(store.changes, ctx, entity=RUN_ENTITY, before=before, after=run)
    return run


def beat(store: MatchStore, ctx: Ctx, run_id: int) -> None:
    """The process matching a run says it is alive."""
    store.matches.touch_run(run_id, ctx.clock.now())


def is_stalled(run: MatchRun, now: datetime) -> bool:
    """A ``running`` run whose process has said nothing for ``STALE_AFTER``: it stopped with its process."""
    last = run.heartbeat_at or run.created_at
    return run.state == RunState.running and now - last > STALE_AFTER


def settle(store: MatchStore, ctx: Ctx, run: MatchRun) -> MatchRun:
    """The run as it stands: a stalled run is marked ``failed`` (by ``WATCH_ACTOR``), with when it was
    last heard of, so that it can be started again."""
    if not is_stalled(run, ctx.clock.now()):
        return run
    last = run.heartbeat_at or run.created_at
    watch = Ctx(actor=WATCH_ACTOR, clock=ctx.clock)
    return fail_match(store, watch, run.id, "interrupted: the process matching it stopped (no sign of life since "
                                            f"{last:%Y-%m-%d %H:%M} UTC); start the match again")


def read_run(store: MatchStore, ctx: Ctx, run_id: int) -> MatchRun:
    """A run as it stands (``settle``)."""
    return settle(store, ctx, get_run(store, run_id))


def get_run(store: MatchStore, run_id: int) -> MatchRun:
    run = store.matches.get_run(run_id)
    if run is None:
        raise NotFound(f"no match run with id {run_id}")
    return run


def list_runs(store: MatchStore, page: Page, ctx: Ctx | None = None) -> Paged[MatchRun]:
    """A page of runs, newest first; with a context, as they stand (``settle``)."""
    paged = store.matches.runs(page)
    if ctx is None:
        return paged
    return Paged([settle(store, ctx, run) for run in paged.items], paged.count)


def list_pairs(store: MatchStore, ctx: Ctx, cipher: PersonCipher, run_id: int, reader: Reader, *,
               query: PairQuery | None = None, page: Page | None = None
               ) -> tuple[MatchRun, list[tuple[MatchPair, list[str]]], int]:
    """A page of a run's pairs with their explanations opened; the read is logged for both lists."""
    run = read_run(store, ctx, run_id)
    paged = store.matches.pairs(run.id, query or PairQuery(), page or Page())
    out = [(s.pair, list(cipher.open_json(s.why, context=why_context(run.id, s.pair.a, s.pair.b),
                                          key_id=run.key_id))) for s in paged.items]
    if out:
        log_access(store, ctx, reader, action=AccessAction.match, list_key=run.list_a, refs=[p.a for p, _ in out])
        log_access(store, ctx, reader, action=AccessAction.match, list_key=run.list_b, refs=[p.b for p, _ in out])
    return run, out, paged.count


def review_pair(store: MatchStore, ctx: Ctx, run_id: int, pair_id: int, *, decision: Review, reason: str | None,
                expected_version: int | None = None) -> MatchPair:
    """Confirm or reject a candidate pair (or set it back to candidate); the change is recorded."""
    run = get_run(store, run_id)
    sealed = store.matches.get_pair(run.id, pair_id)
    if sealed is None:
        raise NotFound(f"match run {run.id} has no pair {pair_id}")
    before = sealed.pair
    check_version(before, expected_version, what=f"pair {pair_id} of match run {run.id}")
    if decision != Review.candidate and not (reason or "").strip():
        raise InvalidValue("a review needs a reason (what made you confirm or reject the pair)",
                           details=[{"field": "reason"}])
    after = before.model_copy(update={"status": decision, "reviewed_by": ctx.actor, "reviewed_at": ctx.clock.now(),
                                      "reason": reason, "version": before.version + 1})
    store.matches.save_pair(after)
    record_change(store.changes, ctx, entity=PAIR_ENTITY, before=before, after=after, reason=reason)
    return after


def pair_history(store: MatchStore, run_id: int, pair_id: int) -> list[Change]:
    run = get_run(store, run_id)
    if store.matches.get_pair(run.id, pair_id) is None:
        raise NotFound(f"match run {run.id} has no pair {pair_id}")
    return store.changes.for_record(PAIR_ENTITY, pair_id)
