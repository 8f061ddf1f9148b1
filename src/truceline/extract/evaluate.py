"""Scoring extraction against hand-annotated fixtures: precision, recall and F1 per field.

A fixture is a document (``NAME.txt``, ``.html`` or ``.eml``) beside ``NAME.json``::

    {"reference_date": "2018-03-14", "publication_date": "2018-03-12",
     "places": [{"name": "Douma", "lat": 33.57, "lon": 36.40, "admin1": "SY-RD"}],
     "speakers": ["Sergey Lavrov"],
     "events": [{"type": "shelling", "place": {"lat": 33.57, "lon": 36.40}}]}

Fields: publication date (exact), places (each annotated place matched by at most one distinct extracted
place within 25 km), admin1 (sets of codes), speakers (by surname), events (type and place within 25 km,
or both without place). Places and events are compared as sets per document (repeats count once).

An annotated event may also carry its ``"date"`` (``YYYY-MM-DD``) and who claims it (``"claimed_by"``, a
person's surname or a body's name): ``event_dates`` and ``claimants`` are scored over those annotated
events only. An extracted event of the same type and place with the same date (claimant, compared by last
word, case-folded) is a true positive; with another one it is both a false positive and a false negative;
no such event is a false negative.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from shapely.geometry import Point

from truceline.errors import BadFixture
from truceline.extract.models import Extraction
from truceline.geo.distance import haversine_km

FIELDS = ("publication_date", "places", "admin1", "speakers", "events", "event_dates", "claimants")
PLACE_KM = 25.0
DOC_SUFFIXES = (".txt", ".html", ".htm", ".eml")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    documents: int = 0
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "fields": {
            name: {"precision": round(t.precision, 3), "recall": round(t.recall, 3), "f1": round(t.f1, 3),
                   "tp": t.tp, "fp": t.fp, "fn": t.fn} for name, t in self.fields.items()}}


@dataclass(frozen=True)
class Fixture:
    path: Path
    annotation: dict[str, Any]

    @property
    def reference_date(self) -> date | None:
        value = self.annotation.get("reference_date")
        return date.fromisoformat(value) if value else None


def load_fixtures(folder: Path) -> list[Fixture]:
    if not folder.is_dir():
        raise BadFixture(f"{folder} is not a folder of fixtures")
    out = []
    for doc in sorted(p for p in folder.iterdir() if p.suffix.lower() in DOC_SUFFIXES):
        ann = doc.with_suffix(".json")
        if not ann.exists():
            raise BadFixture(f"{doc.name} has no annotation {ann.name}")
        try:
            annotation = json.loads(ann.read_text("utf-8"))
            _check(annotation)
        except (ValueError, KeyError, TypeError) as err:
            raise BadFixture(f"{ann.name}: {err}") from None
        out.append(Fixture(path=doc, annotation=annotation))
    if not out:
        raise BadFixture(f"{folder} holds no annotated documents")
    return out


def score(pairs: Iterable[tuple[Extraction, dict[str, Any]]]) -> Scores:
    scores = Scores()
    for extraction, gold in pairs:
        scores.documents += 1
        f = scores.fields
        f["publication_date"].add(*_score_date(extraction.publication_date, gold.get("publication_date")))
        predicted = _distinct_places(extraction)
        f["places"].add(*_match(predicted, gold.get("places", []), _near))
        f["admin1"].add(*_sets({p["admin1"] for p in predicted if p["admin1"]},
                               {p["admin1"] for p in gold.get("places", []) if p.get("admin1")}))
        f["speakers"].add(*_sets({_surname(s.speaker) for s in extraction.statements},
                                 {_surname(s) for s in gold.get("speakers", [])}))
        f["events"].add(*_match(_distinct_events(extraction), gold.get("events", []), _same_event))
        events = [e.to_dict() for e in extraction.events]
        f["event_dates"].add(*_attribute(events, gold.get("events", []), "date", lambda v: v))
        f["claimants"].add(*_attribute(events, gold.get("events", []), "claimed_by", _surname))
    return scores


def _check(annotation: dict[str, Any]) -> None:
    if annotation.get("publication_date"):
        date.fromisoformat(annotation["publication_date"])
    for place in annotation.get("places", []):
        float(place["lat"]), float(place["lon"])
    for event in annotation.get("events", []):
        str(event["type"])


def _score_date(pred: date | None, gold: str | None) -> tuple[int, int, int]:
    p = pred.isoformat() if pred else None
    if p and gold:
        return (1, 0, 0) if p == gold else (0, 1, 1)
    return 0, int(bool(p)), int(bool(gold))


def _distinct_places(extraction: Extraction) -> list[dict[str, Any]]:
    seen: dict[tuple[float, float], dict[str, Any]] = {}
    for place in extraction.places:
        seen.setdefault((round(place.lat, 2), round(place.lon, 2)), place.to_dict())
    return list(seen.values())


def _distinct_events(extraction: Extraction) -> list[dict[str, Any]]:
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for event in extraction.events:
        key = (event.type, round(event.place.lat, 1) if event.place else None,
               round(event.place.lon, 1) if event.place else None)
        seen.setdefault(key, event.to_dict())
    return list(seen.values())


def _match(predicted: list[dict[str, Any]], gold: list[dict[str, Any]], same: Any) -> tuple[int, int, int]:
    free = list(predicted)
    tp = 0
    for g in gold:
        hit = next((p for p in free if same(p, g)), None)
        if hit is not None:
            free.remove(hit)
            tp += 1
    return tp, len(free), len(gold) - tp


def _near(p: dict[str, Any], g: dict[str, Any]) -> bool:
    return haversine_km(Point(p["lon"], p["lat"]), Point(float(g["lon"]), float(g["lat"]))) <= PLACE_KM


def _same_event(p: dict[str, Any], g: dict[str, Any]) -> bool:
    if p["type"] != g["type"]:
        return False
    if g.get("place") is None or p["place"] is None:
        return g.get("place") is None and p["place"] is None
    return _near(p["place"], g["place"])


def _attribute(predicted: list[dict[str, Any]], gold: list[dict[str, Any]], key: str, norm: Any
               ) -> tuple[int, int, int]:
    """Over the gold events annotated with ``key``: right when an extracted event of that type and place has
    the same value (any of them, when the sentence and a headline both tell it)."""
    tp = fp = fn = 0
    for g in (g for g in gold if g.get(key)):
        values = [norm(p[key] or "") for p in predicted if _same_event(p, g)]
        if norm(g[key]) in values:
            tp += 1
        elif values:
            fp, fn = fp + 1, fn + 1
        else:
            fn += 1
    return tp, fp, fn


def _sets(predicted: set[str], gold: set[str]) -> tuple[int, int, int]:
    return len(predicted & gold), len(predicted - gold), len(gold - predicted)


def _surname(name: str) -> str:
    parts = name.split()
    return parts[-1].lower() if parts else ""
