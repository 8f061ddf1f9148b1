"""Cross-list matching: candidate pairs between two person lists, with a score and the reasons.

``match_lists(a, b)`` prepares every record (``blocking.prepare``), finds candidate pairs by blocking,
scores each pair (``scoring.Scorer``) and returns the pairs whose score reaches ``min_score``, best first
per record of ``b``; ``match`` is the decision at ``threshold``. A reviewer confirms or rejects them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from truceline.errors import InvalidValue
from truceline.persons.blocking import BlockStats, candidate_pairs, prepare
from truceline.persons.models import MatchCandidate, PersonList, PersonRecord
from truceline.persons.scoring import Scorer

DEFAULT_THRESHOLD = 0.5
DEFAULT_MIN_SCORE = 0.05
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class MatchSettings:
    threshold: float = DEFAULT_THRESHOLD  # score from which a pair is a match
    min_score: float = DEFAULT_MIN_SCORE  # pairs scoring lower are not reported at all
    year_window: int = 2  # birth years further apart never become candidates
    max_block: int = 2000  # blocks with more records are skipped (and counted)
    explain: bool = True  # build the ``why`` of each pair (off for benchmarks)

    def __post_init__(self) -> None:
        for name in ("threshold", "min_score"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InvalidValue(f"{name} must be between 0 and 1, not {value}")
        if self.year_window < 0 or self.max_block < 1:
            raise InvalidValue("year_window must be 0 or more and max_block 1 or more")


@dataclass
class MatchResult:
    candidates: list[MatchCandidate] = field(default_factory=list)
    stats: BlockStats = field(default_factory=BlockStats)

    @property
    def matches(self) -> list[MatchCandidate]:
        return [c for c in self.candidates if c.match]


def match_records(a: list[PersonRecord] | tuple[PersonRecord, ...], b: list[PersonRecord] | tuple[PersonRecord, ...],
                  *, settings: MatchSettings | None = None, progress: Progress | None = None) -> MatchResult:
    """Candidate pairs between records ``a`` and ``b`` (see the module docstring)."""
    settings = settings or MatchSettings()
    pa = [prepare(r) for r in a]
    pb = [prepare(r) for r in b]
    scorer = Scorer(pa, pb)
    result = MatchResult()
    step = max(len(pb) // 200, 1)
    current: list[MatchCandidate] = []
    last_j = -1
    for i, j in candidate_pairs(pa, pb, year_window=settings.year_window, max_block=settings.max_block,
                                stats=result.stats):
        if j != last_j:
            _flush(current, result.candidates)
            if progress is not None and j // step != last_j // step:
                progress(j, len(pb))
            last_j = j
        score, why = scorer.score(pa[i], pb[j], explain=settings.explain)
        if score >= settings.min_score:
            current.append(MatchCandidate(a=pa[i].record.id, b=pb[j].record.id, score=round(score, 4),
                                          match=score >= settings.threshold, why=tuple(why)))
    _flush(current, result.candidates)
    if progress is not None:
        progress(len(pb), len(pb))
    return result


def _flush(current: list[MatchCandidate], out: list[MatchCandidate]) -> None:
    current.sort(key=lambda c: (-c.score, c.a))
    out.extend(current)
    current.clear()


def match_lists(a: PersonList, b: PersonList, *, settings: MatchSettings | None = None,
                progress: Progress | None = None) -> MatchResult:
    return match_records(a.records, b.records, settings=settings, progress=progress)
