"""Use-cases of matching stored lists and reviewing the candidate pairs.

``start_match`` checks the two lists and stores a run as ``running``; ``complete_match`` opens both
stored lists (a logged read of each, action ``match``), runs the matcher (``matching.match_records``),
stores the candidate pairs, each explanation sealed, and marks the run ``done``; ``fail_match`` records
why a run stopped. The web layer runs the completion in the background (matching two lists of 100,000
takes minutes); ``run_match`` does both steps at once.
``list_pairs`` returns pairs with their explanations opened, which quote names: it logs a read of the
records of both lists that the page shows. ``review_pair`` confirms or rejects one pair with a reason;
the change log records it (ids, score, decision, reviewer — no name).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog, record_change
from truceline.common.context import Ctx
from truceline.common.paging import Page, Paged
from truceline.common.service import check_version
from truceline.errors import InvalidValue, NotFound
from truceline.persons.crypto import PersonCipher
from truceline.persons.matching import MatchSettings, match_records
from truceline.persons.register_models import AccessAction, Reader
from truceline.persons.register_service import PersonStore, get_list, log_access, open_list
from truceline.persons.review_models import MatchPair, MatchRun, PairQuery, Review, RunState, SealedPair

RUN_ENTITY = "person_match_run"
PAIR_ENTITY = "person_match_pair"


class MatchRepository(Protocol):
    def add_run(self, run: MatchRun) -> MatchRun: ...

    def add_pairs(self, pairs: Sequence[SealedPair]) -> None: ...

    def get_run(self, run_id: int) -> MatchRun | None: ...

    def save_run(self, run: MatchRun) -> None: ...

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
    run = MatchRun(id=0, list_a=first.key, list_b=second.key, threshold=settings.threshold,
                   min_score=settings.min_score, key_id=cipher.key_id, actor=ctx.actor, created_at=ctx.clock.now(),
                   state=RunState.running)
    run = store.matches.add_run(run)
    record_change(store.changes, ctx, entity=RUN_ENTITY, before=None, after=run)
    return run


def complete_match(store: MatchStore, ctx: Ctx, cipher: PersonCipher, run_id: int, reader: Reader) -> MatchRun:
    """Match the lists of a ``running`` run, store its candidate pairs and mark it ``done``."""
    before = get_run(store, run_id)
    if before.state != RunState.running:
        raise InvalidValue(f"match run {run_id} is {before.state.value}, not running")
    settings = MatchSettings(threshold=before.threshold, min_score=before.min_score)
    plist_a, records_a = open_list(store, ctx, cipher, before.list_a, reader, action=AccessAction.match)
    plist_b, records_b = open_list(store, ctx, cipher, before.list_b, reader, action=AccessAction.match)
    result = match_records(records_a, records_b, settings=settings)
    pairs = [SealedPair(pair=MatchPair(run_id=run_id, a=c.a, b=c.b, score=c.score, match=c.match),
                        why=cipher.seal_json(list(c.why), context=why_context(run_id, c.a, c.b)))
             for c in result.candidates]
    store.matches.add_pairs(pairs)
    run = before.model_copy(update={"pair_count": len(result.candidates), "match_count": len(result.matches),
                                    "skipped_blocks": result.stats.skipped_blocks, "key_id": cipher.key_id,
                                    "state": RunState.done, "finished_at": ctx.clock.now(),
                                    "version": before.version + 1})
    store.matches.save_run(run)
    record_change(store.changes, ctx, entity=RUN_ENTITY, before=before, after=run)
    return run


def fail_match(store: MatchStore, ctx: Ctx, run_id: int, error: str) -> MatchRun:
    """Record that a run stopped, and why (no pairs are kept from it); a new run may be started."""
    before = get_run(store, run_id)
    run = before.model_copy(update={"state": RunState.failed, "error": error[:2000], "finished_at": ctx.clock.now(),
                                    "version": before.version + 1})
    store.matches.save_run(run)
    record_change(store.changes, ctx, entity=RUN_ENTITY, before=before, after=run)
    return run


def get_run(store: MatchStore, run_id: int) -> MatchRun:
    run = store.matches.get_run(run_id)
    if run is None:
        raise NotFound(f"no match run with id {run_id}")
    return run


def list_runs(store: MatchStore, page: Page) -> Paged[MatchRun]:
    return store.matches.runs(page)


def list_pairs(store: MatchStore, ctx: Ctx, cipher: PersonCipher, run_id: int, reader: Reader, *,
               query: PairQuery | None = None, page: Page | None = None
               ) -> tuple[MatchRun, list[tuple[MatchPair, list[str]]], int]:
    """A page of a run's pairs with their explanations opened; the read is logged for both lists."""
    run = get_run(store, run_id)
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
