"""SQLAlchemy adapter of the sources register."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from truceline.common.models import ReleaseLevel, normalise_name
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import KeyList, UTCDateTime
from truceline.db.visibility import with_view
from truceline.registry.repository import PartyRow, party_id_for
from truceline.sources.models import Reliability, Source, SourceKind, SourceQuery


class SourceRow(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    url: Mapped[str | None] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(Text)
    reliability_override: Mapped[str | None] = mapped_column(String(1))
    override_reason: Mapped[str | None] = mapped_column(Text)
    release: Mapped[str] = mapped_column(String(20), default=ReleaseLevel.mechanism.value)
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    party: Mapped[PartyRow | None] = relationship(lazy="joined")


class SqlSourceRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, source_id: int) -> Source | None:
        row = self.session.get(SourceRow, source_id)
        return None if row is None else _to_domain(row)

    def get_by_key(self, key: str) -> Source | None:
        row = self.session.scalars(select(SourceRow).where(SourceRow.key == key)).first()
        return None if row is None else _to_domain(row)

    def key_to_id(self, key: str) -> int | None:
        return self.session.scalar(select(SourceRow.id).where(SourceRow.key == key))

    def find_by_name(self, name: str) -> list[Source]:
        rows = self.session.scalars(select(SourceRow).where(SourceRow.name_norm == normalise_name(name))
                                    .order_by(SourceRow.id)).all()
        return [_to_domain(r) for r in rows]

    def add(self, source: Source) -> Source:
        row = SourceRow()
        self._fill(row, source)
        self.session.add(row)
        self.session.flush()
        return source.model_copy(update={"id": row.id})

    def save(self, source: Source) -> None:
        row = self.session.get(SourceRow, source.id)
        assert row is not None, f"source {source.id} vanished"
        self._fill(row, source)
        self.session.flush()

    def list(self, query: SourceQuery, page: Page) -> Paged[Source]:
        stmt = select(SourceRow)
        stmt = with_view(stmt, SourceRow, query.view)
        if query.kind is not None:
            stmt = stmt.where(SourceRow.kind == query.kind.value)
        if query.party is not None:
            stmt = stmt.where(SourceRow.party_id.in_(select(PartyRow.id).where(PartyRow.key == query.party)))
        if query.q:
            stmt = stmt.where(SourceRow.name_norm.like(f"%{normalise_name(query.q)}%"))
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(SourceRow.name, SourceRow.id)
                                    .limit(page.limit).offset(page.offset)).all()
        return Paged([_to_domain(r) for r in rows], count)

    def _fill(self, row: SourceRow, source: Source) -> None:
        row.key = source.key
        row.name = source.name
        row.name_norm = normalise_name(source.name)
        row.kind = source.kind.value
        party_id = None
        if source.party is not None:
            party_id = party_id_for(self.session, source.party, what="source")
        row.party_id = party_id
        row.url = source.url
        row.description = source.description
        row.reliability_override = source.reliability_override.value if source.reliability_override else None
        row.override_reason = source.override_reason
        row.release = source.release.value
        row.released_to = source.released_to
        row.version = source.version
        row.created_at = source.created_at
        row.updated_at = source.updated_at


def _to_domain(row: SourceRow) -> Source:
    return Source(
        id=row.id, key=row.key, name=row.name, kind=SourceKind(row.kind),
        party=row.party.key if row.party is not None else None, url=row.url, description=row.description,
        reliability_override=Reliability(row.reliability_override) if row.reliability_override else None,
        override_reason=row.override_reason, release=ReleaseLevel(row.release),
        released_to=row.released_to, version=row.version,
        created_at=row.created_at, updated_at=row.updated_at)
