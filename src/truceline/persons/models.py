"""Pure domain objects of person lists: no database, no files."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ListKind(StrEnum):
    detained = "detained"
    abducted = "abducted"
    missing = "missing"
    remains = "remains"


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person on one party's list, as submitted. Name parts are optional: when they are empty the
    matcher derives them from ``full_name``."""

    id: str
    full_name: str
    given_name: str = ""
    father_name: str = ""
    grandfather_name: str = ""
    family_name: str = ""
    nisba: str = ""  # nisba or laqab when it is told apart from the family name
    birth_year: int | None = None
    birth_date: str = ""  # when the day or month is known: YYYY[-MM[-DD]], its year is ``birth_year``
    place_of_origin: str = ""
    notes: str = ""
    kind: ListKind = ListKind.missing
    event_date: str = ""  # when detained, abducted, last seen or died (by the list's kind): YYYY[-MM[-DD]]
    event_place: str = ""  # where


@dataclass(frozen=True, slots=True)
class PersonList:
    """A party's list of one kind; ``records`` keep the file's order and have unique ids."""

    kind: ListKind
    records: tuple[PersonRecord, ...] = ()
    party: str = ""  # the submitting party's key, when known
    source: str = ""  # where the list came from (a file name), for messages

    def __len__(self) -> int:
        return len(self.records)


@dataclass(frozen=True, slots=True)
class MatchCandidate:
    """A candidate pair: record ``a`` of the first list, ``b`` of the second, a score in [0, 1], the decision
    at the threshold used, and what agreed and what differed, in words."""

    a: str
    b: str
    score: float
    match: bool
    why: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "score": self.score, "match": self.match, "why": list(self.why)}
