"""SQLAlchemy adapter of the zones register (being written)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlZoneRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
