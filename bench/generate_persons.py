"""Synthetic pairs of person lists with known truth, for measuring cross-list matching.

    .venv/bin/python -m bench.generate_persons 10000 /tmp/persons      # writes a.csv, b.csv, truth.csv

A world of people is drawn from the name pools in ``bench/person_names.py`` (Zipf-like: "Mohammed" and
"al-Ahmad" are common). List A names ``n`` people; list B names ``overlap`` of them again plus others, and
distractors: people sharing a common given and family name with someone on list A (another father, another
year) and brothers (same father, grandfather and family, another given name). Each record is written the
way each party writes: in Arabic, Latin or Cyrillic script, with real transliteration variants, Arabic
spelling variants (ة/ه, ى/ي, hamza forms, diacritics, tatweel), parts left out, only the full name given,
typos, birth years off by one or missing.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.person_names import FAMILY, GIVEN, PLACES, parse_pool
from truceline.persons.csv_io import COLUMNS
from truceline.persons.models import PersonRecord

Name = tuple[str, list[str], list[str]]


def _pools() -> tuple[list[Name], list[Name], list[Name]]:
    given = parse_pool(GIVEN)
    family = parse_pool(FAMILY)
    # family names that are a father's given name or an "Abu ..." kunya, as many Syrian family names are
    family += [(a, lat, cyr) for a, lat, cyr in given[:40]]
    family += [(f"أبو {a}", [f"Abu {x}" for x in lat] + [f"Abou {lat[0]}"], [f"Абу {x}" for x in cyr])
               for a, lat, cyr in given[:40]]
    return given, family, parse_pool(PLACES)


def _zipf(n: int, s: float) -> list[float]:
    return [1.0 / (k + 1) ** s for k in range(n)]


@dataclass(frozen=True)
class Person:
    given: int
    father: int
    grandfather: int
    family: int
    year: int
    place: int


class World:
    def __init__(self, seed: int, *, canonical: bool = False) -> None:
        # canonical: every name written in its first Latin form, without typos or spelling variants; the
        # same draws otherwise (the same people, parts left out, years, places), so that matching these
        # lists measures what is lost to missing information alone
        self.canonical = canonical
        self.rng = random.Random(seed)
        self.given, self.family, self.places = _pools()
        self.wg = _zipf(len(self.given), 1.0)
        self.wf = _zipf(len(self.family), 0.5)
        self.wp = _zipf(len(self.places), 0.7)

    def _g(self) -> int:
        return self.rng.choices(range(len(self.given)), self.wg)[0]

    def person(self) -> Person:
        r = self.rng
        return Person(self._g(), self._g(), self._g(), r.choices(range(len(self.family)), self.wf)[0],
                      r.randint(1950, 2008), r.choices(range(len(self.places)), self.wp)[0])

    def namesake(self, p: Person) -> Person:
        """Someone else with the same given and family name (another father, often another year)."""
        r = self.rng
        return Person(p.given, self._g(), self._g(), p.family, p.year + r.choice([0, 0, 1, -1, 3, -4, 7]),
                      r.choices(range(len(self.places)), self.wp)[0])

    def brother(self, p: Person) -> Person:
        r = self.rng
        given = self._g()
        while given == p.given:
            given = self._g()
        return Person(given, p.father, p.grandfather, p.family, p.year + r.choice([-6, -4, -2, 2, 3, 5]), p.place)

    # --- rendering a person as one party writes them --------------------------------------------------

    def _arabic_variant(self, text: str) -> str:
        r = self.rng
        if r.random() < 0.3:
            text = text.replace("ة", "ه").replace("ى", "ي")
        if r.random() < 0.3:
            text = text.replace("أ", "ا").replace("إ", "ا")
        if r.random() < 0.1 and len(text) > 2:
            text = text[:2] + "\u064e" + text[2:]  # a fatha
        if r.random() < 0.05 and len(text) > 3:
            text = text[:2] + "\u0640" + text[2:]  # tatweel
        return text

    def _typo(self, text: str) -> str:
        r = self.rng
        if len(text) < 4:
            return text
        i = r.randrange(1, len(text) - 1)
        op = r.random()
        if op < 0.4:
            return text[:i] + text[i + 1:]
        if op < 0.7:
            return text[:i] + text[i + 1] + text[i] + text[i + 2:]
        alphabet = "abdehiklmnorstuy" if text.isascii() else text
        return text[:i] + r.choice(alphabet) + text[i + 1:]

    def render(self, name: Name, script: str) -> str:
        arabic, latin, cyrillic = name
        if script == "arabic":
            return self._arabic_variant(arabic)
        return self.rng.choice(latin if script == "latin" else cyrillic)

    def record(self, rid: str, p: Person, script: str) -> PersonRecord:
        r = self.rng
        names = [self.given[p.given], self.given[p.father], self.given[p.grandfather], self.family[p.family]]
        parts = [self.render(name, script) for name in names]
        typo_at = -1
        if r.random() < 0.08:
            typo_at = r.randrange(4)
            parts[typo_at] = self._typo(parts[typo_at])
        if self.canonical:
            # the same draws as the written world (so the same people, records and parts left out), then
            # every name shown in its first Latin form without the typo
            parts = [name[1][0] for name in names]
        if r.random() < 0.35:
            parts[2] = ""  # grandfather left out
        if r.random() < 0.08:
            parts[1] = ""  # father left out
        full = " ".join(x for x in parts if x)
        if script == "latin" and parts[1] and r.random() < 0.1:
            full = " ".join(x for x in [parts[0], "bin", *parts[1:]] if x)
        only_full = r.random() < 0.3
        year: int | None = p.year + (r.choice([-1, 1]) if r.random() < 0.12 else 0)
        if r.random() < 0.1:
            year = None
        place = self.render(self.places[p.place], script) if r.random() < 0.7 else ""
        if place and self.canonical:
            place = self.places[p.place][1][0]
        if only_full:
            return PersonRecord(id=rid, full_name=full, birth_year=year, place_of_origin=place)
        return PersonRecord(id=rid, full_name=full, given_name=parts[0], father_name=parts[1],
                            grandfather_name=parts[2], family_name=parts[3], birth_year=year, place_of_origin=place)


@dataclass
class ListPair:
    a: list[PersonRecord]
    b: list[PersonRecord]
    truth: set[tuple[str, str]]
    people: dict[str, Person] = field(default_factory=dict)  # record id -> the person it names


def generate_pair(n: int, *, overlap: float = 0.5, namesakes: float = 0.1, brothers: float = 0.05,
                  seed: int = 7, canonical: bool = False) -> ListPair:
    """Lists A and B of ``n`` records each; ``truth`` holds the (a id, b id) pairs naming the same person.
    ``canonical``: the same lists with every name in one spelling (see ``World``)."""
    world = World(seed, canonical=canonical)
    r = world.rng
    people = [world.person() for _ in range(n)]
    a = [world.record(f"A{i}", p, r.choice(["arabic", "latin"])) for i, p in enumerate(people)]
    b_people: list[tuple[Person, int | None]] = []
    shared = r.sample(range(n), int(n * overlap))
    b_people += [(people[i], i) for i in shared]
    b_people += [(world.namesake(people[r.randrange(n)]), None) for _ in range(int(n * namesakes))]
    b_people += [(world.brother(people[r.randrange(n)]), None) for _ in range(int(n * brothers))]
    while len(b_people) < n:
        b_people.append((world.person(), None))
    r.shuffle(b_people)
    b, truth = [], set()
    for j, (p, i) in enumerate(b_people):
        script = r.choices(["latin", "arabic", "cyrillic"], [0.5, 0.25, 0.25])[0]
        b.append(world.record(f"B{j}", p, script))
        if i is not None:
            truth.add((f"A{i}", f"B{j}"))
    named = {r.id: p for r, p in zip(a, people, strict=True)}
    named.update({r.id: p for r, (p, _) in zip(b, b_people, strict=True)})
    return ListPair(a, b, truth, named)


def write_csv(records: list[PersonRecord], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for rec in records:
            w.writerow([rec.id, rec.full_name, rec.given_name, rec.father_name, rec.grandfather_name,
                        rec.family_name, rec.birth_year or "", rec.place_of_origin, rec.notes])


def main(argv: list[str]) -> None:
    n = int(argv[0]) if argv else 10_000
    out = Path(argv[1]) if len(argv) > 1 else Path("persons-bench")
    out.mkdir(parents=True, exist_ok=True)
    pair = generate_pair(n)
    write_csv(pair.a, out / "a.csv")
    write_csv(pair.b, out / "b.csv")
    with (out / "truth.csv").open("w", encoding="utf-8") as fh:
        fh.write("a,b\n" + "".join(f"{x},{y}\n" for x, y in sorted(pair.truth)))
    print(f"wrote {out}/a.csv, b.csv ({n} records each) and truth.csv ({len(pair.truth)} true pairs)")


if __name__ == "__main__":
    main(sys.argv[1:])
