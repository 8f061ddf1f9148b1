"""SQLAlchemy adapter of the accessions register.

A settlement's location is kept as plain ``lat``/``lon`` columns in WGS84 (the service checks the ranges);
a CHECK constraint keeps exactly one subject per row: a party or a settlement.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Index, Integer, String, Text, func, or_, select
from sqlalchemy.orm import Mapped, Session, column_property, mapped_column

from truceline.accessions.models import Accession, AccessionQuery, Settlement
from truceline.agreements.repository import AgreementRow
from truceline.common.models import ReleaseLevel, normalise_name
from truceline.common.paging import Page, Paged
from truceline.db.base import Base
from truceline.db.types import KeyList, UTCDateTime
from truceline.db.visibility import with_view
from truceline.registry.repository import PartyRow


class AccessionRow(Base):
    __tablename__ = "accessions"
    __table_args__ = (
        CheckConstraint("(party_id IS NULL) <> (settlement_name IS NULL)", name="one_subject"),
        Index("ix_accessions_agreement_joined", "agreement_id", "joined_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    settlement_name: Mapped[str | None] = mapped_column(String(200))
    settlement_name_norm: Mapped[str | None] = mapped_column(String(200), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    admin_area: Mapped[str | None] = mapped_column(String(200))
    joined_on: Mapped[date] = mapped_column(Date)
    witnessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    evidence: Mapped[str | None] = mapped_column(Text)
    evidence_url: Mapped[str | None] = mapped_column(String(2000))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    release: Mapped[str] = mapped_column(String(20), default=ReleaseLevel.public.value)
    released_to: Mapped[list[str]] = mapped_column(KeyList(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    agreement_key: Mapped[str] = column_property(
        select(AgreementRow.key).where(AgreementRow.id == agreement_id)
        .correlate_except(AgreementRow).scalar_subquery())
    party_key: Mapped[str | None] = column_property(
        select(PartyRow.key).where(PartyRow.id == party_id).correlate_except(PartyRow).scalar_subquery())
    witnessed_by_key: Mapped[str | None] = column_property(
        select(PartyRow.key).where(PartyRow.id == witnessed_by_id).correlate_except(PartyRow).scalar_subquery())


class SqlAccessionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, accession_id: int) -> Accession | None:
        row = self.session.get(AccessionRow, accession_id)
        return None if row is None else _to_domain(row)

    def get_by_key(self, key: str) -> Accession | None:
        row = self.session.scalars(select(AccessionRow).where(AccessionRow.key == key)).first()
        return None if row is None else _to_domain(row)

    def list(self, query: AccessionQuery, page: Page) -> Paged[Accession]:
        stmt = select(AccessionRow)
        stmt = with_view(stmt, AccessionRow, query.view)
        if query.agreement is not None:
            stmt = stmt.where(AccessionRow.agreement_id.in_(
                select(AgreementRow.id).where(AgreementRow.key == query.agreement)))
        if query.party is not None:
            stmt = stmt.where(AccessionRow.party_id.in_(select(PartyRow.id).where(PartyRow.key == query.party)))
        if query.at is not None:
            stmt = stmt.where(AccessionRow.joined_on <= query.at,
                              or_(AccessionRow.withdrawn_on.is_(None), AccessionRow.withdrawn_on > query.at))
        if query.q:
            stmt = stmt.where(AccessionRow.settlement_name_norm.like(f"%{normalise_name(query.q)}%"))
        count = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        rows = self.session.scalars(stmt.order_by(AccessionRow.id).limit(page.limit).offset(page.offset)).all()
        return Paged([_to_domain(r) for r in rows], count)

    def add(self, accession: Accession) -> Accession:
        row = AccessionRow()
        self._fill(row, accession)
        self.session.add(row)
        self.session.flush()
        return accession.model_copy(update={"id": row.id})

    def save(self, accession: Accession) -> None:
        row = self.session.get(AccessionRow, accession.id)
        assert row is not None, f"accession {accession.id} vanished"
        self._fill(row, accession)
        self.session.flush()

    def _id_of(self, table: type[PartyRow] | type[AgreementRow], key: str | None) -> int | None:
        if key is None:
            return None
        found = self.session.scalar(select(table.id).where(table.key == key))
        assert found is not None, f"accession names unknown {table.__tablename__} key {key}"
        return found

    def _fill(self, row: AccessionRow, accession: Accession) -> None:
        settlement = accession.settlement
        agreement_id = self._id_of(AgreementRow, accession.agreement)
        assert agreement_id is not None
        row.key = accession.key
        row.agreement_id = agreement_id
        row.party_id = self._id_of(PartyRow, accession.party)
        row.settlement_name = None if settlement is None else settlement.name
        row.settlement_name_norm = None if settlement is None else normalise_name(settlement.name)
        row.lat = None if settlement is None else settlement.lat
        row.lon = None if settlement is None else settlement.lon
        row.admin_area = None if settlement is None else settlement.admin_area
        row.joined_on = accession.joined_on
        row.witnessed_by_id = self._id_of(PartyRow, accession.witnessed_by)
        row.evidence = accession.evidence
        row.evidence_url = accession.evidence_url
        row.withdrawn_on = accession.withdrawn_on
        row.withdrawal_reason = accession.withdrawal_reason
        row.release = accession.release.value
        row.released_to = accession.released_to
        row.version = accession.version
        row.created_at = accession.created_at
        row.updated_at = accession.updated_at


def _to_domain(row: AccessionRow) -> Accession:
    settlement = None
    if row.settlement_name is not None:
        assert row.lat is not None and row.lon is not None
        settlement = Settlement(name=row.settlement_name, lat=row.lat, lon=row.lon, admin_area=row.admin_area)
    return Accession(
        id=row.id, key=row.key, agreement=row.agreement_key, party=row.party_key, settlement=settlement,
        joined_on=row.joined_on, witnessed_by=row.witnessed_by_key, evidence=row.evidence,
        evidence_url=row.evidence_url, withdrawn_on=row.withdrawn_on, withdrawal_reason=row.withdrawal_reason,
        release=ReleaseLevel(row.release), released_to=row.released_to, version=row.version,
        created_at=row.created_at, updated_at=row.updated_at,
    )
