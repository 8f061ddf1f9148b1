"""Preparing records for matching and finding candidate pairs (blocking).

A pair of records is a candidate when two of the three main names (given, father's, family) have the
same consonant skeleton and the birth years are within ``year_window`` (or one is unknown). A typo or a
missing part in any one name keeps the pair; comparing all 10^10 pairs of two 100,000-person lists does
not happen. Blocks larger than ``max_block`` (one name pair shared by thousands of people born the same
year) are narrowed to the records that also share the third main name; those still too large are
skipped, which is reported.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from truceline.persons.models import PersonRecord
from truceline.persons.names import EMPTY, NameKey, name_key, split_full_name
from truceline.persons.places import place_ids


@dataclass(frozen=True, slots=True)
class Prepared:
    """A record with its name parts normalised; parts left empty in the list are taken from the full name."""

    record: PersonRecord
    given: NameKey
    father: NameKey
    grandfather: NameKey
    family: NameKey
    origin: NameKey
    year: int | None


def prepare(record: PersonRecord) -> Prepared:
    given, father, grandfather, family = (record.given_name, record.father_name, record.grandfather_name,
                                          record.family_name)
    if not (father or grandfather or family):
        # no parts beyond perhaps the given name: take them from the full name (when it agrees)
        split = split_full_name(record.full_name)
        if not given or name_key(given).skeleton == name_key(split.given).skeleton:
            given, father, grandfather, family = given or split.given, split.father, split.grandfather, split.family
    family_key = name_key(family)
    if record.nisba and not family_key:
        family_key = name_key(record.nisba)
    return Prepared(record=record, given=name_key(given), father=name_key(father),
                    grandfather=name_key(grandfather), family=family_key,
                    origin=place_key(record.place_of_origin) if record.place_of_origin else EMPTY,
                    year=record.birth_year)


def place_key(text: str) -> NameKey:
    """A place of origin: its letters, and the places the gazetteer knows by that name."""
    return dataclasses.replace(name_key(text), places=place_ids(text))


def blocking_keys(p: Prepared) -> list[tuple[str, str, str]]:
    """The name keys a record is filed under: each pair of known main names, by skeleton (every reading of
    a name whose letters are read two ways, ``names.NameKey.alts``)."""
    g, f, fa = p.given.alts, p.father.alts, p.family.alts
    keys: list[tuple[str, str, str]] = []
    for kind, xs, ys in (("gf", g, fa), ("gp", g, f), ("pf", f, fa)):
        keys.extend((kind, x, y) for x in sorted(xs) for y in sorted(ys))
    if not keys and g:  # a lone given name: only with others known by the same lone name
        keys.extend(("g", x, "") for x in sorted(g))
    if FAMILY_KEY and p.year is not None:
        keys.extend(("f", x, "") for x in sorted(fa))
    return keys


FAMILY_KEY = False
THIRD = {"gf": "father", "gp": "family", "pf": "given"}  # the main name a blocking key leaves out


@dataclass
class BlockStats:
    pairs: int = 0
    skipped_blocks: int = 0  # blocks over max_block, not compared
    skipped_records: int = 0  # records of the second list with no blocking key


class BlockIndex:
    """The first list filed by blocking key and birth year (``None`` for unknown years)."""

    def __init__(self, prepared: Sequence[Prepared]) -> None:
        self.prepared = prepared
        self.refined: dict[tuple[tuple[str, str, str], frozenset[str], tuple[int | None, ...]], list[int]] = {}
        self.index: dict[tuple[str, str, str], dict[int | None, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.sizes: dict[tuple[str, str, str], int] = defaultdict(int)
        for i, p in enumerate(prepared):
            for key in blocking_keys(p):
                self.index[key][p.year].append(i)
                self.sizes[key] += 1

    def candidates(self, p: Prepared, *, year_window: int, max_block: int, stats: BlockStats) -> set[int]:
        out: set[int] = set()
        keys = blocking_keys(p)
        if not keys:
            stats.skipped_records += 1
        for key in keys:
            by_year = self.index.get(key)
            if not by_year:
                continue
            if p.year is None:
                years: list[int | None] = list(by_year)
            else:
                years = [None, *range(p.year - year_window, p.year + year_window + 1)]
            found = [i for y in years for i in by_year.get(y, ())]
            if len(found) > max_block:
                found = self._refine(key, p, years, found)
                if len(found) > max_block:
                    stats.skipped_blocks += 1
                    continue
            out.update(found)
        return out

    def _refine(self, key: tuple[str, str, str], p: Prepared, years: list[int | None], found: list[int]) -> list[int]:
        """A block too large to compare whole, narrowed to the records whose third main name (the one the
        key leaves out) meets the record's; nothing when the record does not give that name."""
        third = THIRD.get(key[0])
        if third is None or not getattr(p, third):
            return found
        readings: frozenset[str] = getattr(p, third).alts
        cache_key = (key, readings, tuple(years))
        if cache_key not in self.refined:
            self.refined[cache_key] = [i for i in found if getattr(self.prepared[i], third).alts & readings]
        return self.refined[cache_key]


def candidate_pairs(a: Sequence[Prepared], b: Sequence[Prepared], *, year_window: int = 2,
                    max_block: int = 2000, stats: BlockStats | None = None) -> Iterator[tuple[int, int]]:
    """Candidate pairs (index in ``a``, index in ``b``), grouped by the record of ``b``."""
    stats = stats if stats is not None else BlockStats()
    index = BlockIndex(a)
    for j, p in enumerate(b):
        for i in sorted(index.candidates(p, year_window=year_window, max_block=max_block, stats=stats)):
            stats.pairs += 1
            yield i, j
