"""SQLAlchemy adapter of the change history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from truceline.audit.models import Action, Change
from truceline.db.base import Base
from truceline.db.types import UTCDateTime


class ChangeRow(Base):
    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_entity_record", "entity", "record_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    record_key: Mapped[str | None] = mapped_column(String(80))
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SqlChangeLog:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, change: Change) -> None:
        self.session.add(ChangeRow(**change.model_dump(exclude={"id"})))
        self.session.flush()

    def for_record(self, entity: str, record_id: int) -> list[Change]:
        rows = self.session.scalars(
            select(ChangeRow).where(ChangeRow.entity == entity, ChangeRow.record_id == record_id)
            .order_by(ChangeRow.id)
        ).all()
        return [_change(r) for r in rows]

    # Reading the history in order, for the change feed of the exports.

    def after(self, entity: str, *, after_id: int, limit: int) -> list[Change]:
        """The changes of ``entity`` with an id above ``after_id``, oldest first, at most ``limit``."""
        rows = self.session.scalars(select(ChangeRow).where(ChangeRow.entity == entity, ChangeRow.id > after_id)
                                    .order_by(ChangeRow.id).limit(limit)).all()
        return [_change(r) for r in rows]

    def latest_ids(self, entity: str, record_ids: list[int]) -> dict[int, int]:
        """The id of the latest change of each record."""
        if not record_ids:
            return {}
        rows = self.session.execute(select(ChangeRow.record_id, func.max(ChangeRow.id))
                                    .where(ChangeRow.entity == entity, ChangeRow.record_id.in_(record_ids))
                                    .group_by(ChangeRow.record_id))
        return {int(record_id): int(last) for record_id, last in rows}

    def first_after(self, entity: str, record_ids: list[int], *, after_id: int) -> dict[int, Change]:
        """The first change of each record with an id above ``after_id`` (its ``before`` is the record as it
        was at that point)."""
        if not record_ids:
            return {}
        firsts = (select(func.min(ChangeRow.id)).where(ChangeRow.entity == entity, ChangeRow.id > after_id,
                                                       ChangeRow.record_id.in_(record_ids))
                  .group_by(ChangeRow.record_id))
        rows = self.session.scalars(select(ChangeRow).where(ChangeRow.id.in_(firsts))).all()
        return {r.record_id: _change(r) for r in rows}

    def last_id(self) -> int:
        """The id of the latest change of any record; 0 when the history is empty."""
        return int(self.session.scalar(select(func.max(ChangeRow.id))) or 0)


def _change(r: ChangeRow) -> Change:
    return Change(id=r.id, entity=r.entity, record_id=r.record_id, record_key=r.record_key, version=r.version,
                  action=Action(r.action), actor=r.actor, at=r.at, reason=r.reason, before=r.before, after=r.after)
