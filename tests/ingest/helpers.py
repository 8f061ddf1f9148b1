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


def app_with_accounts(db_url: str, data_dir: Any, clock: Any, extractor: Any) -> tuple[Any, dict[str, dict[str, str]]]:
    """An app over ``db_url`` ingesting with ``extractor``, its registers seeded, and bearer headers of an analyst
    (amal), two field reporters (fr1, fr2) and turkey's liaison."""
    from truceline.accounts.passwords import fast_passwords
    from truceline.accounts.repository import SqlAccountRepository
    from truceline.accounts.service import Accounts
    from truceline.config import Settings
    from truceline.db.engine import make_engine, make_sessionmaker
    from truceline.db.store import store_scope
    from truceline.web.app import create_app

    app = create_app(Settings(database_url=db_url, data_dir=data_dir), clock=clock)
    app.state.extractor = extractor
    engine = make_engine(db_url)
    out = {}
    with store_scope(make_sessionmaker(engine)) as store:
        seed(store)
        accounts = Accounts(SqlAccountRepository(store.session), clock=clock, passwords=fast_passwords(),
                            parties=store.parties)
        for name, role, party in (("amal", "analyst", None), ("fr1", "field_reporter", None),
                                  ("fr2", "field_reporter", None), ("liaison", "party_liaison", "turkey")):
            accounts.create_user(name, role=role, password=None, party=party)
            out[name] = {"authorization": f"Bearer {accounts.create_token(name, name='t').secret}"}
    engine.dispose()
    return app, out
