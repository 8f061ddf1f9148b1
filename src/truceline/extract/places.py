"""Places: named places in the text resolved against the gazetteer, with a precision level and offsets.

Gazetteer phrases found by the entity ruler resolve directly; other GPE/LOC/FAC entities are looked up by
name. Countries are not places here (they are parties far more often than locations). A relative phrase
("to the north of Homs province", "in the south of Deir ez-Zor", "near the town of al-Bab") widens the span
and sets the precision; a direction moves the point a little that way. A city named as the subject of a
speech verb ("Moscow expects ..."), or a national capital as a party to a relation ("interaction with
Washington", "talks between Damascus and Ankara"), as the subject of a sentence ("Moscow is ...") or
followed by a finite verb ("does not mean Moscow dislikes ...") stands for its government and is skipped.
"""

from __future__ import annotations

import math
import re

from truceline.extract.gazetteer import Gazetteer
from truceline.extract.models import GazetteerEntry, Place

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_DIRS = {"north": (1, 0), "south": (-1, 0), "east": (0, 1), "west": (0, -1), "northeast": (1, 1),
         "northwest": (1, -1), "southeast": (-1, 1), "southwest": (-1, -1)}
_DIR = r"(?P<dir>north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
_RELATIVE = re.compile(rf"(?:(?:to|in|on) the |the )?{_DIR}(?:ern)?(?: part| outskirts| countryside| edge)? of "
                       rf"(?:the )?(?:(?:province|governorate|town|city|village|area) of )?$", re.I)
_COMPASS_ADJ = re.compile(rf"(?:in |the |in the )*{_DIR}(?:ern)? $", re.I)
_NEAR = re.compile(r"(?:near|close to|outside|nearby|around|in the vicinity of|(?:on )?the outskirts of|"
                   r"\d+\s*(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:of|from))\s+(?:the )?"
                   r"(?:(?:town|city|village|area) of )?$", re.I)
_TOWN_OF = re.compile(r"(?:town|city|village) of $", re.I)
_PROVINCE_AFTER = re.compile(r"^(?:'s|’s)?(?:\s+and\s+[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?)?\s+(?:province|governorate)s?\b",
                             re.I)
_METONYMY = re.compile(r"^\s*(?:expects|expected|hopes|says|said|seeks|wants|believes|insists|has said|"
                       r"is ready|was ready|supports|accused|accuses|denied|denies|announced|rejected|"
                       r"rejects|welcomed|welcomes|condemned|condemns|urged|urges|calls|called)\b", re.I)
_RELATION_BEFORE = re.compile(r"(?:\b(?:with|between)\s+(?:[A-Z][\w'-]+\s+(?:and|,)\s+)?|\bbetween\s+[A-Z][\w'-]+"
                              r"(?:\s+and|,)\s+)$")
# a capital followed by a finite verb ("Moscow dislikes", "Damascus rejected", "Ankara does not accept"):
# a present or past form, not one of the plural nouns that follow a city's name
_VERB_AFTER = re.compile(r"^\s+(?:(?:does|did|do|will|would|can|could|should|must|may|has|have|had)"
                         r"(?:\s+not|n[’']t)?\s+[a-z]+|(?!(?:suburbs|residents|districts|neighbou?rhoods|streets|outskirts|talks|process|"
                         r"negotiations|meetings|consultations|airports|citizens|embassies|hospitals|news)\b)"
                         r"[a-z]{3,}(?:s|ed))\b")
# ... unless the capital is the object of a preposition ("mortar fire on Damascus has killed") or has an article
_OBJECT_BEFORE = re.compile(r"\b(?:in|at|near|to|from|of|around|outside|into|towards?|on|onto|against|over|across|"
                            r"with|by|for|about|upon|under|the|a|an)\s+(?:the\s+)?$", re.I)
_AUX_AFTER = re.compile(r"^\s+(?:is|was|has|had|will|would|does|did|sees|considers)\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*|[—–-]\s+)$")
_LIST_OF_PROVINCES = re.compile(r"\b(?:provinces|governorates) of\s+(?:[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?(?:,\s*|\s+and\s+))*$")  # noqa: E501
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|near|to|from|of|around|outside|into|towards?)\s+(?:the\s+)?$", re.I)
_PRECISION_BY_KIND = {"admin1": "governorate", "region": "district", "facility": "exact", "town": "town"}
_SHIFT_KM = {"admin1": 40.0, "region": 10.0, "facility": 5.0, "town": 8.0}


def find_places(nlp_doc: object, text: str, *, gazetteer: Gazetteer,
                skip: tuple[int, int] = (0, 0)) -> list[Place]:
    """Every place mention in order; ``skip`` is the dateline's span (its place is the dateline's)."""
    out: list[Place] = []
    for ent in getattr(nlp_doc, "ents", ()):
        if ent.label_ not in PLACE_LABELS or skip[0] <= ent.start_char < skip[1]:
            continue
        surface = ent.text.strip()
        if ent.ent_id_:
            if not any(c.isupper() for c in surface) and surface.isascii():
                continue  # a common word that happens to be a town's name
            entry = gazetteer.get(ent.ent_id_)
        else:
            entry = _resolve(surface, gazetteer)
        if entry is None:
            continue
        if entry.kind == "town" and (_PROVINCE_AFTER.match(text[ent.start_char + len(surface):][:60])
                                     or _LIST_OF_PROVINCES.search(text[max(0, ent.start_char - 80):ent.start_char])):
            entry = next((e for e in gazetteer.lookup(f"{surface} province") if e.kind == "admin1"), entry)
        place = locate(text, ent.start_char, ent.start_char + len(surface), entry)
        if place is not None:
            out.append(place)
    return out


def locate(text: str, start: int, end: int, entry: GazetteerEntry) -> Place | None:
    """The place an entry's mention at ``text[start:end]`` stands for, read with its context."""
    before, after = text[max(0, start - 60):start], text[end:end + 40]
    kind = entry.kind
    if kind == "town" and _PROVINCE_AFTER.match(after):
        kind = "admin1_of_town"
    if kind in ("town", "admin1") and _METONYMY.match(after) and not _LOCATIVE_BEFORE.search(before):
        return None
    if entry.capital and (_RELATION_BEFORE.search(before)
                          or (_SENTENCE_START.search(before) and _AUX_AFTER.match(after))
                          or (_VERB_AFTER.match(after) and not _OBJECT_BEFORE.search(before))):
        return None  # "interaction with Washington", "Moscow is conducting ...", "Moscow dislikes": the government
    precision = _PRECISION_BY_KIND.get(kind, "governorate")
    lat, lon, span_start = entry.lat, entry.lon, start
    name = text[start:end]
    rel = _RELATIVE.search(before) or _COMPASS_ADJ.search(before)
    near = _NEAR.search(before)
    if rel:
        dy, dx = _DIRS[rel.group("dir").lower().replace("-", "")]
        lat, lon = _shift(lat, lon, dy, dx, _SHIFT_KM.get(entry.kind, 10.0))
        precision = "district" if entry.kind in ("admin1", "region") else "near"
        span_start = start - len(rel.group(0)) + (len(rel.group(0)) - len(rel.group(0).lstrip()))
        name = f"{rel.group('dir').lower()} of {name}"
    elif near:
        precision = "near"
        span_start = start - len(near.group(0))
        name = f"near {name}"
    elif _TOWN_OF.search(before) and kind == "town":
        precision = "town"
    if kind == "admin1_of_town":
        precision = "governorate" if not rel else "district"
    return Place(name=name, lat=lat, lon=lon, admin1=entry.admin1, country_code=entry.country_code,
                 precision=precision, start=span_start, end=end, entry_id=entry.id,
                 geonames_id=entry.geonames_id)


def _resolve(surface: str, gazetteer: Gazetteer) -> GazetteerEntry | None:
    name = re.sub(r"^(?:the)\s+", "", surface, flags=re.I)
    candidates = gazetteer.lookup(name)
    return candidates[0] if candidates else None


def _shift(lat: float, lon: float, dy: int, dx: int, km: float) -> tuple[float, float]:
    norm = math.hypot(dy, dx) or 1.0
    dlat = km * dy / norm / 111.0
    dlon = km * dx / norm / (111.0 * max(0.2, math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon
