"""SQLAlchemy adapter of the party register."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, func, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from truceline.common.models import ReleaseLevel, normalise_name
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import KeyList, UTCDateTime
from truceline.db.visibility import with_view
from truceline.registry.models import Affiliation, Alias, Party, PartyKind, PartyQuery, Relation, Script


class PartyRow(Base):
    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    country_code: Mapped[str | None] = mapped_column(String(2))
    description: Mapped[str | None] = mapped_column(Text)
    active_from: Mapped[date | None] = mapped_column(Date)
    active_until: Mapped[date | None] = mapped_column(Date)
    release: Mapped[str] = mapped_column(String(20), default=ReleaseLevel.public.value)
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    aliases: Mapped[list[PartyAliasRow]] = relationship(
        cascade="all, delete-orphan", order_by="PartyAliasRow.position", lazy="selectin"
    )
    affiliations: Mapped[list[PartyAffiliationRow]] = relationship(
        cascade="all, delete-orphan", order_by="PartyAffiliationRow.position", lazy="selectin",
        foreign_keys="PartyAffiliationRow.party_id",
    )


class PartyAliasRow(Base):
    __tablename__ = "party_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    name_norm: Mapped[str] = mapped_column(String(200), index=True)
    script: Mapped[str] = mapped_column(String(16))
    lang: Mapped[str | None] = mapped_column(String(10))


class PartyAffiliationRow(Base):
    __tablename__ = "party_affiliations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    relation: Mapped[str] = mapped_column(String(32))
    other_party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    other: Mapped[PartyRow] = relationship(foreign_keys=[other_party_id], lazy="joined")


def party_id_for(session: Session, key: str, *, what: str) -> int:
    """The local id of the party with ``key``; services have checked it exists, so a miss is a bug."""
    party_id = session.scalar(select(PartyRow.id).where(PartyRow.key == key))
    assert party_id is not None, f"{what} names unknown party {key}"
    return party_id


class SqlPartyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, party_id: int) -> Party | None:
        row = self.session.get(PartyRow, party_id)
        return None if row is None else _to_domain(row)

    def get_by_key(self, key: str) -> Party | None:
        row = self.session.scalars(select(PartyRow).where(PartyRow.key == key)).first()
        return None if row is None else _to_domain(row)

    def key_to_id(self, key: str) -> int | None:
        return self.session.scalar(select(PartyRow.id).where(PartyRow.key == key))

    def find_by_name(self, name: str) -> list[Party]:
        norm = normalise_name(name)
        alias_hit = select(PartyAliasRow.party_id).where(PartyAliasRow.name_norm == norm)
        rows = self.session.scalars(
            select(PartyRow).where(or_(PartyRow.name_norm == norm, PartyRow.id.in_(alias_hit)))
            .order_by(PartyRow.id)
        ).all()
        return [_to_domain(r) for r in rows]

    def add(self, party: Party) -> Party:
        row = PartyRow()
        self._fill(row, party)
        self.session.add(row)
        self.session.flush()
        return party.model_copy(update={"id": row.id})

    def save(self, party: Party) -> None:
        row = self.session.get(PartyRow, party.id)
        assert row is not None, f"party {party.id} vanished"
        self._fill(row, party)
        self.session.flush()

    def list(self, query: PartyQuery, page: Page) -> Paged[Party]:
        stmt = select(PartyRow)
        stmt = with_view(stmt, PartyRow, query.view)
        if query.kind is not None:
            stmt = stmt.where(PartyRow.kind == query.kind.value)
        if query.at is not None:
            stmt = stmt.where(or_(PartyRow.active_from.is_(None), PartyRow.active_from <= query.at))
            stmt = stmt.where(or_(PartyRow.active_until.is_(None), PartyRow.active_until > query.at))
        if query.q:
            like = f"%{normalise_name(query.q)}%"
            alias_hit = select(PartyAliasRow.party_id).where(PartyAliasRow.name_norm.like(like))
            stmt = stmt.where(or_(PartyRow.name_norm.like(like), PartyRow.id.in_(alias_hit)))
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(PartyRow.name, PartyRow.id)
                                    .limit(page.limit).offset(page.offset)).all()
        return Paged([_to_domain(r) for r in rows], count)

    def _fill(self, row: PartyRow, party: Party) -> None:
        row.key = party.key
        row.name = party.name
        row.name_norm = normalise_name(party.name)
        row.kind = party.kind.value
        row.country_code = party.country_code
        row.description = party.description
        row.active_from = party.active_from
        row.active_until = party.active_until
        row.release = party.release.value
        row.released_to = party.released_to
        row.version = party.version
        row.created_at = party.created_at
        row.updated_at = party.updated_at
        row.aliases = [
            PartyAliasRow(position=i, name=a.name, name_norm=normalise_name(a.name),
                          script=(a.script or Script.other).value, lang=a.lang)
            for i, a in enumerate(party.aliases)
        ]
        affiliations = []
        for i, aff in enumerate(party.affiliations):
            other_id = party_id_for(self.session, aff.party, what="affiliation")
            affiliations.append(PartyAffiliationRow(
                position=i, relation=aff.relation.value, other_party_id=other_id,
                valid_from=aff.valid_from, valid_until=aff.valid_until, note=aff.note))
        row.affiliations = affiliations


def _to_domain(row: PartyRow) -> Party:
    return Party(
        id=row.id, key=row.key, name=row.name, kind=PartyKind(row.kind), country_code=row.country_code,
        description=row.description, active_from=row.active_from, active_until=row.active_until,
        release=ReleaseLevel(row.release), released_to=row.released_to, version=row.version,
        created_at=row.created_at, updated_at=row.updated_at,
        aliases=[Alias(name=a.name, script=Script(a.script), lang=a.lang) for a in row.aliases],
        affiliations=[
            Affiliation(relation=Relation(a.relation), party=a.other.key, valid_from=a.valid_from,
                        valid_until=a.valid_until, note=a.note)
            for a in row.affiliations
        ],
    )
