"""SQLAlchemy adapter of the talks register (being written)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlTalksRoundRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
