"""SQLAlchemy adapter of match runs and their candidate pairs (explanations sealed in ``why``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import UTCDateTime
from truceline.persons.review_models import MatchPair, MatchRun, PairQuery, SealedPair


class MatchRunRow(Base):
    __tablename__ = "person_match_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_a: Mapped[str] = mapped_column(String(80))
    list_b: Mapped[str] = mapped_column(String(80))
    threshold: Mapped[float] = mapped_column(Float)
    min_score: Mapped[float] = mapped_column(Float)
    pair_count: Mapped[int] = mapped_column(Integer)
    match_count: Mapped[int] = mapped_column(Integer)
    skipped_blocks: Mapped[int] = mapped_column(Integer)
    key_id: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(12), server_default="done")
    error: Mapped[str | None] = mapped_column(Text)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class MatchPairRow(Base):
    __tablename__ = "person_match_pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("person_match_runs.id", ondelete="CASCADE"))
    a: Mapped[str] = mapped_column(String(200))
    b: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    match: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    why: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_person_match_pairs_run_status", "run_id", "status"),)


PAIR_FIELDS = tuple(f for f in MatchPair.model_fields)


def _pair(row: MatchPairRow) -> SealedPair:
    return SealedPair(pair=MatchPair.model_validate({f: getattr(row, f) for f in PAIR_FIELDS}), why=bytes(row.why))


class SqlMatchRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_run(self, run: MatchRun) -> MatchRun:
        row = MatchRunRow(**{**run.model_dump(exclude={"id"}), "state": run.state.value})
        self.session.add(row)
        self.session.flush()
        return run.model_copy(update={"id": row.id})

    def save_run(self, run: MatchRun) -> None:
        row = self.session.get(MatchRunRow, run.id)
        if row is None:
            raise KeyError(run.id)
        for f, value in run.model_dump(exclude={"id"}).items():
            setattr(row, f, value.value if f == "state" else value)
        self.session.flush()

    def touch_run(self, run_id: int, at: datetime) -> None:
        """A sign of life of a running run: only ``heartbeat_at`` changes, not the version."""
        self.session.execute(update(MatchRunRow).where(MatchRunRow.id == run_id).values(heartbeat_at=at))

    def add_pairs(self, pairs: Sequence[SealedPair]) -> None:
        if pairs:
            self.session.execute(MatchPairRow.__table__.insert(), [  # type: ignore[attr-defined]
                {**p.pair.model_dump(exclude={"id"}), "status": p.pair.status.value, "why": p.why} for p in pairs])

    def get_run(self, run_id: int) -> MatchRun | None:
        row = self.session.get(MatchRunRow, run_id)
        return None if row is None else MatchRun.model_validate({f: getattr(row, f) for f in MatchRun.model_fields})

    def runs(self, page: Page) -> Paged[MatchRun]:
        count = self.session.scalar(select(func.count()).select_from(MatchRunRow)) or 0
        rows = self.session.scalars(select(MatchRunRow).order_by(MatchRunRow.id.desc())
                                    .limit(page.limit).offset(page.offset))
        return Paged([MatchRun.model_validate({f: getattr(r, f) for f in MatchRun.model_fields}) for r in rows], count)

    def pairs(self, run_id: int, query: PairQuery, page: Page) -> Paged[SealedPair]:
        stmt = select(MatchPairRow).where(MatchPairRow.run_id == run_id)
        if query.status is not None:
            stmt = stmt.where(MatchPairRow.status == query.status.value)
        if query.matches_only:
            stmt = stmt.where(MatchPairRow.match.is_(True))
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(MatchPairRow.id).limit(page.limit).offset(page.offset))
        return Paged([_pair(r) for r in rows], count)

    def get_pair(self, run_id: int, pair_id: int) -> SealedPair | None:
        row = self.session.get(MatchPairRow, pair_id)
        return None if row is None or row.run_id != run_id else _pair(row)

    def save_pair(self, pair: MatchPair) -> None:
        row = self.session.get(MatchPairRow, pair.id)
        assert row is not None, f"match pair {pair.id} vanished"
        row.status, row.reviewed_by, row.reviewed_at = pair.status.value, pair.reviewed_by, pair.reviewed_at
        row.reason, row.version = pair.reason, pair.version
        self.session.flush()
