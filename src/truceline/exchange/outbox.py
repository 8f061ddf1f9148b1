"""The outbox: what this instance signed, numbered per stream, kept so that peers can pull it.

A stream is ``(issuer, kind, audience)`` (``audience`` ``""`` when the envelope is for every peer), as in
``sequences.py``. ``next_sequence`` is one more than the highest number the stream has used (1 for a new
stream); ``add`` keeps the signed envelope under that number. Both run in the caller's transaction, and
the unique constraint on ``(issuer, kind, audience, sequence)`` stops two issues from taking one number,
so the counter survives restarts and never gives a number twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import BigInteger, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from truceline.db.base import Base
from truceline.db.types import UTCDateTime
from truceline.errors import SequenceConflict
from truceline.exchange.sequences import StreamKey


class ExchangeOutboxRow(Base):
    __tablename__ = "exchange_outbox"
    __table_args__ = (UniqueConstraint("issuer", "kind", "audience", "sequence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(40), index=True)
    audience: Mapped[str] = mapped_column(String(80), default="")
    sequence: Mapped[int] = mapped_column(BigInteger)
    digest: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    envelope: Mapped[str] = mapped_column(Text)  # the envelope's canonical JSON, as sent


@dataclass(frozen=True)
class Issued:
    stream: StreamKey
    sequence: int
    digest: str
    issued_at: datetime
    expires_at: datetime
    envelope: bytes


class Outbox(Protocol):
    def next_sequence(self, stream: StreamKey) -> int: ...

    def add(self, issued: Issued) -> None: ...

    def after(self, *, kind: str | None, after: int, audience: str | None, limit: int) -> list[Issued]:
        """Envelopes with a sequence above ``after``, oldest first; ``audience``: those for every peer and
        those addressed to it (``None``: all)."""
        ...


class MemoryOutbox:
    def __init__(self) -> None:
        self.issued: list[Issued] = []

    def next_sequence(self, stream: StreamKey) -> int:
        return 1 + max((i.sequence for i in self.issued if i.stream == stream), default=0)

    def add(self, issued: Issued) -> None:
        if any(i.stream == issued.stream and i.sequence == issued.sequence for i in self.issued):
            raise SequenceConflict(f"sequence {issued.sequence} of {issued.stream} is taken")
        self.issued.append(issued)

    def after(self, *, kind: str | None, after: int, audience: str | None, limit: int) -> list[Issued]:
        hits = [i for i in self.issued if i.sequence > after and (kind is None or i.stream.kind == kind)
                and (audience is None or i.stream.audience in ("", audience))]
        return sorted(hits, key=lambda i: (i.stream, i.sequence))[:limit]


class SqlOutbox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def next_sequence(self, stream: StreamKey) -> int:
        top = self.session.scalar(select(func.max(ExchangeOutboxRow.sequence)).where(
            ExchangeOutboxRow.issuer == stream.issuer, ExchangeOutboxRow.kind == stream.kind,
            ExchangeOutboxRow.audience == stream.audience))
        return 1 + int(top or 0)

    def add(self, issued: Issued) -> None:
        try:
            with self.session.begin_nested():
                self.session.add(ExchangeOutboxRow(
                    issuer=issued.stream.issuer, kind=issued.stream.kind, audience=issued.stream.audience,
                    sequence=issued.sequence, digest=issued.digest, issued_at=issued.issued_at,
                    expires_at=issued.expires_at, envelope=issued.envelope.decode("utf-8")))
        except IntegrityError:
            raise SequenceConflict(f"sequence {issued.sequence} of the {issued.stream.kind} stream was taken by "
                                   "another issue at the same moment; issue again") from None

    def after(self, *, kind: str | None, after: int, audience: str | None, limit: int) -> list[Issued]:
        query = select(ExchangeOutboxRow).where(ExchangeOutboxRow.sequence > after)
        if kind is not None:
            query = query.where(ExchangeOutboxRow.kind == kind)
        if audience is not None:
            query = query.where(ExchangeOutboxRow.audience.in_(["", audience]))
        query = query.order_by(ExchangeOutboxRow.issuer, ExchangeOutboxRow.kind, ExchangeOutboxRow.audience,
                               ExchangeOutboxRow.sequence).limit(limit)
        return [Issued(stream=StreamKey(r.issuer, r.kind, r.audience), sequence=r.sequence, digest=r.digest,
                       issued_at=r.issued_at, expires_at=r.expires_at, envelope=r.envelope.encode("utf-8"))
                for r in self.session.scalars(query)]
