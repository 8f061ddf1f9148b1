"""API shapes of match runs and the review of their pairs."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from truceline.persons.matching import DEFAULT_MIN_SCORE, DEFAULT_THRESHOLD
from truceline.persons.review_models import MatchPair, MatchRun, Review


class MatchRunCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    list_a: str
    list_b: str
    threshold: float = Field(default=DEFAULT_THRESHOLD, ge=0, le=1)
    min_score: float = Field(default=DEFAULT_MIN_SCORE, ge=0, le=1)
    purpose: str | None = Field(default=None, max_length=500)


class MatchRunsPublic(BaseModel):
    data: list[MatchRun]
    count: int


class MatchPairPublic(MatchPair):
    why: list[str]


class MatchPairsPublic(BaseModel):
    run: MatchRun
    data: list[MatchPairPublic]
    count: int


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Review
    reason: str | None = Field(default=None, max_length=2000)
    expected_version: int | None = None
