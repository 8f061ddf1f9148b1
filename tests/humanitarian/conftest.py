"""Until ``SqlStore`` names the humanitarian repositories itself, give it them in these tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from truceline.db.store import SqlStore
from truceline.humanitarian.repository import SqlHazardRepository, SqlWindowRepository


@pytest.fixture(autouse=True)
def _humanitarian_repositories(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    original = SqlStore.__init__

    def init(self: SqlStore, session) -> None:  # type: ignore[no-untyped-def]
        original(self, session)
        if not hasattr(self, "windows"):
            self.hazards = SqlHazardRepository(session)  # type: ignore[attr-defined]
            self.windows = SqlWindowRepository(session)  # type: ignore[attr-defined]

    monkeypatch.setattr(SqlStore, "__init__", init)
    yield
