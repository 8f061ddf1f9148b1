"""Scoring a candidate pair: a Fellegi–Sunter model with fixed m-probabilities and term frequencies.

Each field is compared at a level (agrees / similar / differs / missing). A level adds its weight
``log2(m / u)``: ``m`` is how often a true pair shows that level, ``u`` how often two different people do.
For an exact name agreement ``u`` is the share of records bearing that name skeleton in the two lists, so
"Mohammed" agreeing counts for little and a rare name for much. The sum, in bits, is a pair's evidence;
``matching.py`` turns the evidences of competing candidates into a score in [0, 1].

String similarity is rapidfuzz's Jaro–Winkler on the consonant skeletons (``names.py``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA, JaroWinkler

from truceline.persons.blocking import Prepared
from truceline.persons.names import NameKey

SIMILAR = 0.88  # Jaro–Winkler on skeletons from which two names count as similar
SAME_LETTERS = 0.9  # same skeleton: vowelled forms this close agree whatever their shape...
CLOSE_LETTERS = 0.83  # ...and this close are similar (Fatima / Fatmeh 0.84, Mohammed / Mahmoud 0.80)
FAMILY_LINE_CAP = 8.0  # bits the father's, grandfather's and family name may add when the given names differ
MAX_NAME_WEIGHT = 10.0
PRIOR_SHARE = 0.01  # how common a name is taken to be before the lists say otherwise
PRIOR_RECORDS = 1000
COMMON_SHARE = 0.02  # names at least this common are named as such in the reasons


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


# a true pair's names differ beyond "similar" only through a bad typo or a part in the wrong column
GIVEN = FieldModel("given name", 0.89, 0.10, 0.01, 0.06, 0.90)
FATHER = FieldModel("father's name", 0.89, 0.10, 0.01, 0.06, 0.90)
GRANDFATHER = FieldModel("grandfather's name", 0.87, 0.10, 0.03, 0.06, 0.90)
FAMILY = FieldModel("family name", 0.89, 0.10, 0.01, 0.06, 0.90)
# places are written loosely (a village or its district): similar counts for nothing, differing for little
ORIGIN = FieldModel("place of origin", 0.70, 0.10, 0.20, 0.10, 0.90)
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
        self.total = total

    def share(self, field: str, skeleton: str) -> float:
        """The share, smoothed towards ``PRIOR_SHARE`` as if ``PRIOR_RECORDS`` more records had been seen:
        small lists say little about how common a name is."""
        return (self.counts[field][skeleton] + PRIOR_SHARE * PRIOR_RECORDS) / (self.total + PRIOR_RECORDS)


VOWELLED = frozenset({"latin", "cyrillic"})
ARABIC_VOWEL_CLASS = {"a": "[ae]", "u": "[uow]", "i": "[iey]"}


VOWEL_RUN = re.compile("[aeiouy]+")


@lru_cache(maxsize=100_000)
def _shape(form: str) -> tuple[str, tuple[frozenset[str], ...]]:
    """Consonants with each run of vowels as V, and what each run may stand for: a (fatha, alif),
    u (damma, waw), i (kasra, ya); "e" may be a or i, "o" is u. "mohamed" -> ("mVhVmVd", ({u}, {a}, {a, i}))."""
    head = form[:1] if form[:1] in ("y", "w") else ""  # an initial y or w is a consonant
    body = form[len(head):]
    runs: list[frozenset[str]] = []
    for run in VOWEL_RUN.findall(body):
        cls = set()
        for ch in run:
            cls |= {"a": {"a"}, "u": {"u"}, "o": {"u"}, "i": {"i"}, "y": {"i"}, "e": {"a", "i"}}[ch]
        runs.append(frozenset(cls))
    return head + VOWEL_RUN.sub("V", body), tuple(runs)


def _same_shape(x: str, y: str) -> bool:
    (cx, vx), (cy, vy) = _shape(x), _shape(y)
    return cx == cy and all(a & b for a, b in zip(vx, vy, strict=True))


@lru_cache(maxsize=100_000)
def _long_vowels_fit(arabic_form: str, latin_form: str) -> bool:
    """Whether the long vowels Arabic writes (ا و ي) appear in the Latin rendering in the same places:
    محمود (mhmud) fits "Mahmoud" but not "Mohammed", although both have the skeleton mhmd."""
    form = arabic_form[:-1] if len(arabic_form) > 3 and arabic_form.endswith("h") else arabic_form
    parts = []
    for k, ch in enumerate(form):
        if ch in ARABIC_VOWEL_CLASS:
            optional = k == 0 or k == len(form) - 1  # a hamza carrier, or a final alif maqsura
            parts.append(ARABIC_VOWEL_CLASS[ch] + ("?" if optional else ""))
        else:
            parts.append(re.escape(ch))
    return re.search(".*".join(parts), latin_form) is not None


def _level(x: NameKey, y: NameKey) -> tuple[str, float]:
    """Compare two name parts: ("agree"|"similar"|"differ", similarity)."""
    if x.skeleton == y.skeleton:
        if x.form == y.form:
            return "agree", 1.0
        if x.script == "arabic" and y.script == "arabic":
            return "differ", 0.9  # same skeleton, other long vowels: حسن / حسين are two names
        if x.script in VOWELLED and y.script in VOWELLED:
            # same syllable shape (Mohammed / Muhamad) or nearly the same letters (Fatma / Fatima) agree;
            # Mohammed / Mahmoud and Hassan / Hussein do not
            sim = JaroWinkler.normalized_similarity(x.form, y.form)
            # Mohammed / Mahmoud and Hassan / Hussein share a skeleton but not a shape (two names); Fatima /
            # Fatmeh do not share a shape either, but their letters stay close (one name)
            if _same_shape(x.form, y.form) or sim >= SAME_LETTERS:
                return "agree", 1.0
            return ("similar" if sim >= CLOSE_LETTERS else "differ"), sim
        ar, lat = (x, y) if x.script == "arabic" else (y, x)
        if ar.script == "arabic" and lat.script in VOWELLED and not _long_vowels_fit(ar.form, lat.form):
            return "differ", 0.9
        return "agree", 1.0
    # a typo: one edit (a transposition counts as one) in a skeleton of four letters or more, or in the
    # vowelled forms, with the strings still close overall
    sim = JaroWinkler.normalized_similarity(x.skeleton, y.skeleton)
    edits = OSA.distance(x.skeleton, y.skeleton) if min(len(x.skeleton), len(y.skeleton)) >= 4 else 9
    if x.script in VOWELLED and y.script in VOWELLED:
        sim = max(sim, JaroWinkler.normalized_similarity(x.form, y.form))
        edits = min(edits, OSA.distance(x.form, y.form) if min(len(x.form), len(y.form)) >= 4 else 9)
    return ("similar" if edits <= 1 and sim >= SIMILAR else "differ"), sim


def _show(x: NameKey, y: NameKey) -> str:
    return f"'{x.text}' ~ '{y.text}'" if x.text != y.text else f"'{x.text}'"


class Scorer:
    """Field-by-field evidence for a pair: the sum of the level weights, in bits (log2 of the likelihood
    ratio), and its explanation."""

    def __init__(self, a: Sequence[Prepared], b: Sequence[Prepared]) -> None:
        self.tf = TermFrequencies(a, b)
        self.models = (("given", GIVEN), ("father", FATHER), ("grandfather", GRANDFATHER), ("family", FAMILY),
                       ("origin", ORIGIN))
        self.level_weights = {f: m.weights() for f, m in self.models}

    def weight(self, pa: Prepared, pb: Prepared, *, why: list[str] | None = None) -> float:
        """The evidence that ``pa`` and ``pb`` are one person; appends the reasons to ``why`` when given."""
        total = 0.0
        line = 0.0  # evidence from the family line: father's, grandfather's and family name
        given_differs = False
        for f, model in self.models:
            x, y = getattr(pa, f), getattr(pb, f)
            if not x or not y:
                if why is not None and (x or y) and f != "origin":
                    why.append(f"{model.label} given on one side only")
                continue
            level, sim = _level(x, y)
            if level == "differ" and f == "father" and _shifted(pa, pb):
                if why is not None:
                    why.append(f"father's and grandfather's names shifted: '{x.text}' vs '{y.text}'")
                continue
            if level == "differ" and f == "given":
                given_differs = True
            if level == "agree":
                share = self.tf.share(f, x.skeleton)
                w = min(math.log2(model.m_agree / share), MAX_NAME_WEIGHT)
                if f in ("father", "grandfather", "family"):
                    line += w
                else:
                    total += w
                if why is not None:
                    common = f", shared by {share:.0%} of records" if share >= COMMON_SHARE else ""
                    why.append(f"{model.label} agrees: {_show(x, y)} (key {x.skeleton}{common})")
            elif level == "similar":
                total += self.level_weights[f][0]
                if why is not None:
                    why.append(f"{model.label} similar: {_show(x, y)} (similarity {sim:.2f})")
            else:
                total += self.level_weights[f][1]
                if why is not None:
                    why.append(f"{model.label} differs: '{x.text}' vs '{y.text}'")
        if given_differs and line > FAMILY_LINE_CAP:
            # the same family line under another given name is how brothers look: it counts as one clue
            line = FAMILY_LINE_CAP
            if why is not None:
                why.append("same family line under another given name (a brother?)")
        return total + line + _year(pa.year, pb.year, why)


def _shifted(pa: Prepared, pb: Prepared) -> bool:
    """One side left the father's name out and its grandfather's name sits in the father's place."""
    return bool((not pa.grandfather and pa.father and pb.grandfather
                 and _level(pa.father, pb.grandfather)[0] == "agree")
                or (not pb.grandfather and pb.father and pa.grandfather
                    and _level(pb.father, pa.grandfather)[0] == "agree"))


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
