"""Pure typed objects of text extraction: the document read in, the work state, and what comes out.

``doc`` is always a ``SourceDocument`` (the text read in with its provenance); the result of the pipeline
is an ``Extraction`` whose ``to_dict()`` is exactly the JSON contract (see ``extract/schema.json``).
Character offsets (``start``/``end``) index ``SourceDocument.text``: the decoded text for plain text and
e-mail, the extracted main text for HTML. Cleaning blanks cruft in place, so offsets stay valid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class SourceDocument:
    source: str  # a path or URL: where the text came from
    text: str
    kind: str = "text"  # text | html | eml
    reference_date: date | None = None  # feed date, URL date or file time: fills a missing dateline year
    metadata_date: date | None = None  # a publication date the container states (e-mail Date, HTML meta)
    content_hash: str = ""  # SHA-256 of the raw bytes
    title: str | None = None  # an e-mail's Subject, a page's title
    author: str | None = None  # an e-mail's From


@dataclass(frozen=True)
class Dateline:
    place: str | None = None
    date: date | None = None
    outlet: str | None = None
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"place": self.place, "date": _iso(self.date), "outlet": self.outlet}


@dataclass(frozen=True)
class GazetteerEntry:
    """One resolvable place: a GeoNames city or a theatre-pack feature (region, facility, admin-1)."""

    id: str  # "geonames:170654" or "<pack>:<key>"
    name: str
    lat: float
    lon: float
    kind: str  # town | region | facility | admin1
    country_code: str | None
    admin1: str | None  # ISO 3166-2 where a theatre pack maps it, else GeoNames "CC.NN"
    population: int = 0
    capital: bool = False  # a national capital: often stands for its government
    geonames_id: int | None = None  # the GeoNames feature this entry is, where known


@dataclass(frozen=True)
class Place:
    name: str
    lat: float
    lon: float
    admin1: str | None
    country_code: str | None
    precision: str  # exact | near | town | district | governorate
    start: int
    end: int
    entry_id: str = ""
    geonames_id: int | None = None  # the GeoNames feature the place resolved to; None for a pack-only feature

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "lat": round(self.lat, 5), "lon": round(self.lon, 5), "admin1": self.admin1,
                "country_code": self.country_code, "precision": self.precision, "start": self.start,
                "end": self.end, "geonames_id": self.geonames_id}


@dataclass(frozen=True)
class DateMention:
    text: str
    date: dt.date  # the first day the expression covers
    until: dt.date | None  # the last day, for ranges ("on Thursday and Friday", "since the start of May")
    precision: str  # day | days | month | year
    start: int
    end: int


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None = None
    organisation: str | None = None


@dataclass(frozen=True)
class Statement:
    speaker: str
    speaker_role: str | None
    organisation: str | None
    text: str
    direct: bool
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "speaker_role": self.speaker_role, "organisation": self.organisation,
                "text": self.text, "direct": self.direct, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Event:
    type: str
    date: date | None
    place: Place | None
    actors: tuple[str, ...]
    fatalities: int | None
    claimed_by: str | None
    evidence: str
    # when the date mention covers several days ("on Thursday and Friday", "since the start of May"): the
    # last day; and the mention's precision (day, days, month) — None when the date is the publication's
    date_until: dt.date | None = None
    date_precision: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "date": _iso(self.date), "date_until": _iso(self.date_until),
                "date_precision": self.date_precision,
                "place": self.place.to_dict() if self.place else None,
                "actors": list(self.actors), "fatalities": self.fatalities, "claimed_by": self.claimed_by,
                "evidence": self.evidence}


@dataclass
class WorkState:
    """What the pipeline components read and fill in, in order; ``nlp_doc`` is a spaCy ``Doc``."""

    doc: SourceDocument
    text: str = ""  # cleaned text, same length as doc.text
    dateline: Dateline = field(default_factory=Dateline)
    publication_date: date | None = None
    nlp_doc: Any = None
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass(frozen=True)
class Extraction:
    source: str
    dateline: Dateline
    publication_date: date | None
    statements: tuple[Statement, ...]
    places: tuple[Place, ...]
    events: tuple[Event, ...]
    text: str = ""  # the cleaned text the offsets index (not part of the JSON contract)

    @classmethod
    def from_state(cls, state: WorkState) -> Extraction:
        return cls(source=state.doc.source, dateline=state.dateline, publication_date=state.publication_date,
                   statements=tuple(state.statements), places=tuple(state.places), events=tuple(state.events),
                   text=state.text)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "dateline": self.dateline.to_dict(),
                "publication_date": _iso(self.publication_date),
                "statements": [s.to_dict() for s in self.statements],
                "places": [p.to_dict() for p in self.places],
                "events": [e.to_dict() for e in self.events]}


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
