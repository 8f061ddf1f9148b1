"""SQLAlchemy adapter of the talks register.

Delegations point at parties by integer foreign key. An outcome names its agreement by KEY
(``talks_outcomes.agreement_key``), checked by the service, so this table does not depend on the
agreements table.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint, exists, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from truceline.common.models import ReleaseLevel, normalise_name
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import KeyList, UTCDateTime
from truceline.db.visibility import with_view
from truceline.registry.repository import PartyRow, party_id_for
from truceline.talks.models import (
    Delegation,
    GroupLevel,
    Outcome,
    Standing,
    TalksRound,
    TalksRoundQuery,
    TalksStatus,
    WorkingGroup,
)


class TalksRoundRow(Base):
    __tablename__ = "talks_rounds"
    __table_args__ = (UniqueConstraint("track", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(200))
    track: Mapped[str] = mapped_column(String(80), index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    summary: Mapped[str | None] = mapped_column(Text)
    source_note: Mapped[str | None] = mapped_column(Text)
    release: Mapped[str] = mapped_column(String(20), default=ReleaseLevel.public.value)
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    delegations: Mapped[list[TalksDelegationRow]] = relationship(
        cascade="all, delete-orphan", order_by="TalksDelegationRow.position", lazy="selectin"
    )
    working_groups: Mapped[list[TalksWorkingGroupRow]] = relationship(
        cascade="all, delete-orphan", order_by="TalksWorkingGroupRow.position", lazy="selectin"
    )
    outcomes: Mapped[list[TalksOutcomeRow]] = relationship(
        cascade="all, delete-orphan", order_by="TalksOutcomeRow.position", lazy="selectin"
    )


class TalksDelegationRow(Base):
    __tablename__ = "talks_delegations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("talks_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    standing: Mapped[str] = mapped_column(String(20), index=True)
    head: Mapped[str | None] = mapped_column(String(200))
    members: Mapped[list[str]] = mapped_column(JSON, default=list)

    party: Mapped[PartyRow] = relationship(lazy="joined")


class TalksWorkingGroupRow(Base):
    __tablename__ = "talks_working_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("talks_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    topic: Mapped[str | None] = mapped_column(Text)


class TalksOutcomeRow(Base):
    __tablename__ = "talks_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("talks_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(Text)
    agreement_key: Mapped[str | None] = mapped_column(String(80), index=True)
    on_date: Mapped[date | None] = mapped_column(Date)


class SqlTalksRoundRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, round_id: int) -> TalksRound | None:
        row = self.session.get(TalksRoundRow, round_id)
        return None if row is None else _to_domain(row)

    def get_by_key(self, key: str) -> TalksRound | None:
        row = self.session.scalars(select(TalksRoundRow).where(TalksRoundRow.key == key)).first()
        return None if row is None else _to_domain(row)

    def add(self, talks_round: TalksRound) -> TalksRound:
        row = TalksRoundRow()
        self._fill(row, talks_round)
        self.session.add(row)
        self.session.flush()
        return talks_round.model_copy(update={"id": row.id})

    def save(self, talks_round: TalksRound) -> None:
        row = self.session.get(TalksRoundRow, talks_round.id)
        assert row is not None, f"talks round {talks_round.id} vanished"
        self._fill(row, talks_round)
        self.session.flush()

    def list(self, query: TalksRoundQuery, page: Page) -> Paged[TalksRound]:
        stmt = with_view(select(TalksRoundRow).where(*_conditions(query)), TalksRoundRow, query.view)
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(TalksRoundRow.starts_on, TalksRoundRow.id)
                                    .limit(page.limit).offset(page.offset)).all()
        return Paged([_to_domain(r) for r in rows], count)

    def _party_id(self, key: str) -> int:
        return party_id_for(self.session, key, what="delegation")

    def _fill(self, row: TalksRoundRow, talks_round: TalksRound) -> None:
        row.key = talks_round.key
        row.name = talks_round.name
        row.name_norm = normalise_name(talks_round.name)
        row.track = talks_round.track
        row.number = talks_round.number
        row.starts_on = talks_round.starts_on
        row.ends_on = talks_round.ends_on
        row.place = talks_round.place
        row.status = talks_round.status.value
        row.summary = talks_round.summary
        row.source_note = talks_round.source_note
        row.release = talks_round.release.value
        row.released_to = talks_round.released_to
        row.version = talks_round.version
        row.created_at = talks_round.created_at
        row.updated_at = talks_round.updated_at
        row.delegations = [
            TalksDelegationRow(position=i, party_id=self._party_id(d.party), standing=d.standing.value,
                               head=d.head, members=list(d.members))
            for i, d in enumerate(talks_round.delegations)
        ]
        row.working_groups = [
            TalksWorkingGroupRow(position=i, name=g.name, level=g.level.value, topic=g.topic)
            for i, g in enumerate(talks_round.working_groups)
        ]
        row.outcomes = [
            TalksOutcomeRow(position=i, summary=o.summary, agreement_key=o.agreement, on_date=o.on)
            for i, o in enumerate(talks_round.outcomes)
        ]


def _to_domain(row: TalksRoundRow) -> TalksRound:
    return TalksRound(
        id=row.id, key=row.key, name=row.name, track=row.track, number=row.number,
        starts_on=row.starts_on, ends_on=row.ends_on, place=row.place, status=TalksStatus(row.status),
        summary=row.summary, source_note=row.source_note, release=ReleaseLevel(row.release),
        released_to=row.released_to,
        version=row.version, created_at=row.created_at, updated_at=row.updated_at,
        delegations=[
            Delegation(party=d.party.key, standing=Standing(d.standing), head=d.head, members=list(d.members))
            for d in row.delegations
        ],
        working_groups=[
            WorkingGroup(name=g.name, level=GroupLevel(g.level), topic=g.topic) for g in row.working_groups
        ],
        outcomes=[Outcome(summary=o.summary, agreement=o.agreement_key, on=o.on_date) for o in row.outcomes],
    )


def _conditions(query: TalksRoundQuery) -> list[Any]:
    """The WHERE clauses of ``TalksRoundQuery.matches``."""
    out: list[Any] = []
    if query.track is not None:
        out.append(TalksRoundRow.track == query.track)
    if query.party is not None or query.standing is not None:
        has = exists().where(TalksDelegationRow.round_id == TalksRoundRow.id)
        if query.party is not None:
            has = has.where(TalksDelegationRow.party_id == PartyRow.id, PartyRow.key == query.party)
        if query.standing is not None:
            has = has.where(TalksDelegationRow.standing == query.standing.value)
        out.append(has)
    last_day = func.coalesce(TalksRoundRow.ends_on, TalksRoundRow.starts_on)
    if query.date_from is not None:
        out.append(last_day >= query.date_from)
    if query.date_to is not None:
        out.append(TalksRoundRow.starts_on <= query.date_to)
    if query.at is not None:
        out.append(TalksRoundRow.starts_on <= query.at)
    if query.q:
        out.append(TalksRoundRow.name_norm.like(f"%{normalise_name(query.q)}%"))
    return out
