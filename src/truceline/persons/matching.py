"""Cross-list matching: candidate pairs between two person lists, with a score and the reasons.

``match_lists(a, b)`` prepares every record (``blocking.prepare``), finds candidate pairs by blocking,
compares each pair field by field once (``scoring.compare``) and weighs its evidence ``w`` in bits
(``scoring.combine``, the same figures as ``scoring.Scorer.weight``). Candidates then compete: with
``L = 2**w``, the chance that ``a`` is the partner of ``b`` is ``L / (sum of L over b's candidates + K)``
where ``K = len(A) (1 - p) / p`` stands for "b's partner is not on list A", ``p`` being the share of B's
records that have a partner on A, estimated from the lists (``no_partner_weights``). The same from
``a``'s side. The score is one-to-one (``one_to_one``, Sinkhorn scaling with a "no partner" slot on each
side; with ``assignment_rounds=0`` the smaller of the two one-sided chances), so a pair is a match only
when each record is clearly the other's best partner: two namesakes born the same year share the
probability instead of both matching, and a look-alike that clearly belongs to another record stops
competing.

The m-probabilities (how often a true pair shows each level) start from the values in ``scoring.py`` and
are then learned from the lists: ``em_rounds`` rounds of expectation-maximisation, the scores standing
for the chance that each candidate pair is a match (``scoring.learn_m``).

Pairs scoring at least ``min_score`` are returned, best first per record of ``b``; ``match`` is the
decision at ``threshold``. A reviewer confirms or rejects them.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from truceline.errors import InvalidValue
from truceline.persons.blocking import BlockStats, Prepared, candidate_pairs, prepare
from truceline.persons.models import MatchCandidate, PersonList, PersonRecord
from truceline.persons.scoring import Scorer, combine, compare, learn_m

DEFAULT_THRESHOLD = 0.5
DEFAULT_MIN_SCORE = 0.05
# "b's partner is not on list A" weighs n_A (1 - p) / p, p the overlap estimated from the lists
NO_PARTNER_MIN = 4.0
EM_ROUNDS = 3
ASSIGNMENT_ROUNDS = 20
OVERLAP_ROUNDS = 5
OVERLAP_MIN, OVERLAP_MAX = 0.02, 0.98
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class MatchSettings:
    threshold: float = DEFAULT_THRESHOLD  # score from which a pair is a match
    min_score: float = DEFAULT_MIN_SCORE  # pairs scoring lower are not reported at all
    year_window: int = 2  # birth years further apart never become candidates
    max_block: int = 2000  # blocks with more records are skipped (and counted)
    explain: bool = True  # build the ``why`` of each pair (off for benchmarks)
    em_rounds: int = EM_ROUNDS  # rounds of learning the m-probabilities from the lists (0: those in the code)
    assignment_rounds: int = ASSIGNMENT_ROUNDS  # Sinkhorn rounds of the one-to-one scores (0: the smaller
    # of the two one-sided chances)

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


def match_records(a: Sequence[PersonRecord], b: Sequence[PersonRecord], *, settings: MatchSettings | None = None,
                  progress: Progress | None = None) -> MatchResult:
    """Candidate pairs between records ``a`` and ``b`` (see the module docstring)."""
    settings = settings or MatchSettings()
    pa = [prepare(r) for r in a]
    pb = [prepare(r) for r in b]
    scorer = Scorer(pa, pb)
    result = MatchResult()
    step = max(len(pb) // 200, 1)
    ia: array[int] = array("q")
    ib: array[int] = array("q")
    last_j = -1
    for i, j in candidate_pairs(pa, pb, year_window=settings.year_window, max_block=settings.max_block,
                                stats=result.stats):
        if progress is not None and j != last_j and j // step != last_j // step:
            progress(j, len(pb))
        last_j = j
        ia.append(i)
        ib.append(j)
    if progress is not None:
        progress(len(pb), len(pb))
    if not ia:
        return result
    ai, bj = np.frombuffer(ia, dtype=np.int64), np.frombuffer(ib, dtype=np.int64)
    comparison = compare(scorer.tf, pa, pb, ai, bj)
    for round_ in range(settings.em_rounds + 1):
        lik = np.exp2(np.clip(combine(scorer, comparison), -60.0, 60.0))
        sum_a = np.bincount(ai, weights=lik, minlength=len(pa))
        sum_b = np.bincount(bj, weights=lik, minlength=len(pb))
        k_b, k_a = no_partner_weights(lik, sum_a[ai], sum_b[bj], len(pa), len(pb))
        if settings.assignment_rounds:
            scores = one_to_one(lik, ai, bj, len(pa), len(pb), k_a=k_a, k_b=k_b,
                                rounds=settings.assignment_rounds)
        else:
            scores = np.minimum(lik / (sum_b[bj] + k_b), lik / (sum_a[ai] + k_a))
        if round_ < settings.em_rounds:
            learn_m(scorer, comparison, scores)
    keep = np.flatnonzero(scores >= settings.min_score)
    keep = keep[np.lexsort((ai[keep], -scores[keep], bj[keep]))]
    for n in keep:
        i, j, score = int(ai[n]), int(bj[n]), float(scores[n])
        why: list[str] = []
        if settings.explain:
            scorer.weight(pa[i], pb[j], why=why)
            why.extend(_competition(lik[n], sum_a[i], sum_b[j], pa[i], pb[j]))
        result.candidates.append(MatchCandidate(a=pa[i].record.id, b=pb[j].record.id, score=round(score, 4),
                                                match=score >= settings.threshold, why=tuple(why)))
    return result


def one_to_one(lik: np.ndarray, ai: np.ndarray, bj: np.ndarray, n_a: int, n_b: int, *, k_a: float, k_b: float,
               rounds: int) -> np.ndarray:
    """The chance of each pair when each person is on each list at most once: Sinkhorn scaling of the
    pairs' weights with a "no partner" slot on each side. With ``p`` the share of B's records that have a
    partner on A (``k_b = n_a (1 - p) / p``) and ``q`` the same for A, a pair's prior is ``p / n_a``; each
    round makes every B record's pairs and its "no partner" slot (``1 - p``) sum to one, then every A
    record's (slot ``1 - q``). A look-alike that clearly belongs to another record then stops competing for
    this one. The first half-round gives ``lik / (sum of lik + k_b)``, the one-sided chance."""
    p, q = n_a / (n_a + k_b), n_b / (n_b + k_a)
    weight = lik * (p / n_a)
    x: np.ndarray = np.ones(n_a)
    y: np.ndarray = np.ones(n_b)
    for _ in range(rounds):
        y = 1.0 / (np.bincount(bj, weights=weight * x[ai], minlength=n_b) + (1.0 - p))
        x = 1.0 / (np.bincount(ai, weights=weight * y[bj], minlength=n_a) + (1.0 - q))
    return np.asarray(weight * x[ai] * y[bj])


def no_partner_weights(lik: np.ndarray, sum_a: np.ndarray, sum_b: np.ndarray, n_a: int, n_b: int
                       ) -> tuple[float, float]:
    """How much "the partner is not on the other list" weighs, for a record of B (``k_b``) and of A (``k_a``).

    With ``p`` the share of B's records whose partner is on A, each of A's ``n_a`` records is a priori the
    partner of a given B record with chance ``p / n_a``, so the posterior of a pair is ``L / (sum of L over
    the B record's candidates + n_a (1 - p) / p)``. The overlap is not known beforehand: it is estimated
    from the lists themselves, starting from one half and taking the expected number of partners under the
    current posteriors, a few times over (likewise from A's side)."""
    p = q = 0.5
    k_b = k_a = 0.0
    for _ in range(OVERLAP_ROUNDS):
        k_b = max(NO_PARTNER_MIN, n_a * (1 - p) / p)
        k_a = max(NO_PARTNER_MIN, n_b * (1 - q) / q)
        p = float(np.clip((lik / (sum_b + k_b)).sum() / max(n_b, 1), OVERLAP_MIN, OVERLAP_MAX))
        q = float(np.clip((lik / (sum_a + k_a)).sum() / max(n_a, 1), OVERLAP_MIN, OVERLAP_MAX))
    return k_b, k_a


def _competition(lik: float, sum_a: float, sum_b: float, pa: Prepared, pb: Prepared) -> list[str]:
    out = []
    if sum_b - lik > 0.1 * lik:
        share = (sum_b - lik) / sum_b
        out.append(f"other records of the first list fit '{pb.record.id}' too ({share:.0%} of the weight)")
    if sum_a - lik > 0.1 * lik:
        share = (sum_a - lik) / sum_a
        out.append(f"other records of the second list fit '{pa.record.id}' too ({share:.0%} of the weight)")
    return out


def match_lists(a: PersonList, b: PersonList, *, settings: MatchSettings | None = None,
                progress: Progress | None = None) -> MatchResult:
    return match_records(a.records, b.records, settings=settings, progress=progress)
