"""SQLAlchemy adapter of the sequence state: one row per stream (issuer, kind, audience).

``advance`` is a compare-and-set inside the caller's transaction: an UPDATE guarded by the last sequence
number verification saw, or an INSERT guarded by the stream's unique constraint (in a savepoint, so a lost
race does not spoil the caller's transaction). The caller commits together with its import.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ColumnElement, Integer, String, UniqueConstraint, and_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from truceline.db.base import Base
from truceline.db.types import UTCDateTime
from truceline.exchange.sequences import SequenceMark, StreamKey


class ExchangeSequenceRow(Base):
    __tablename__ = "exchange_sequences"
    __table_args__ = (UniqueConstraint("issuer", "kind", "audience"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40))
    audience: Mapped[str] = mapped_column(String(80), default="")
    last_sequence: Mapped[int] = mapped_column(BigInteger)
    last_digest: Mapped[str] = mapped_column(String(64))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SqlSequenceStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _where(self, stream: StreamKey) -> ColumnElement[bool]:
        return and_(ExchangeSequenceRow.issuer == stream.issuer, ExchangeSequenceRow.kind == stream.kind,
                    ExchangeSequenceRow.audience == stream.audience)

    def last(self, stream: StreamKey) -> SequenceMark | None:
        row = self.session.scalars(select(ExchangeSequenceRow).where(self._where(stream))).one_or_none()
        if row is None:
            return None
        return SequenceMark(sequence=row.last_sequence, digest=row.last_digest, accepted_at=row.accepted_at)

    def advance(self, stream: StreamKey, *, previous: int | None, mark: SequenceMark) -> bool:
        if previous is None:
            try:
                with self.session.begin_nested():
                    self.session.add(ExchangeSequenceRow(issuer=stream.issuer, kind=stream.kind,
                                                         audience=stream.audience, last_sequence=mark.sequence,
                                                         last_digest=mark.digest, accepted_at=mark.accepted_at))
            except IntegrityError:
                return False
            return True
        result = self.session.execute(
            update(ExchangeSequenceRow)
            .where(self._where(stream), ExchangeSequenceRow.last_sequence == previous)
            .values(last_sequence=mark.sequence, last_digest=mark.digest, accepted_at=mark.accepted_at)
            .execution_options(synchronize_session=False))
        return bool(getattr(result, "rowcount", 0) == 1)
