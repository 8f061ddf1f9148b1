"""Scoring a candidate pair: a Fellegi–Sunter model with term frequencies, u measured and m learned.

Each field is compared at a level (agrees / similar / near / differs / missing). A level adds its weight
``log2(m / u)``: ``m`` is how often a true pair shows that level, ``u`` how often two different people do.
For an exact name agreement ``u`` is the share of records in the two lists whose name would agree with it
(``TermFrequencies``), so "Mohammed" agreeing counts for little and a rare name for much; for the other
levels ``u`` is measured on random pairs of the two lists (``measure_u``). ``m`` starts from the values
below and is learned from the candidate pairs by EM (``learn_m``, driven by ``matching.py``). The sum, in
bits, is a pair's evidence; ``matching.py`` turns the evidences of competing candidates into a score in
[0, 1].

``compare`` compares every candidate pair once (each distinct pair of name parts once: lists repeat
names thousands of times) and ``combine`` turns the comparison into weights with the current m and u.
String similarity is rapidfuzz's Jaro–Winkler and optimal string alignment on the consonant skeletons
(``names.py``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz.distance import OSA, JaroWinkler

from truceline.persons.blocking import Prepared
from truceline.persons.names import AIN, FIRST_READING, HAMZA_SEAT, READINGS, NameKey, _latin_fold, letters_fit
from truceline.persons.names import EMPTY as EMPTY_KEY
from truceline.persons.places import place_label

SIMILAR = 0.88  # Jaro–Winkler on skeletons from which two names count as similar
SAME_LETTERS = 0.9  # same skeleton: vowelled forms this close agree whatever their shape...
CLOSE_LETTERS = 0.83  # ...and this close are similar (Fatima / Fatmeh 0.84, Mohammed / Mahmoud 0.80)
# bits the father's, grandfather's and family name and the place of origin may add together when the given
# names differ: brothers share all four, so against "a relative" they say little; the given name and the
# birth year must decide
FAMILY_LINE_CAP = 3.0
MAX_NAME_WEIGHT = 10.0
PRIOR_SHARE = 0.01  # how common a name is taken to be before the lists say otherwise
PRIOR_RECORDS = 1000
COMMON_SHARE = 0.02  # names at least this common are named as such in the reasons


@dataclass(frozen=True, slots=True)
class FieldModel:
    """How often a true pair shows each level (m); how often two different people do (u) is measured on
    the lists themselves (``Scorer``), by term frequency for an exact agreement."""

    label: str
    m_agree: float
    m_similar: float
    m_near: float
    m_differ: float


# a true pair's names differ beyond "similar" or "near" only through a bad typo or a part in the wrong column
GIVEN = FieldModel("given name", 0.89, 0.05, 0.04, 0.02)
FATHER = FieldModel("father's name", 0.89, 0.05, 0.04, 0.02)
GRANDFATHER = FieldModel("grandfather's name", 0.87, 0.05, 0.04, 0.04)
FAMILY = FieldModel("family name", 0.89, 0.05, 0.04, 0.02)
# places are written loosely (a village or its district): differing counts for little
ORIGIN = FieldModel("place of origin", 0.70, 0.05, 0.05, 0.20)
LEVELS = ("agree", "similar", "near", "differ")
# birth years: m by absolute difference 0, 1, 2, more; u is measured on the lists
YEAR_M = (0.80, 0.14, 0.03, 0.03)
U_SAMPLE = 20_000  # random pairs (almost all of two different people) from which u is measured
U_PRIOR = {"agree": 0.02, "similar": 0.02, "near": 0.06, "differ": 0.90}
YEAR_U_PRIOR = (0.02, 0.04, 0.04, 0.90)
U_PRIOR_WEIGHT = 50.0  # pseudo-pairs: small lists lean on the prior
M_PRIOR_WEIGHT = 200.0  # pseudo-matches behind the m set in the code, when m is learned (``learn_m``)
M_FLOOR = 0.005


class TermFrequencies:
    """How common each name is, per field, over both lists: for an exact agreement on a name, ``u`` is the
    share of records whose name in that field would agree with it too (``agree_share``). Counting by
    skeleton alone would lump Ali with Alaa (both ``l``) and Omar with Amer (``mr``), and make a rare name
    weigh as little as the common one it shares letters with."""

    def __init__(self, *lists: Sequence[Prepared]) -> None:
        # per field: each distinct name part (``_canon``: its first-seen key stands for it) and its count
        self.keys: dict[str, dict[Canon, NameKey]] = {f: {} for f in FIELDS}
        self.counts: dict[str, Counter[Canon]] = {f: Counter() for f in FIELDS}
        self.place_counts: Counter[str] = Counter()
        total = 0
        for prepared in lists:
            total += len(prepared)
            for p in prepared:
                for f in FIELDS:
                    key: NameKey = getattr(p, f)
                    if key:
                        canon = _canon(key)
                        self.keys[f].setdefault(canon, key)
                        self.counts[f][canon] += 1
                    if f == "origin":
                        self.place_counts.update(key.places)
        self.total = total
        # the distinct parts of each field under every reading of their skeleton: only those can agree
        self.readings: dict[str, dict[str, list[Canon]]] = {f: {} for f in FIELDS}
        for f, keys in self.keys.items():
            for canon, key in keys.items():
                for reading in key.alts | {key.skeleton}:
                    self.readings[f].setdefault(reading, []).append(canon)
        self._mass: dict[tuple[str, Canon], int] = {}

    def _smooth(self, count: float) -> float:
        """A share smoothed towards ``PRIOR_SHARE`` as if ``PRIOR_RECORDS`` more records had been seen:
        small lists say little about how common a name is."""
        return (count + PRIOR_SHARE * PRIOR_RECORDS) / (self.total + PRIOR_RECORDS)

    def mass(self, field: str, key: NameKey) -> int:
        """How many records bear, in ``field``, a name that agrees with ``key`` (``key`` itself included)."""
        canon = _canon(key)
        found = self._mass.get((field, canon))
        if found is None:
            seen: set[Canon] = set()
            found = 0
            for reading in key.alts | {key.skeleton}:
                for other in self.readings[field].get(reading, ()):
                    if other not in seen:
                        seen.add(other)
                        if other == canon or _level(key, self.keys[field][other])[0] == "agree":
                            found += self.counts[field][other]
            self._mass[field, canon] = found
        return found

    def agree_share(self, field: str, x: NameKey, y: NameKey) -> float:
        """``u`` of an exact agreement between ``x`` and ``y``: the share of records bearing a name that
        agrees with them (the mean of the two sides), or, for two places the gazetteer knows as one, the
        share of records naming that place."""
        common = x.places & y.places
        if common:
            return self._smooth(self.place_counts[min(common)])
        return self._smooth((self.mass(field, x) + self.mass(field, y)) / 2)


Canon = tuple[str, str, str, frozenset[str], frozenset[str]]


def _canon(key: NameKey) -> Canon:
    """What comparing a name part depends on, not its raw text: محمد with or without diacritics is one."""
    return key.script, key.skeleton, key.form, key.alts, key.places


FIELDS = ("given", "father", "grandfather", "family", "origin")
LINE_FIELDS = ("father", "grandfather", "family", "origin")  # what brothers share (``FAMILY_LINE_CAP``)

VOWELLED = frozenset({"latin", "cyrillic"})
ARABIC_VOWEL_CLASS = {"a": "[ae]", "u": "[uow]", "i": "[iey]"}


VOWEL_RUN = re.compile("[aeiouy]+")


@lru_cache(maxsize=100_000)
def _shape(form: str) -> tuple[str, tuple[frozenset[str], ...], tuple[bool, ...]]:
    """Consonants with each run of vowels as V, what each run may stand for: a (fatha, alif), u (damma,
    waw), i (kasra, ya); "e" may be a or i, "o" is u; and whether each run is one letter closed by two
    consonants. "mohamed" -> ("mVhVmVd", ({u}, {a}, {a, i}), (False, False, False)). A final h after a
    vowel is dropped as the skeleton drops it (Mullah / Molla, Hamzah / Hamza)."""
    if len(form) >= 3 and form[-1] == "h" and form[-2] in "aeiouy":
        form = form[:-1]
    head = form[:1] if form[:1] in ("y", "w") else ""  # an initial y or w is a consonant
    body = form[len(head):]
    runs: list[frozenset[str]] = []
    closed: list[bool] = []
    for match in VOWEL_RUN.finditer(body):
        cls = set()
        for ch in match.group():
            cls |= {"a": {"a"}, "u": {"u"}, "o": {"u"}, "i": {"i"}, "y": {"i"}, "e": {"a", "i"}}[ch]
        runs.append(frozenset(cls))
        after = body[match.end():match.end() + 2]
        closed.append(len(match.group()) == 1 and len(after) == 2 and not VOWEL_RUN.search(after))
    return head + VOWEL_RUN.sub("V", body), tuple(runs), tuple(closed)


def _same_shape(x: str, y: str) -> bool:
    """The same consonants and vowel runs that may stand for the same vowels. A one-letter vowel closed
    by two consonants (Homsi / Himsi, Masri / Misri, Jundi / Gindi) is a short vowel, which Arabic does not
    write and renderings give as they hear it: any two such vowels fit."""
    (cx, vx, kx), (cy, vy, ky) = _shape(x), _shape(y)
    return (len(cx) == len(cy) and all(letters_fit(a, b) for a, b in zip(cx, cy, strict=True))
            and len(vx) == len(vy)
            and all(a & b or (ca and cb) for a, b, ca, cb in zip(vx, vy, kx, ky, strict=True)))


# an article written into the name and assimilated to a sun letter: Assaraf (as-Sarraf), Ezzein (az-Zein)
GLUED_ARTICLE = re.compile(r"^[ae](sh|[tdrzsn])\1")


def _glued_article_fits(x: NameKey, y: NameKey) -> bool:
    """One side wrote an assimilated article into the name (Assaraf) and the other did not (al-Sarraf,
    Sarraf): the two fit once the article's vowel is set aside."""
    for u, v in ((x, y), (y, x)):
        if (GLUED_ARTICLE.match(_latin_fold(u.text)) and u.form[:1] in "ae" and v.form[:1] not in "aeiou"
                and _same_shape(u.form[1:], v.form)):
            return True
    return False


def _plain(form: str) -> str:
    return form.translate(FIRST_READING)


def _letter_class(ch: str) -> str:
    """A regex class of the letters a (possibly marked) letter of an Arabic form fits."""
    options = {ch} | set(READINGS.get(ch, ()))
    options |= {m for m, readings in READINGS.items() if options & readings}
    return "[" + re.escape("".join(sorted(options))) + "]"


LATIN_LONG = re.compile("ou|oo|uu|ee|ii|aa")


@lru_cache(maxsize=100_000)
def _long_vowels_fit(arabic_form: str, latin_form: str, latin_text: str = "") -> bool:
    """Whether the long vowels Arabic writes (ا و ي) appear in the Latin rendering in the same places, and
    the Latin rendering writes no more long vowels (ou, oo, ee...) than the Arabic has: محمود (mhmud)
    fits "Mahmoud" but not "Mohammed", and محمد fits "Mohammed" but not "Mahmoud", although all have the
    skeleton mhmd."""
    form = arabic_form[:-1] if len(arabic_form) >= 3 and arabic_form.endswith("h") else arabic_form
    parts = []
    for k, ch in enumerate(form):
        if ch == HAMZA_SEAT:
            parts.append("[aeiou]?")  # an alif opening a word: any short vowel, or none written
        elif ch == AIN:
            continue  # nothing, an apostrophe (dropped) or a vowel: As'ad, Asaad
        elif ch in ARABIC_VOWEL_CLASS:
            optional = k == 0 or k == len(form) - 1  # a hamza carrier, or a final alif maqsura
            parts.append(ARABIC_VOWEL_CLASS[ch] + ("?" if optional else ""))
        else:
            parts.append(_letter_class(ch))
    if re.search(".*".join(parts), latin_form) is None:
        return False
    # ع is often written as a doubled vowel (Asaad for الأسعد): each may stand for one more long vowel
    inner_long = sum(1 for ch in form[1:] if ch in ARABIC_VOWEL_CLASS) + form.count(AIN)
    return len(LATIN_LONG.findall(_latin_fold(latin_text))) <= inner_long


@lru_cache(maxsize=200_000)
def _level(x: NameKey, y: NameKey) -> tuple[str, float]:
    """Compare two name parts: ("agree"|"similar"|"near"|"differ", similarity). Two places the gazetteer
    knows as one (حلب / Aleppo / Халеб) agree."""
    if x.places & y.places:
        return "agree", 1.0
    if x.skeleton == y.skeleton or x.alts & y.alts:
        if x.form == y.form:
            return "agree", 1.0
        if x.script == "arabic" and y.script == "arabic":
            return "differ", 0.9  # same skeleton, other long vowels: حسن / حسين are two names
        if x.script in VOWELLED and y.script in VOWELLED:
            # same syllable shape (Mohammed / Muhamad) or nearly the same letters (Fatma / Fatima) agree;
            # Mohammed / Mahmoud and Hassan / Hussein do not
            sim = JaroWinkler.normalized_similarity(_plain(x.form), _plain(y.form))
            # Mohammed / Mahmoud and Hassan / Hussein share a skeleton but not a shape (two names); Fatima /
            # Fatmeh do not share a shape either, but their letters stay close (one name)
            if _same_shape(x.form, y.form) or sim >= SAME_LETTERS or _glued_article_fits(x, y):
                return "agree", 1.0
            return ("similar" if sim >= CLOSE_LETTERS else "differ"), sim
        ar, lat = (x, y) if x.script == "arabic" else (y, x)
        if ar.script == "arabic" and lat.script in VOWELLED and not _long_vowels_fit(ar.form, lat.form, lat.text):
            return "differ", 0.9
        return "agree", 1.0
    # a typo: one edit (a transposition counts as one) in a skeleton of four letters or more, or in the
    # vowelled forms, with the strings still close overall
    sim = JaroWinkler.normalized_similarity(x.skeleton, y.skeleton)
    edits = OSA.distance(x.skeleton, y.skeleton) if min(len(x.skeleton), len(y.skeleton)) >= 4 else 9
    if x.script in VOWELLED and y.script in VOWELLED:
        fx, fy = _plain(x.form), _plain(y.form)
        sim = max(sim, JaroWinkler.normalized_similarity(fx, fy))
        edits = min(edits, OSA.distance(fx, fy) if min(len(fx), len(fy)) >= 4 else 9)
    if edits <= 1 and sim >= SIMILAR:
        return "similar", sim
    # one edit in a short skeleton, or across scripts (صحي / صبحي, Chammari / Chammaoi): "near", which
    # random pairs of names show often enough that it weighs little either way
    if min(len(x.skeleton), len(y.skeleton)) >= 2 and OSA.distance(x.skeleton, y.skeleton) <= 1:
        return "near", sim
    return "differ", sim


def _agreed(x: NameKey, y: NameKey) -> str:
    """The skeleton two agreeing parts share: the same first reading, else a reading of both; for two
    places the gazetteer knows as one, that place's id."""
    if x.places & y.places:
        return min(x.places & y.places)
    if x.skeleton == y.skeleton:
        return x.skeleton
    common = x.alts & y.alts
    for skeleton in (x.skeleton, y.skeleton):
        if skeleton in common:
            return skeleton
    return min(common) if common else x.skeleton


def _show(x: NameKey, y: NameKey) -> str:
    return f"'{x.text}' ~ '{y.text}'" if x.text != y.text else f"'{x.text}'"


class Scorer:
    """Field-by-field evidence for a pair: the sum of the level weights, in bits (log2 of the likelihood
    ratio), and its explanation."""

    def __init__(self, a: Sequence[Prepared], b: Sequence[Prepared]) -> None:
        self.tf = TermFrequencies(a, b)
        self.models = (("given", GIVEN), ("father", FATHER), ("grandfather", GRANDFATHER), ("family", FAMILY),
                       ("origin", ORIGIN))
        self.u, self.year_u = measure_u(a, b)
        self.set_m({f: {level: getattr(model, f"m_{level}") for level in LEVELS} for f, model in self.models},
                   YEAR_M)

    def set_m(self, m: dict[str, dict[str, float]], year_m: Sequence[float]) -> None:
        """Use these m-probabilities (per field and level, and per birth-year difference)."""
        self.m = m
        self.year_m = tuple(year_m)
        self.level_weights = {f: {level: math.log2(m[f][level] / self.u[f][level]) for level in LEVELS[1:]}
                              for f, _ in self.models}
        self.year_weights = tuple(math.log2(mv / uv) for mv, uv in zip(self.year_m, self.year_u, strict=True))

    def agree_weight(self, field: str, share: float) -> float:
        """The bits of an exact agreement on a name borne by this share of records (term frequency)."""
        return min(math.log2(self.m[field]["agree"] / share), MAX_NAME_WEIGHT)

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
                share = self.tf.agree_share(f, x, y)
                w = self.agree_weight(f, share)
                if f in LINE_FIELDS:
                    line += w
                else:
                    total += w
                if why is not None:
                    common = f", shared by {share:.0%} of records" if share >= COMMON_SHARE else ""
                    key = (f"one place: {place_label(x.places & y.places)}" if x.places & y.places
                           else f"key {_agreed(x, y)}")
                    why.append(f"{model.label} agrees: {_show(x, y)} ({key}{common})")
            elif level in ("similar", "near"):
                total += self.level_weights[f][level]
                if why is not None:
                    why.append(f"{model.label} {level}: {_show(x, y)} (similarity {sim:.2f})")
            else:
                total += self.level_weights[f]["differ"]
                if why is not None:
                    why.append(f"{model.label} differs: '{x.text}' vs '{y.text}'")
        cross = _crossed(pa, pb)
        if cross is not None:
            # one side wrote the grandfather's name in its column and left the father's out; the other gave
            # three names, so that name sits in the father's place: the two agree
            w = self.agree_weight("grandfather", self.tf.agree_share("grandfather", *cross))
            line += w
            if why is not None:
                why.append(f"grandfather's name agrees with the father's name of the shorter form: {_show(*cross)}")
        if given_differs and line > FAMILY_LINE_CAP:
            # the same family line under another given name is how brothers look: it counts as one clue
            line = FAMILY_LINE_CAP
            if why is not None:
                why.append("same family line under another given name (a brother?)")
        return total + line + _year(pa.year, pb.year, why, self.year_weights)


class _Interned:
    """Distinct name parts numbered (0 is "missing"), by what comparing them depends on (not the raw text:
    محمد with or without diacritics is one part)."""

    def __init__(self) -> None:
        self.ids: dict[Canon, int] = {}
        self.keys: list[NameKey] = [EMPTY_KEY]

    def id(self, key: NameKey) -> int:
        if not key:
            return 0
        canon = _canon(key)
        found = self.ids.get(canon)
        if found is None:
            found = self.ids[canon] = len(self.keys)
            self.keys.append(key)
        return found


@dataclass
class Comparison:
    """The comparison of every candidate pair, field by field, kept apart from the weights so that the
    weights can be learned (``matching.py``) and applied again without comparing names again.

    ``levels[f]`` is 0 (a side missing), 1 agree, 2 similar, 3 near, 4 differ; ``agreements[f]`` for each
    agreeing pair an index into ``shares``, how common the agreed name is (``TermFrequencies.agree_share``);
    ``shifted`` the pairs whose father's names differ only because a line is shifted, ``crossed`` the same
    index for a grandfather's name alone agreeing with a father's name alone (0: none), ``year_diff`` 0-3
    (3: more) or -1 when a year is missing."""

    levels: dict[str, np.ndarray]
    agreements: dict[str, np.ndarray]  # index into ``shares`` (0: not an agreement)
    shifted: np.ndarray
    crossed: np.ndarray  # index into ``shares`` (0: none)
    year_diff: np.ndarray
    shares: list[float]


def compare(tf: TermFrequencies, a: Sequence[Prepared], b: Sequence[Prepared], ia: np.ndarray,
            ib: np.ndarray) -> Comparison:
    """Compare every pair (ia[k], ib[k]), each distinct pair of name parts once (lists repeat names)."""
    interned = _Interned()
    ids_a = {f: np.fromiter((interned.id(getattr(p, f)) for p in a), dtype=np.int64, count=len(a)) for f in FIELDS}
    ids_b = {f: np.fromiter((interned.id(getattr(p, f)) for p in b), dtype=np.int64, count=len(b)) for f in FIELDS}
    keys, size = interned.keys, len(interned.keys)
    level_of: dict[int, int] = {}

    def level(code: int) -> int:
        found = level_of.get(code)
        if found is None:
            i, j = divmod(code, size)
            found = level_of[code] = 0 if i == 0 or j == 0 else LEVELS.index(_level(keys[i], keys[j])[0]) + 1
        return found

    shares: list[float] = [1.0]

    def share_id(field: str, x: NameKey, y: NameKey) -> int:
        shares.append(tf.agree_share(field, x, y))
        return len(shares) - 1

    levels, agreements = {}, {}
    for f in FIELDS:
        codes = ids_a[f][ia] * size + ids_b[f][ib]
        unique, inverse = np.unique(codes, return_inverse=True)
        unique_levels = np.fromiter((level(int(c)) for c in unique), dtype=np.int8, count=len(unique))
        unique_agreements = np.fromiter(
            (0 if lv != 1 else share_id(f, keys[int(c) // size], keys[int(c) % size])
             for c, lv in zip(unique, unique_levels, strict=True)), dtype=np.int64, count=len(unique))
        levels[f], agreements[f] = unique_levels[inverse], unique_agreements[inverse]
    shifted = np.zeros(len(ia), dtype=bool)
    for k in np.flatnonzero(levels["father"] == 4):
        shifted[k] = _shifted(a[ia[k]], b[ib[k]])
    crossed = np.zeros(len(ia), dtype=np.int64)
    gf_only_a = (ids_a["grandfather"] > 0) & (ids_a["father"] == 0)
    gf_only_b = (ids_b["grandfather"] > 0) & (ids_b["father"] == 0)
    f_only_a = (ids_a["father"] > 0) & (ids_a["grandfather"] == 0)
    f_only_b = (ids_b["father"] > 0) & (ids_b["grandfather"] == 0)
    for k in np.flatnonzero((gf_only_a[ia] & f_only_b[ib]) | (f_only_a[ia] & gf_only_b[ib])):
        cross = _crossed(a[ia[k]], b[ib[k]])
        if cross is not None:
            crossed[k] = share_id("grandfather", *cross)
    ya = np.array([np.nan if p.year is None else p.year for p in a])[ia]
    yb = np.array([np.nan if p.year is None else p.year for p in b])[ib]
    known = ~(np.isnan(ya) | np.isnan(yb))
    year_diff = np.where(known, np.minimum(np.abs(np.where(known, ya - yb, 0.0)), 3), -1).astype(np.int8)
    return Comparison(levels, agreements, shifted, crossed, year_diff, shares)


def _tf_weights(scorer: Scorer, field: str, ids: np.ndarray, shares: list[float]) -> np.ndarray:
    """The agreement weight of each index into ``shares`` (0: none) for ``field``."""
    table = np.minimum(np.log2(scorer.m[field]["agree"] / np.asarray(shares)), MAX_NAME_WEIGHT)
    table[0] = 0.0
    return np.asarray(table[ids])


def combine(scorer: Scorer, c: Comparison) -> np.ndarray:
    """The evidence of every compared pair, in bits, with the scorer's current m and u: the same figures
    as ``Scorer.weight`` pair by pair."""
    n_pairs = len(c.shifted)
    total, line = np.zeros(n_pairs), np.zeros(n_pairs)
    for f, _ in scorer.models:
        lv = c.levels[f]
        other = np.zeros(5)
        for n, name in enumerate(LEVELS[1:], start=2):
            other[n] = scorer.level_weights[f][name]
        w_agree = np.where(lv == 1, _tf_weights(scorer, f, c.agreements[f], c.shares), 0.0)
        w_other = other[lv]
        if f == "father":
            w_other = np.where(c.shifted, 0.0, w_other)
        if f in LINE_FIELDS:
            line += w_agree
            total += w_other
        else:
            total += w_agree + w_other
    line += np.where(c.crossed > 0, _tf_weights(scorer, "grandfather", c.crossed, c.shares), 0.0)
    line = np.where((c.levels["given"] == 4) & (line > FAMILY_LINE_CAP), FAMILY_LINE_CAP, line)
    years = np.where(c.year_diff >= 0, np.asarray(scorer.year_weights)[np.maximum(c.year_diff, 0)], 0.0)
    return np.asarray(total + line + years)


def weights_for(scorer: Scorer, a: Sequence[Prepared], b: Sequence[Prepared], ia: np.ndarray,
                ib: np.ndarray) -> np.ndarray:
    """``scorer.weight(a[i], b[j])`` for every pair (ia[k], ib[k]) at once."""
    return combine(scorer, compare(scorer.tf, a, b, ia, ib))


def learn_m(scorer: Scorer, c: Comparison, posterior: np.ndarray) -> None:
    """One M-step: the m-probabilities as the posterior-weighted share of each level among the pairs where
    the field is given on both sides (smoothed towards the current values)."""
    m = {}
    for f, _ in scorer.models:
        lv = c.levels[f]
        present = lv > 0
        weight = posterior[present]
        total = weight.sum()
        counts = np.bincount(lv[present], weights=weight, minlength=5)[1:]
        current = scorer.m[f]
        m[f] = _floored({name: float((counts[n] + M_PRIOR_WEIGHT * current[name]) / (total + M_PRIOR_WEIGHT))
                         for n, name in enumerate(LEVELS)})
    known = c.year_diff >= 0
    counts = np.bincount(c.year_diff[known], weights=posterior[known], minlength=4)
    total = posterior[known].sum()
    year_m = _floored({str(n): float((counts[n] + M_PRIOR_WEIGHT * scorer.year_m[n]) / (total + M_PRIOR_WEIGHT))
                       for n in range(4)})
    scorer.set_m(m, [year_m[str(n)] for n in range(4)])


def _floored(m: dict[str, float]) -> dict[str, float]:
    """m-probabilities of at least ``M_FLOOR`` each, summing to 1: learning never makes a level impossible
    for a true pair (a typo, a wrong year happen), which would let EM drive it to zero on its own."""
    raised = {k: max(v, M_FLOOR) for k, v in m.items()}
    total = sum(raised.values())
    return {k: v / total for k, v in raised.items()}


def _crossed(pa: Prepared, pb: Prepared) -> tuple[NameKey, NameKey] | None:
    """The grandfather's name of one side and the father's name of the other, when one side has only a
    grandfather's name, the other only a father's name, and the two agree."""
    for x, y in ((pa, pb), (pb, pa)):
        if x.grandfather and not x.father and y.father and not y.grandfather \
                and _level(x.grandfather, y.father)[0] == "agree":
            return (x.grandfather, y.father) if x is pa else (y.father, x.grandfather)
    return None


def _shifted(pa: Prepared, pb: Prepared) -> bool:
    """One side left the father's name out and its grandfather's name sits in the father's place."""
    return bool((not pa.grandfather and pa.father and pb.grandfather
                 and _level(pa.father, pb.grandfather)[0] == "agree")
                or (not pb.grandfather and pb.father and pa.grandfather
                    and _level(pb.father, pa.grandfather)[0] == "agree"))


def measure_u(a: Sequence[Prepared], b: Sequence[Prepared]) -> tuple[dict[str, dict[str, float]], tuple[float, ...]]:
    """How often two different people show each level, per field, and each birth-year difference:
    counted over random pairs of the two lists (a fixed draw: the same lists give the same figures),
    smoothed towards ``U_PRIOR``. Nearly every random pair is two different people."""
    import random

    counts = {f: dict.fromkeys(LEVELS, 0.0) for f in FIELDS}
    years = [0.0, 0.0, 0.0, 0.0]
    if a and b:
        rng = random.Random(20171030)
        for _ in range(min(U_SAMPLE, len(a) * len(b))):
            pa, pb = a[rng.randrange(len(a))], b[rng.randrange(len(b))]
            for f in FIELDS:
                x, y = getattr(pa, f), getattr(pb, f)
                if x and y:
                    counts[f][_level(x, y)[0]] += 1
            if pa.year is not None and pb.year is not None:
                years[min(abs(pa.year - pb.year), 3)] += 1
    u = {}
    for f in FIELDS:
        total = sum(counts[f].values())
        u[f] = {lv: (counts[f][lv] + U_PRIOR_WEIGHT * U_PRIOR[lv]) / (total + U_PRIOR_WEIGHT) for lv in LEVELS}
    total = sum(years)
    year_u = tuple((n + U_PRIOR_WEIGHT * p) / (total + U_PRIOR_WEIGHT) for n, p in zip(years, YEAR_U_PRIOR,
                                                                                       strict=True))
    return u, year_u


def _year(ya: int | None, yb: int | None, why: list[str] | None,
          weights: tuple[float, ...] | None = None) -> float:
    if ya is None or yb is None:
        if why is not None and (ya is not None or yb is not None):
            why.append("birth year given on one side only")
        return 0.0
    d = abs(ya - yb)
    level = min(d, 3)
    if why is not None:
        why.append(f"birth year agrees ({ya})" if d == 0 else f"birth year differs by {d} ({ya} vs {yb})")
    if weights is None:
        return math.log2(YEAR_M[level] / YEAR_U_PRIOR[level])
    return weights[level]
