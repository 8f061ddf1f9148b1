"""Pure domain objects of matching stored lists: a match run, its candidate pairs, their review.

A ``MatchRun`` is one comparison of two stored lists (``matching.match_records``) with the settings used
and counts. Long lists take minutes, so a run is stored first as ``running`` and its pairs come when the
matcher is done (``done``), or the run records why it stopped (``failed``). While it works, the
process matching it says so every half minute (``heartbeat_at``): a run silent for long has lost its
process (a restart, a crash) and is marked ``failed`` when next read. Each ``MatchPair`` names
the two records by their ids on the lists, with the score and the decision at the run's threshold; a
reviewer then **confirms** or **rejects** it, with a reason. The pair's ``why`` (the explanation) quotes
names, so it is stored sealed beside the pair (``SealedPair``) and only opened for a logged read.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel


class Review(StrEnum):
    candidate = "candidate"  # not reviewed yet
    confirmed = "confirmed"  # the two records are the same person
    rejected = "rejected"  # they are not


class RunState(StrEnum):
    running = "running"  # the matcher is working on it
    done = "done"  # its candidate pairs are stored
    failed = "failed"  # it stopped; ``error`` says why


class MatchRun(BaseModel):
    id: int
    list_a: str  # stored list keys
    list_b: str
    threshold: float
    min_score: float
    pair_count: int = 0
    match_count: int = 0
    skipped_blocks: int = 0
    key_id: str  # the persons key that sealed the explanations
    actor: str
    created_at: datetime
    state: RunState = RunState.done
    error: str | None = None
    finished_at: datetime | None = None
    heartbeat_at: datetime | None = None  # the last sign of life of the process matching it
    version: int = 1


class MatchPair(BaseModel):
    id: int = 0
    run_id: int
    a: str  # record id on list A
    b: str  # record id on list B
    score: float
    match: bool
    status: Review = Review.candidate
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    reason: str | None = None
    version: int = 1


class SealedPair(BaseModel):
    pair: MatchPair
    why: bytes  # the sealed JSON list of reasons


class PairQuery(BaseModel):
    status: Review | None = None
    matches_only: bool = False

    def matches(self, pair: MatchPair) -> bool:
        return (self.status is None or pair.status == self.status) and (not self.matches_only or pair.match)
