"""Scores of the neutral intermediary's pairs, from the keyed hashes two records share.

The intermediary sees no names, but it sees how often each hash occurs on each list: a key shared by two
records of ten thousand says more than one that four hundred records share. So a pair is weighed as the
full matcher weighs one (Fellegi–Sunter, ``matching.py``), on what the hash files give:

* **names** — the fullest name key the two records share, as one of five levels: the
  four names (``gpgf``); the three names (``gpf``) with differing grandfathers; the three names, a
  grandfather missing on a side; only two names with the year (``gfy``, ``gpy``, ``pfy``) while both have a
  differing three-name key; only two names with the year, a three-name key missing on a side. Its weight
  is ``log2(m / f)``, ``f`` being how common the shared key is: the geometric mean of its share of each
  list. A key seen on few records is counted by Good–Turing (``good_turing``): a key that only the pair
  itself has is rarer than one in ``n``, and how much rarer depends on its kind (almost every four-name key
  is unique, many two-name keys with a year recur);
* **birth year** (when the three names agree): the same year (``gpfy`` shared), one or two years apart (a
  two-name key with the year shared, ``gpfy`` not), further apart, or missing on a side. The chance that
  another record of that name has the same year comes from the records of that name, starting from
  ``SAME_YEAR``;
* **place of origin**: when the three names agree, shared (``gpfo``), differing or missing on a side, the
  chance that another record of that name shares it from the records of that name, starting from
  ``SAME_PLACE``; when only two names agree, shared or not with the given and family name and year
  (``gfyo``), at ``SAME_PLACE``.

The m-probabilities (how often a true pair shows each level) are set here (``M``). Unlike full
matching, they are not learned from the lists by expectation–maximisation: on hash levels it drifted
towards the crowded two-name levels and did not raise F1 (docs/performance.md).
Candidates then compete one to one (``matching.one_to_one``, with the overlap estimated from the lists):
a pair is a match when each record is clearly the other's best partner, so namesakes whose keys are all
equal share the chance between them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from truceline.persons.matching import no_partner_weights, one_to_one

YEAR_PAIRS = ("gfy", "gpy", "pfy")
YEAR_KINDS = ("gpfy", *YEAR_PAIRS)
# how often a true pair shows each level: names (four names; three, grandfathers differ; three; two with the
# year, the third differs; two with the year, a third missing), year (same; one or two apart; further),
# place (same; differs)
M = {"names": (0.35, 0.05, 0.40, 0.05, 0.15), "year": (0.80, 0.17, 0.03), "place": (0.85, 0.15)}
SAME_YEAR = 1 / 50  # a namesake born the same year, a priori (birth years spread over about fifty years)
NEAR_YEAR = 4 / 50  # ... one or two years apart
SAME_PLACE = 0.1  # a namesake from the same place, a priori
UNSEEN = 0.05  # a value seen r times stands for at least r * UNSEEN records (when none of its kind recurs)
GOOD_TURING_UP_TO = 4
PRIOR_RECORDS = 5.0  # pseudo-records behind those a-priori shares, against the records of one name
ASSIGNMENT_ROUNDS = 20


@dataclass(frozen=True, slots=True)
class Keys:
    """One record's hashes by kind."""

    gpf: str | None
    gpgf: str | None
    gpfy: str | None
    gpfo: frozenset[str]  # one per place the gazetteer knows by the name
    two_names: frozenset[str]  # two names with the year (``gfy``, ``gpy``, ``pfy``)
    two_names_place: frozenset[str]  # given and family name with the year and place (``gfyo``)
    has_year: bool

    @classmethod
    def of(cls, record: dict[str, Any]) -> Keys:
        by_kind: dict[str, str] = {}
        two_names, two_names_place, origin = set(), set(), set()
        for h in record["hashes"]:
            kind = h.split(":", 1)[0]
            if kind in YEAR_PAIRS:
                two_names.add(h)
            elif kind == "gfyo":
                two_names_place.add(h)
            elif kind == "gpfo":
                origin.add(h)
            else:
                by_kind[kind] = h
        kinds = set(record["kinds"])
        return cls(by_kind.get("gpf"), by_kind.get("gpgf"), by_kind.get("gpfy"), frozenset(origin),
                   frozenset(two_names), frozenset(two_names_place), bool(kinds & set(YEAR_KINDS)))


@dataclass
class Features:
    """The levels of each candidate pair (-1: not applicable or missing) and the a-priori chance ``u`` of
    the agreement seen at each level."""

    names: np.ndarray
    names_u: np.ndarray
    year: np.ndarray
    year_u: np.ndarray
    place: np.ndarray
    place_u: np.ndarray
    shared: list[tuple[str, ...]]  # the kinds of the keys each pair shares, for the explanation


def _share(count: int, other: int, prior: float) -> float:
    """How likely another record of the same name has this year (or place): ``count`` records of that name
    have it, ``other`` have the name, the pair itself not counted, smoothed towards ``prior``."""
    return (max(count - 2, 0) + PRIOR_RECORDS * prior) / (max(other - 2, 0) + PRIOR_RECORDS)


def good_turing(total: Counter[str], *, up_to: int = GOOD_TURING_UP_TO) -> dict[tuple[str, int], float]:
    """How many records a key kind's value seen ``r`` times stands for, for small ``r`` (Good–Turing:
    ``(r + 1) N(r + 1) / N(r)``, ``N(r)`` the number of values of that kind seen ``r`` times). A key that
    only the two records of a pair have says "rarer than one in n" and no more; how much rarer depends on
    the kind: among four-name keys almost every value is unique, so such a key is far rarer than a
    two-name key with a year, of which many values recur."""
    counts: Counter[tuple[str, int]] = Counter((h.split(":", 1)[0], c) for h, c in total.items() if c <= up_to + 1)
    out = {}
    for (kind, r), n_r in counts.items():
        if r <= up_to:
            out[kind, r] = min(float(r), (r + 1) * counts.get((kind, r + 1), 0) / n_r) or r * UNSEEN
    return out


def features(ka: Sequence[Keys], kb: Sequence[Keys], pairs: Sequence[tuple[int, int]],
             count_a: Counter[str], count_b: Counter[str]) -> Features:
    n_a, n_b = len(ka), len(kb)
    total = count_a + count_b
    adjusted_a, adjusted_b = good_turing(count_a), good_turing(count_b)

    def freq(h: str) -> float:
        """How common a key is: the geometric mean of its share on each list (Good–Turing counts)."""
        kind = h.split(":", 1)[0]
        on_a = adjusted_a.get((kind, count_a[h]), count_a[h])
        on_b = adjusted_b.get((kind, count_b[h]), count_b[h])
        return math.sqrt(on_a / n_a * on_b / n_b)

    size = len(pairs)
    names = np.full(size, -1, dtype=np.int8)
    year = np.full(size, -1, dtype=np.int8)
    place = np.full(size, -1, dtype=np.int8)
    names_u, year_u, place_u = np.ones(size), np.ones(size), np.ones(size)
    shared: list[tuple[str, ...]] = []
    for n, (i, j) in enumerate(pairs):
        a, b = ka[i], kb[j]
        kinds: list[str] = []
        common = a.two_names & b.two_names
        kinds.extend({h.split(":", 1)[0] for h in common})  # ordered for reading by ``Overlap``
        if a.gpf is not None and a.gpf == b.gpf:
            kinds.append("gpf")
            if a.gpgf is not None and a.gpgf == b.gpgf:
                names[n], names_u[n] = 0, freq(a.gpgf)
                kinds.append("gpgf")
            else:
                names[n] = 1 if a.gpgf is not None and b.gpgf is not None else 2
                names_u[n] = freq(a.gpf)
            same_name = total[a.gpf]
            if a.gpfy is not None and a.gpfy == b.gpfy:
                year[n], year_u[n] = 0, _share(total[a.gpfy], same_name, SAME_YEAR)
                kinds.append("gpfy")
            elif common:
                year[n], year_u[n] = 1, NEAR_YEAR
            elif a.has_year and b.has_year:
                year[n], year_u[n] = 2, 1.0 - SAME_YEAR - NEAR_YEAR
            origin = a.gpfo & b.gpfo
            if origin:
                place[n], place_u[n] = 0, min(_share(total[h], same_name, SAME_PLACE) for h in origin)
                kinds.append("gpfo")
            elif a.gpfo and b.gpfo:
                place[n], place_u[n] = 1, 1.0 - max(_share(total[h], same_name, SAME_PLACE) for h in b.gpfo)
        elif common:
            names[n] = 3 if a.gpf is not None and b.gpf is not None else 4
            names_u[n] = min(freq(h) for h in common)
            if a.two_names_place & b.two_names_place:
                place[n], place_u[n] = 0, SAME_PLACE
                kinds.append("gfyo")
            elif a.two_names_place and b.two_names_place:
                place[n], place_u[n] = 1, 1.0 - SAME_PLACE
        shared.append(tuple(kinds))
    return Features(names, names_u, year, year_u, place, place_u, shared)


def weight(f: Features, m: dict[str, tuple[float, ...]] | None = None) -> np.ndarray:
    """Each pair's evidence in bits: ``log2(m / u)`` summed over names, year and place."""
    m = m or M
    w = np.zeros(len(f.names))
    for name, level, u in (("names", f.names, f.names_u), ("year", f.year, f.year_u), ("place", f.place, f.place_u)):
        seen = level >= 0
        w[seen] += np.log2(np.asarray(m[name])[level[seen]] / np.clip(u[seen], 1e-12, 1.0))
    return w


def scores(f: Features, n_a: int, n_b: int, ai: np.ndarray, bj: np.ndarray, *,
           assignment_rounds: int = ASSIGNMENT_ROUNDS) -> np.ndarray:
    """The one-to-one chance of each candidate pair (see the module docstring)."""
    lik = np.exp2(np.clip(weight(f), -60.0, 60.0))
    sum_a = np.bincount(ai, weights=lik, minlength=n_a)
    sum_b = np.bincount(bj, weights=lik, minlength=n_b)
    k_b, k_a = no_partner_weights(lik, sum_a[ai], sum_b[bj], n_a, n_b)
    return one_to_one(lik, ai, bj, n_a, n_b, k_a=k_a, k_b=k_b, rounds=assignment_rounds)
