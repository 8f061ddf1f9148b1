"""SQLAlchemy adapters of stored person lists and the person access log.

``person_lists`` holds the register entries (no personal value); ``person_records`` one row per person:
the list's id of the person (``ref``), its position and the sealed ``payload`` (``LargeBinary``: bytea on
PostgreSQL, BLOB on SQLite). Nothing personal is ever written in clear, so no column can be searched by
name: matching opens the records in Python. ``person_access_log`` is append-only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import UTCDateTime
from truceline.persons.register_models import AccessEntry, AccessQuery, ListQuery, SealedPerson, StoredList

IN_CHUNK = 500  # refs per IN (...) query


class PersonListRow(Base):
    __tablename__ = "person_lists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    party: Mapped[str] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    submitted_on: Mapped[date] = mapped_column(Date)
    release: Mapped[str] = mapped_column(String(20))
    source: Mapped[str | None] = mapped_column(String(200))
    record_count: Mapped[int] = mapped_column(Integer)
    key_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PersonRecordRow(Base):
    __tablename__ = "person_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("person_lists.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    payload: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_person_records_list_ref", "list_id", "ref", unique=True),)


class PersonAccessRow(Base):
    __tablename__ = "person_access_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(120), index=True)
    role: Mapped[str] = mapped_column(String(40))
    party: Mapped[str | None] = mapped_column(String(80))
    via: Mapped[str] = mapped_column(String(20))
    route: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(20))
    list_key: Mapped[str] = mapped_column(String(80), index=True)
    record_refs: Mapped[list[str]] = mapped_column(JSON)
    all_records: Mapped[bool] = mapped_column(Boolean)
    record_count: Mapped[int] = mapped_column(Integer)


def _plist(row: PersonListRow) -> StoredList:
    return StoredList.model_validate({c: getattr(row, c) for c in StoredList.model_fields})


class SqlPersonListRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, list_id: int) -> StoredList | None:
        row = self.session.get(PersonListRow, list_id)
        return None if row is None else _plist(row)

    def get_by_key(self, key: str) -> StoredList | None:
        row = self.session.scalars(select(PersonListRow).where(PersonListRow.key == key)).first()
        return None if row is None else _plist(row)

    def _fill(self, row: PersonListRow, plist: StoredList) -> None:
        for name in StoredList.model_fields:
            if name != "id":
                value: Any = getattr(plist, name)
                setattr(row, name, value.value if hasattr(value, "value") else value)

    def add(self, plist: StoredList, records: Sequence[SealedPerson]) -> StoredList:
        row = PersonListRow()
        self._fill(row, plist)
        self.session.add(row)
        self.session.flush()
        self._insert(row.id, records)
        return plist.model_copy(update={"id": row.id})

    def _insert(self, list_id: int, records: Sequence[SealedPerson]) -> None:
        if records:
            self.session.execute(PersonRecordRow.__table__.insert(), [  # type: ignore[attr-defined]
                {"list_id": list_id, "ref": r.ref, "position": r.position, "payload": r.payload} for r in records])

    def save(self, plist: StoredList) -> None:
        row = self.session.get(PersonListRow, plist.id)
        assert row is not None, f"person list {plist.id} vanished"
        self._fill(row, plist)
        self.session.flush()

    def replace_records(self, list_id: int, records: Sequence[SealedPerson]) -> None:
        self.session.execute(delete(PersonRecordRow).where(PersonRecordRow.list_id == list_id))
        self._insert(list_id, records)

    def records(self, list_id: int, *, refs: Sequence[str] | None = None, page: Page | None = None
                ) -> list[SealedPerson]:
        base = select(PersonRecordRow.ref, PersonRecordRow.position, PersonRecordRow.payload).where(
            PersonRecordRow.list_id == list_id)
        if refs is not None:
            wanted = list(dict.fromkeys(refs))
            rows: list[Any] = []
            for n in range(0, len(wanted), IN_CHUNK):
                rows.extend(self.session.execute(base.where(PersonRecordRow.ref.in_(wanted[n:n + IN_CHUNK]))))
            rows.sort(key=lambda r: r.position)
        else:
            stmt = base.order_by(PersonRecordRow.position)
            if page is not None:
                stmt = stmt.limit(page.limit).offset(page.offset)
            rows = list(self.session.execute(stmt))
        return [SealedPerson(ref=r.ref, position=r.position, payload=bytes(r.payload)) for r in rows]

    def list(self, query: ListQuery, page: Page) -> Paged[StoredList]:
        stmt = select(PersonListRow)
        if query.party is not None:
            stmt = stmt.where(PersonListRow.party == query.party)
        if query.kind is not None:
            stmt = stmt.where(PersonListRow.kind == query.kind.value)
        if query.parties is not None:
            stmt = stmt.where(PersonListRow.party.in_(sorted(query.parties)))
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(PersonListRow.submitted_on.desc(), PersonListRow.key)
                                    .limit(page.limit).offset(page.offset)).all()
        return Paged([_plist(r) for r in rows], count)


class SqlPersonAccessLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: AccessEntry) -> AccessEntry:
        data = entry.model_dump(mode="json", exclude={"id", "at"})
        row = PersonAccessRow(at=entry.at, **data)
        self.session.add(row)
        self.session.flush()
        return entry.model_copy(update={"id": row.id})

    def list(self, query: AccessQuery, page: Page) -> Paged[AccessEntry]:
        stmt = select(PersonAccessRow)
        if query.actor is not None:
            stmt = stmt.where(PersonAccessRow.actor == query.actor)
        if query.list_key is not None:
            stmt = stmt.where(PersonAccessRow.list_key == query.list_key)
        if query.since is not None:
            stmt = stmt.where(PersonAccessRow.at >= query.since)
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(PersonAccessRow.id.desc()).limit(page.limit).offset(page.offset))
        return Paged([AccessEntry.model_validate({c: getattr(r, c) for c in AccessEntry.model_fields})
                      for r in rows], count)
