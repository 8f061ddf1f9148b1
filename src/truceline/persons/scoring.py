"""Scoring a candidate pair: a Fellegi–Sunter model with fixed m-probabilities and term frequencies.

Each field is compared at a level (agrees / similar / differs / missing). A level adds its weight
``log2(m / u)``: ``m`` is how often a true pair shows that level, ``u`` how often two different people do.
For an exact name agreement ``u`` is the share of records bearing that name skeleton in the two lists, so
"Mohammed" agreeing counts for little and a rare name for much. The prior is ``1 / len(second list)``
(one true partner among all records); the score is the posterior probability, in [0, 1].

String similarity is rapidfuzz's Jaro–Winkler on the consonant skeletons (``names.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import JaroWinkler

from truceline.persons.blocking import Prepared
from truceline.persons.names import NameKey

SIMILAR = 0.88  # Jaro–Winkler on skeletons from which two names count as similar
SAME_FORM = 0.75  # same skeleton, same script: vowelled forms at least this close, else only similar
MAX_NAME_WEIGHT = 10.0


@dataclass(frozen=True, slots=True)
class FieldModel:
    """m and u per level; ``u_agree`` is used only when the term frequency is unknown."""

    label: str
    m_agree: float
    m_similar: float
    m_differ: float
    u_similar: float
    u_differ: float

    def weights(self) -> tuple[float, float]:
        return math.log2(self.m_similar / self.u_similar), math.log2(self.m_differ / self.u_differ)


GIVEN = FieldModel("given name", 0.85, 0.12, 0.03, 0.04, 0.90)
FATHER = FieldModel("father's name", 0.80, 0.12, 0.08, 0.04, 0.90)
GRANDFATHER = FieldModel("grandfather's name", 0.75, 0.12, 0.13, 0.04, 0.90)
FAMILY = FieldModel("family name", 0.80, 0.12, 0.08, 0.04, 0.90)
ORIGIN = FieldModel("place of origin", 0.70, 0.10, 0.20, 0.05, 0.90)
# birth years: m and u by absolute difference 0, 1, 2, more (u from a spread of about 50 years)
YEAR_M = (0.80, 0.14, 0.03, 0.03)
YEAR_U = (0.02, 0.04, 0.04, 0.90)


class TermFrequencies:
    """Share of records bearing each skeleton, per field, over both lists."""

    def __init__(self, *lists: Sequence[Prepared]) -> None:
        self.counts: dict[str, Counter[str]] = {f: Counter() for f in ("given", "father", "grandfather", "family",
                                                                       "origin")}
        total = 0
        for prepared in lists:
            total += len(prepared)
            for p in prepared:
                for f, c in self.counts.items():
                    key: NameKey = getattr(p, f)
                    if key.skeleton:
                        c[key.skeleton] += 1
        self.total = max(total, 1)
        self.floor = 1.0 / max(self.total, 10_000)

    def share(self, field: str, skeleton: str) -> float:
        return max(self.counts[field][skeleton] / self.total, self.floor)


def _level(x: NameKey, y: NameKey) -> tuple[str, float]:
    """Compare two name parts: ("agree"|"similar"|"differ", similarity)."""
    if x.skeleton == y.skeleton:
        if x.script == y.script and x.form != y.form:
            sim = JaroWinkler.normalized_similarity(x.form, y.form)
            if sim < SAME_FORM:
                return "similar", sim
        return "agree", 1.0
    sim = JaroWinkler.normalized_similarity(x.skeleton, y.skeleton)
    if x.script == y.script and x.script != "arabic":
        sim = max(sim, JaroWinkler.normalized_similarity(x.form, y.form))
    return ("similar" if sim >= SIMILAR else "differ"), sim


def _show(x: NameKey, y: NameKey) -> str:
    return f"'{x.text}' ~ '{y.text}'" if x.text != y.text else f"'{x.text}'"


class Scorer:
    def __init__(self, a: Sequence[Prepared], b: Sequence[Prepared]) -> None:
        self.tf = TermFrequencies(a, b)
        self.prior = -math.log2(max(len(b), 1))
        self.models = (("given", GIVEN), ("father", FATHER), ("grandfather", GRANDFATHER), ("family", FAMILY),
                       ("origin", ORIGIN))
        self.level_weights = {f: m.weights() for f, m in self.models}

    def score(self, pa: Prepared, pb: Prepared, *, explain: bool = True) -> tuple[float, list[str]]:
        """The match probability of the pair and, when ``explain``, what agreed and what differed."""
        total = self.prior
        why: list[str] = []
        for f, model in self.models:
            x, y = getattr(pa, f), getattr(pb, f)
            if not x or not y:
                if explain and (x or y) and f != "origin":
                    why.append(f"{model.label} given on one side only")
                continue
            level, sim = _level(x, y)
            if level == "agree":
                share = self.tf.share(f, x.skeleton)
                w = min(math.log2(model.m_agree / share), MAX_NAME_WEIGHT)
                total += w
                if explain:
                    common = f", shared by {share:.0%} of records" if share >= 0.01 else ""
                    why.append(f"{model.label} agrees: {_show(x, y)} (key {x.skeleton}{common})")
            elif level == "similar":
                total += self.level_weights[f][0]
                if explain:
                    why.append(f"{model.label} similar: {_show(x, y)} (similarity {sim:.2f})")
            else:
                total += self.level_weights[f][1]
                if explain:
                    why.append(f"{model.label} differs: '{x.text}' vs '{y.text}'")
        total += self._year(pa.year, pb.year, why if explain else None)
        score = 1.0 / (1.0 + 2.0 ** (-total)) if total > -60 else 0.0
        return score, why

    @staticmethod
    def _year(ya: int | None, yb: int | None, why: list[str] | None) -> float:
        if ya is None or yb is None:
            if why is not None and (ya is not None or yb is not None):
                why.append("birth year given on one side only")
            return 0.0
        d = abs(ya - yb)
        level = min(d, 3)
        if why is not None:
            why.append(f"birth year agrees ({ya})" if d == 0 else f"birth year differs by {d} ({ya} vs {yb})")
        return math.log2(YEAR_M[level] / YEAR_U[level])
