"""The inbox: what this instance accepted from its peers, with provenance, beside (never over) its own records.

* ``exchange_inbox`` — one row per accepted envelope: issuer, kind, audience, sequence, payload digest,
  when it was accepted, and the envelope as received;
* ``exchange_received_incidents`` — the incidents peers shared, keyed by ``(issuer, uid, version)``: whose
  claim it is (issuer), from which envelope (sequence, digest), the claim as sent, and this instance's
  own party-confirmation position on it (sent back with ``truceline exchange confirmations``).

A received incident never touches the ``incidents`` table: an import adds the issuer's claims beside the
receiver's records. The same incident version received again is kept as first received.
"""

from __future__ import annotations

import builtins
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import BigInteger, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from truceline.db.base import Base
from truceline.db.types import UTCDateTime


class ExchangeInboxRow(Base):
    __tablename__ = "exchange_inbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer: Mapped[str] = mapped_column(String(80), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    audience: Mapped[str] = mapped_column(String(80), default="")
    sequence: Mapped[int] = mapped_column(BigInteger)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    envelope: Mapped[str] = mapped_column(Text)


class ExchangeReceivedIncidentRow(Base):
    __tablename__ = "exchange_received_incidents"
    __table_args__ = (UniqueConstraint("issuer", "uid", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer: Mapped[str] = mapped_column(String(80), index=True)
    uid: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(BigInteger)
    digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claim: Mapped[str] = mapped_column(Text)  # the incident as the issuer sent it (canonical JSON)
    position: Mapped[str | None] = mapped_column(String(24))
    counter_evidence: Mapped[str | None] = mapped_column(Text)
    position_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class Accepted:
    issuer: str
    kind: str
    audience: str
    sequence: int
    digest: str
    accepted_at: datetime
    envelope: bytes


@dataclass(frozen=True)
class ReceivedIncident:
    issuer: str
    uid: str
    version: int
    sequence: int
    digest: str
    received_at: datetime
    claim: dict[str, Any]
    position: str | None = None
    counter_evidence: str | None = None
    position_at: datetime | None = None


class Inbox(Protocol):
    def add_accepted(self, accepted: Accepted) -> None: ...

    def has_incident(self, issuer: str, uid: str, version: int) -> bool: ...

    def add_incident(self, incident: ReceivedIncident) -> None: ...

    def incidents(self, *, issuer: str | None = None) -> builtins.list[ReceivedIncident]:
        """Received incidents, latest version of each (issuer, uid) only."""
        ...

    def set_position(self, issuer: str, uid: str, version: int, *, position: str, counter_evidence: str | None,
                     at: datetime) -> bool: ...


def _received(row: ExchangeReceivedIncidentRow) -> ReceivedIncident:
    return ReceivedIncident(issuer=row.issuer, uid=row.uid, version=row.version, sequence=row.sequence,
                            digest=row.digest, received_at=row.received_at, claim=json.loads(row.claim),
                            position=row.position, counter_evidence=row.counter_evidence,
                            position_at=row.position_at)


class SqlInbox:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_accepted(self, accepted: Accepted) -> None:
        self.session.add(ExchangeInboxRow(
            issuer=accepted.issuer, kind=accepted.kind, audience=accepted.audience, sequence=accepted.sequence,
            digest=accepted.digest, accepted_at=accepted.accepted_at, envelope=accepted.envelope.decode("utf-8")))
        self.session.flush()

    def _row(self, issuer: str, uid: str, version: int) -> ExchangeReceivedIncidentRow | None:
        return self.session.scalars(select(ExchangeReceivedIncidentRow).where(
            ExchangeReceivedIncidentRow.issuer == issuer, ExchangeReceivedIncidentRow.uid == uid,
            ExchangeReceivedIncidentRow.version == version)).one_or_none()

    def has_incident(self, issuer: str, uid: str, version: int) -> bool:
        return self._row(issuer, uid, version) is not None

    def add_incident(self, incident: ReceivedIncident) -> None:
        self.session.add(ExchangeReceivedIncidentRow(
            issuer=incident.issuer, uid=incident.uid, version=incident.version, sequence=incident.sequence,
            digest=incident.digest, received_at=incident.received_at,
            claim=json.dumps(incident.claim, sort_keys=True, ensure_ascii=False)))
        self.session.flush()

    def incidents(self, *, issuer: str | None = None) -> builtins.list[ReceivedIncident]:
        query = select(ExchangeReceivedIncidentRow)
        if issuer is not None:
            query = query.where(ExchangeReceivedIncidentRow.issuer == issuer)
        latest: dict[tuple[str, str], ReceivedIncident] = {}
        for row in self.session.scalars(query.order_by(ExchangeReceivedIncidentRow.version)):
            latest[(row.issuer, row.uid)] = _received(row)
        return sorted(latest.values(), key=lambda r: (r.issuer, r.uid))

    def set_position(self, issuer: str, uid: str, version: int, *, position: str, counter_evidence: str | None,
                     at: datetime) -> bool:
        row = self._row(issuer, uid, version)
        if row is None:
            return False
        row.position, row.counter_evidence, row.position_at = position, counter_evidence, at
        self.session.flush()
        return True
