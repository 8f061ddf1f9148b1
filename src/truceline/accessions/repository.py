"""SQLAlchemy adapter of the accessions register (being written)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlAccessionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
