"""Shared helpers of the ingestion tests: parties and sources like the register's, and a fake extractor."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from truceline.extract.models import Dateline, Event, Extraction, Place, SourceDocument, Statement
from truceline.ingest.models import OriginKind
from truceline.ingest.origins import Incoming
from truceline.registry.models import Alias, Party, PartyKind
from truceline.sources.models import Source, SourceKind

T0 = datetime(2017, 10, 1, 0, 0, tzinfo=UTC)
IDLIB = Place(name="Idlib", lat=35.93, lon=36.63, admin1="SY-ID", country_code="SY", precision="town",
              start=0, end=5)


def seed(store: Any) -> None:
    """Parties russia (RU guarantor), turkey (TR), syrian-government (SY, alias "Syrian army"),
    us-led-coalition and united-states (alias "US"); the source ``wire``."""
    def party(key: str, name: str, kind: PartyKind, cc: str | None = None, aliases: tuple[str, ...] = ()) -> None:
        store.parties.add(Party(id=0, key=key, name=name, kind=kind, country_code=cc,
                                aliases=[Alias(name=a) for a in aliases], created_at=T0, updated_at=T0))

    party("russia", "Russia", PartyKind.guarantor, "RU", ("Russian Federation",))
    party("turkey", "Turkey", PartyKind.guarantor, "TR")
    party("syrian-government", "Government of the Syrian Arab Republic", PartyKind.state_party, "SY",
          ("Syrian army", "SAA", "government forces"))
    party("united-states", "United States", PartyKind.observer, "US", ("US", "USA"))
    party("us-led-coalition", "US-led coalition", PartyKind.foreign_force)
    party("hezbollah", "Hezbollah", PartyKind.militia, "LB")
    store.sources.add(Source(id=0, key="wire", name="Wire copy", kind=SourceKind.media, created_at=T0,
                             updated_at=T0))


def event(type_: str = "shelling", *, place: Place | None = IDLIB, day: date | None = date(2017, 9, 30),
          fatalities: int | None = None, claimed_by: str | None = "Defence Ministry",
          evidence: str = "Militants shelled Idlib, killing 3 people.") -> Event:
    return Event(type=type_, date=day, place=place, actors=(), fatalities=fatalities, claimed_by=claimed_by,
                 evidence=evidence)


@dataclass
class FakeExtractor:
    """Returns the events and statements it was given, for every document; counts its runs."""

    events: list[Event] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    max_bytes: int = 1_000_000
    runs: int = 0
    seen: list[SourceDocument] = field(default_factory=list)  # the documents it was handed

    def run(self, doc: SourceDocument) -> Extraction:
        self.runs += 1
        self.seen.append(doc)
        return Extraction(source=doc.source, dateline=Dateline(place="Moscow", date=date(2017, 9, 30)),
                          publication_date=date(2017, 9, 30), statements=tuple(self.statements),
                          places=(IDLIB,), events=tuple(self.events), text=doc.text)


def incoming(text: str = "MOSCOW, September 30. /TASS/. Militants shelled Idlib.", *, location: str = "a.txt",
             suffix: str = ".txt", origin: OriginKind = OriginKind.file, **over: Any) -> Incoming:
    return Incoming(data=text.encode("utf-8"), origin=origin, location=location, suffix=suffix,
                    fetched_at=T0, **over)


@contextmanager
def same_store(store: Any) -> Any:
    yield store
