"""Pure domain objects of stored person lists: the register entry, its sealed records, the access log.

A ``StoredList`` is the register entry of one party's list (``PersonList`` in the glossary): who submitted
it, what kind, when, its release level and version. It holds **no personal value**, so it may go into
the change log as it is. Its records are kept as ``SealedPerson``: the list's own id of the person
(``ref``, in clear, used by exchange operations and match pairs) and one sealed blob holding every
personal field (``crypto.py``). The plain ``PersonRecord`` exists only in memory, after ``open``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from truceline.common.models import ReleaseLevel
from truceline.persons.models import ListKind


class StoredList(BaseModel):
    id: int
    key: str
    party: str  # the submitting party's key
    kind: ListKind
    submitted_on: date
    release: ReleaseLevel = ReleaseLevel.party_restricted
    source: str | None = None  # the file name it was imported from, if any
    record_count: int = 0
    key_id: str  # which persons key sealed its records (crypto.PersonCipher.key_id)
    version: int = 1
    created_at: datetime
    updated_at: datetime


class SealedPerson(BaseModel):
    ref: str  # the person's id on the list (the CSV ``id`` column)
    position: int  # order in the submitted list
    payload: bytes  # the sealed JSON of the personal fields


class ListQuery(BaseModel):
    party: str | None = None
    kind: ListKind | None = None
    parties: frozenset[str] | None = None  # only these parties' lists (a liaison sees their own)

    def matches(self, plist: StoredList) -> bool:
        return ((self.party is None or plist.party == self.party)
                and (self.kind is None or plist.kind == self.kind)
                and (self.parties is None or plist.party in self.parties))


class AccessAction(StrEnum):
    read = "read"  # person records shown
    export = "export"  # a list written out as a file
    match = "match"  # match pairs shown with names


class Reader(BaseModel):
    """Who reads person data, how and why: what an access-log entry records besides the records."""

    actor: str
    role: str
    party: str | None = None
    via: str  # "session", "token", "cli"
    route: str  # "GET /api/v1/persons/lists/{ref}/records", "cli persons lists show"
    purpose: str | None = None  # the reason the reader gave, when they gave one


class AccessEntry(BaseModel):
    id: int = 0
    at: datetime
    actor: str
    role: str
    party: str | None = None
    via: str
    route: str
    purpose: str | None = None
    action: AccessAction
    list_key: str
    record_refs: list[str] = Field(default_factory=list)  # empty with ``all_records``
    all_records: bool = False  # the whole list was read (export): refs are not repeated
    record_count: int = 0


class AccessQuery(BaseModel):
    actor: str | None = None
    list_key: str | None = None
    since: datetime | None = None

    def matches(self, entry: AccessEntry) -> bool:
        return ((self.actor is None or entry.actor == self.actor)
                and (self.list_key is None or entry.list_key == self.list_key)
                and (self.since is None or entry.at >= self.since))
