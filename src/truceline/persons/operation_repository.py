"""SQLAlchemy adapter of exchange operations: one row each; batches and status steps are JSON columns,
read and written with their operation (they hold list keys and record ids, never a name)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import UTCDateTime
from truceline.persons.operation_models import ExchangeOperation, OperationQuery


class ExchangeOperationRow(Base):
    __tablename__ = "exchange_operations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), index=True)
    parties: Mapped[list[str]] = mapped_column(JSON)
    intermediary: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(200))
    tolerance_minutes: Mapped[float] = mapped_column(Float)
    batches: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    release: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


FIELDS = ("key", "number", "name", "parties", "intermediary", "place", "tolerance_minutes", "batches", "history",
          "release", "version", "created_at", "updated_at")


def _operation(row: ExchangeOperationRow) -> ExchangeOperation:
    return ExchangeOperation.model_validate({"id": row.id, **{f: getattr(row, f) for f in FIELDS}})


class SqlOperationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, operation_id: int) -> ExchangeOperation | None:
        row = self.session.get(ExchangeOperationRow, operation_id)
        return None if row is None else _operation(row)

    def get_by_key(self, key: str) -> ExchangeOperation | None:
        row = self.session.scalars(select(ExchangeOperationRow).where(ExchangeOperationRow.key == key)).first()
        return None if row is None else _operation(row)

    def _fill(self, row: ExchangeOperationRow, operation: ExchangeOperation) -> None:
        data = operation.model_dump(mode="json")
        for f in FIELDS:
            setattr(row, f, data[f] if f in ("batches", "history", "parties", "release") else getattr(operation, f))
        row.status = operation.status.value

    def add(self, operation: ExchangeOperation) -> ExchangeOperation:
        row = ExchangeOperationRow()
        self._fill(row, operation)
        self.session.add(row)
        self.session.flush()
        return operation.model_copy(update={"id": row.id})

    def save(self, operation: ExchangeOperation) -> None:
        row = self.session.get(ExchangeOperationRow, operation.id)
        assert row is not None, f"exchange operation {operation.id} vanished"
        self._fill(row, operation)
        self.session.flush()

    def max_number(self) -> int:
        return self.session.scalar(select(func.max(ExchangeOperationRow.number))) or 0

    def list(self, query: OperationQuery, page: Page) -> Paged[ExchangeOperation]:
        stmt = select(ExchangeOperationRow)
        if query.status is not None:
            stmt = stmt.where(ExchangeOperationRow.status == query.status.value)
        rows = [_operation(r) for r in self.session.scalars(stmt.order_by(ExchangeOperationRow.number))]
        if query.party is not None:  # two parties per row, in JSON: filtered here on both engines
            rows = [r for r in rows if query.party in r.parties]
        return Paged(rows[page.offset:page.offset + page.limit], len(rows))
