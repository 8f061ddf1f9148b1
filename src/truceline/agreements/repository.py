"""SQLAlchemy adapter of the agreements register.

Parties take part in an agreement through ``agreement_parties`` (one row per party and role), so SQL can
answer "which agreements does party X guarantee". Amendments keep the terms they change as JSON, with
parties by key (the service checks those keys exist).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint, func, or_, select
from sqlalchemy.orm import Mapped, Session, column_property, mapped_column, relationship

from truceline.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementQuery,
    Amendment,
    PartyRole,
    Provision,
    ProvisionType,
    TermChanges,
)
from truceline.common.models import ReleaseLevel, normalise_name
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import KeyList, UTCDateTime
from truceline.db.visibility import with_view
from truceline.registry.repository import PartyRow


class AgreementRow(Base):
    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    name_norm: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    extends_id: Mapped[int | None] = mapped_column(ForeignKey("agreements.id"), index=True)
    signed_on: Mapped[date | None] = mapped_column(Date)
    effective_from: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    extension_terms: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(200))
    summary: Mapped[str | None] = mapped_column(Text)
    source_note: Mapped[str | None] = mapped_column(Text)
    release: Mapped[str] = mapped_column(String(20), default=ReleaseLevel.public.value)
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    parties: Mapped[list[AgreementPartyRow]] = relationship(
        cascade="all, delete-orphan", order_by="AgreementPartyRow.position", lazy="selectin")
    provisions: Mapped[list[AgreementProvisionRow]] = relationship(
        cascade="all, delete-orphan", order_by="AgreementProvisionRow.position", lazy="selectin")
    amendments: Mapped[list[AgreementAmendmentRow]] = relationship(
        cascade="all, delete-orphan", order_by="AgreementAmendmentRow.number", lazy="selectin")


class AgreementPartyRow(Base):
    __tablename__ = "agreement_parties"
    __table_args__ = (UniqueConstraint("agreement_id", "party_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)

    party_key: Mapped[str] = column_property(
        select(PartyRow.key).where(PartyRow.id == party_id).correlate_except(PartyRow).scalar_subquery())


class AgreementProvisionRow(Base):
    __tablename__ = "agreement_provisions"
    __table_args__ = (UniqueConstraint("agreement_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(80))
    type: Mapped[str] = mapped_column(String(40), index=True)
    text: Mapped[str] = mapped_column(Text)
    article: Mapped[str | None] = mapped_column(String(40))


class AgreementAmendmentRow(Base):
    __tablename__ = "agreement_amendments"
    __table_args__ = (UniqueConstraint("agreement_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    adopted_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)  # the changed terms only, parties by key


class SqlAgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, agreement_id: int) -> Agreement | None:
        row = self.session.get(AgreementRow, agreement_id)
        return None if row is None else self._to_domain(row)

    def get_by_key(self, key: str) -> Agreement | None:
        row = self.session.scalars(select(AgreementRow).where(AgreementRow.key == key)).first()
        return None if row is None else self._to_domain(row)

    def key_to_id(self, key: str) -> int | None:
        return self.session.scalar(select(AgreementRow.id).where(AgreementRow.key == key))

    def list(self, query: AgreementQuery, page: Page) -> Paged[Agreement]:
        # kind, name and start date narrow in SQL; expiry and guarantors may change by amendment, so the
        # query's own ``matches`` decides the rest (registers of agreements are small).
        stmt = select(AgreementRow)
        stmt = with_view(stmt, AgreementRow, query.view)
        if query.kind is not None:
            stmt = stmt.where(AgreementRow.kind == query.kind.value)
        if query.q:
            stmt = stmt.where(AgreementRow.name_norm.like(f"%{normalise_name(query.q)}%"))
        if query.at is not None:
            start = func.coalesce(AgreementRow.effective_from, AgreementRow.signed_on)
            stmt = stmt.where(start.is_not(None), start <= query.at)
        if query.party is not None:
            in_role = (select(AgreementPartyRow.agreement_id).join(PartyRow)
                       .where(PartyRow.key == query.party,
                              AgreementPartyRow.role.in_([PartyRole.signatory, PartyRole.guarantor])))
            amended = select(AgreementAmendmentRow.agreement_id)
            stmt = stmt.where(or_(AgreementRow.id.in_(in_role), AgreementRow.id.in_(amended)))
        rows = self.session.scalars(stmt.order_by(AgreementRow.id)).all()
        hits = [a for a in (self._to_domain(r) for r in rows) if query.matches(a)]
        return Paged(hits[page.offset:page.offset + page.limit], len(hits))

    def add(self, agreement: Agreement) -> Agreement:
        row = AgreementRow()
        self._fill(row, agreement)
        self.session.add(row)
        self.session.flush()
        return agreement.model_copy(update={"id": row.id})

    def save(self, agreement: Agreement) -> None:
        row = self.session.get(AgreementRow, agreement.id)
        assert row is not None, f"agreement {agreement.id} vanished"
        self._fill(row, agreement)
        self.session.flush()

    def _party_ids(self, keys: set[str]) -> dict[str, int]:
        if not keys:
            return {}
        found = self.session.execute(select(PartyRow.key, PartyRow.id).where(PartyRow.key.in_(keys))).all()
        ids = {k: i for k, i in found}
        missing = keys - set(ids)
        assert not missing, f"agreement names unknown parties {sorted(missing)}"
        return ids

    def _fill(self, row: AgreementRow, agreement: Agreement) -> None:
        row.key = agreement.key
        row.name = agreement.name
        row.name_norm = normalise_name(agreement.name)
        row.kind = agreement.kind.value
        row.extends_id = None if agreement.extends is None else self.key_to_id(agreement.extends)
        assert agreement.extends is None or row.extends_id is not None, f"unknown agreement {agreement.extends}"
        row.signed_on = agreement.signed_on
        row.effective_from = agreement.effective_from
        row.expires_on = agreement.expires_on
        row.extension_terms = agreement.extension_terms
        row.place = agreement.place
        row.summary = agreement.summary
        row.source_note = agreement.source_note
        row.release = agreement.release.value
        row.released_to = agreement.released_to
        row.version = agreement.version
        row.created_at = agreement.created_at
        row.updated_at = agreement.updated_at
        # empty the collections and flush the deletes first: the unit of work inserts before it deletes,
        # and the unique (agreement, party, role), (agreement, key), (agreement, number) must hold
        if row.id is not None:
            row.parties, row.provisions, row.amendments = [], [], []
            self.session.flush()
        roles = agreement.party_roles()
        ids = self._party_ids({k for keys in roles.values() for k in keys})
        row.parties = [AgreementPartyRow(party_id=ids[key], role=role.value, position=i)
                       for role, keys in roles.items() for i, key in enumerate(keys)]
        row.provisions = [AgreementProvisionRow(position=i, key=p.key, type=p.type.value, text=p.text,
                                                article=p.article)
                          for i, p in enumerate(agreement.provisions)]
        row.amendments = [AgreementAmendmentRow(number=a.number, adopted_on=a.adopted_on, summary=a.summary,
                                                changes=a.changes.model_dump(mode="json"))
                          for a in agreement.amendments]

    def _to_domain(self, row: AgreementRow) -> Agreement:
        roles: dict[str, list[str]] = {r.value: [] for r in PartyRole}
        for link in row.parties:
            roles[link.role].append(link.party_key)
        extends = None
        if row.extends_id is not None:
            extends = self.session.scalar(select(AgreementRow.key).where(AgreementRow.id == row.extends_id))
        return Agreement(
            id=row.id, key=row.key, name=row.name, kind=AgreementKind(row.kind), extends=extends,
            signed_on=row.signed_on, effective_from=row.effective_from, expires_on=row.expires_on,
            extension_terms=row.extension_terms, place=row.place, summary=row.summary,
            source_note=row.source_note, release=ReleaseLevel(row.release),
            released_to=row.released_to, version=row.version,
            created_at=row.created_at, updated_at=row.updated_at,
            signatories=roles[PartyRole.signatory], guarantors=roles[PartyRole.guarantor],
            witnesses=roles[PartyRole.witness], excluded_groups=roles[PartyRole.excluded],
            provisions=[Provision(key=p.key, type=ProvisionType(p.type), text=p.text, article=p.article)
                        for p in row.provisions],
            amendments=[Amendment(number=a.number, adopted_on=a.adopted_on, summary=a.summary,
                                  changes=TermChanges.model_validate(a.changes))
                        for a in row.amendments],
        )
