"""SQLAlchemy adapter of the agreements register (being written)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlAgreementRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
