"""SQLAlchemy adapter of the posts register (being written)."""

from __future__ import annotations

from sqlalchemy.orm import Session


class SqlPostRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
