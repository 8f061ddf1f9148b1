"""API and file shapes of stored person lists: what comes in (``ListMeta``, ``PersonListCreate``,
``ListUpdate``) and what goes out (``PersonListPublic``, ``PersonRecordPublic``, ``AccessEntryPublic``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.persons.models import ListKind, PersonRecord
from truceline.persons.register_models import AccessEntry, StoredList


class ListMeta(BaseModel):
    """What is said about a list besides its records."""

    model_config = ConfigDict(extra="forbid")

    party: str = Field(min_length=1, max_length=80)
    kind: ListKind
    submitted_on: date | None = None  # default: today
    key: str | None = None  # default: <party>-<kind>-<submitted_on>, numbered when taken
    release: ReleaseLevel = ReleaseLevel.party_restricted
    source: str | None = Field(default=None, max_length=200)


class PersonRecordIn(BaseModel):
    """One person in the JSON form of a list: the CSV columns by name (checked by the CSV rules)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    full_name: str
    given_name: str | None = None
    father_name: str | None = None
    grandfather_name: str | None = None
    family_name: str | None = None
    birth_year: int | str | None = None
    place_of_origin: str | None = None
    notes: str | None = None
    event_date: str | None = None  # when detained, abducted, last seen or died: YYYY[-MM[-DD]]
    event_place: str | None = None
    nisba: str | None = None  # a nisba or laqab written apart from the family name
    birth_date: str | None = None  # YYYY[-MM[-DD]]; gives birth_year when that is empty


class PersonListCreate(ListMeta):
    records: list[PersonRecordIn] = Field(min_length=1)

    def meta(self) -> ListMeta:
        return ListMeta(**self.model_dump(exclude={"records"}))

    def rows(self) -> list[dict[str, Any]]:
        return [r.model_dump(exclude_none=True) for r in self.records]


class ListUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    release: ReleaseLevel | None = None
    submitted_on: date | None = None
    kind: ListKind | None = None
    reason: str | None = None
    expected_version: int | None = None


class PersonListsPublic(BaseModel):
    data: list[StoredList]
    count: int


class PersonRecordPublic(BaseModel):
    id: str
    full_name: str
    given_name: str = ""
    father_name: str = ""
    grandfather_name: str = ""
    family_name: str = ""
    birth_year: int | None = None
    place_of_origin: str = ""
    notes: str = ""
    event_date: str = ""
    event_place: str = ""
    nisba: str = ""
    birth_date: str = ""

    @classmethod
    def from_record(cls, record: PersonRecord) -> PersonRecordPublic:
        return cls(id=record.id, full_name=record.full_name, given_name=record.given_name,
                   father_name=record.father_name, grandfather_name=record.grandfather_name,
                   family_name=record.family_name, birth_year=record.birth_year,
                   place_of_origin=record.place_of_origin, notes=record.notes, event_date=record.event_date,
                   event_place=record.event_place, nisba=record.nisba, birth_date=record.birth_date)


class PersonRecordsPublic(BaseModel):
    data: list[PersonRecordPublic]
    person_list: StoredList
    count: int  # records on the list


class AccessLogPublic(BaseModel):
    data: list[AccessEntry]
    count: int
