"""In-memory fakes of the repositories: the reference behaviour the SQL adapters must match."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from truceline.audit.models import Change
from truceline.common.models import normalise_name
from truceline.common.paging import Page, Paged

M = TypeVar("M", bound=BaseModel)


class MemoryRepository(Generic[M]):
    """Records by id, with the generic operations every register repository has."""

    def __init__(self, *, sort_key: Callable[[M], Any] | None = None) -> None:
        self.rows: dict[int, M] = {}
        self.next_id = 1
        self.sort_key = sort_key or (lambda m: m.id)  # type: ignore[attr-defined]

    def get(self, record_id: int) -> M | None:
        return self.rows.get(record_id)

    def get_by_key(self, key: str) -> M | None:
        return next((m for m in self.rows.values() if getattr(m, "key", None) == key), None)

    def find_by_name(self, name: str) -> list[M]:
        norm = normalise_name(name)
        out = []
        for m in self.rows.values():
            names = m.names() if hasattr(m, "names") else [m.name]  # type: ignore[attr-defined]
            if any(normalise_name(n) == norm for n in names):
                out.append(m)
        return sorted(out, key=lambda m: m.id)  # type: ignore[attr-defined]

    def add(self, record: M) -> M:
        record = record.model_copy(update={"id": self.next_id})
        self.rows[self.next_id] = record
        self.next_id += 1
        return record

    def save(self, record: M) -> None:
        assert record.id in self.rows  # type: ignore[attr-defined]
        self.rows[record.id] = record  # type: ignore[attr-defined]

    def delete(self, record_id: int) -> None:
        del self.rows[record_id]

    def list(self, query: Any, page: Page) -> Paged[M]:
        hits = sorted((m for m in self.rows.values() if query.matches(m)), key=self.sort_key)
        return Paged(hits[page.offset : page.offset + page.limit], len(hits))


class MemoryChangeLog:
    def __init__(self) -> None:
        self.changes: list[Change] = []

    def add(self, change: Change) -> None:
        self.changes.append(change.model_copy(update={"id": len(self.changes) + 1}))

    def for_record(self, entity: str, record_id: int) -> list[Change]:
        return [c for c in self.changes if c.entity == entity and c.record_id == record_id]

    def after(self, entity: str, *, after_id: int, limit: int) -> list[Change]:
        return [c for c in self.changes if c.entity == entity and (c.id or 0) > after_id][:limit]

    def latest_ids(self, entity: str, record_ids: list[int]) -> dict[int, int]:
        wanted = set(record_ids)
        return {c.record_id: c.id or 0 for c in self.changes if c.entity == entity and c.record_id in wanted}

    def first_after(self, entity: str, record_ids: list[int], *, after_id: int) -> dict[int, Change]:
        wanted = set(record_ids)
        out: dict[int, Change] = {}
        for c in self.changes:
            if c.entity == entity and c.record_id in wanted and (c.id or 0) > after_id:
                out.setdefault(c.record_id, c)
        return out

    def last_id(self) -> int:
        return len(self.changes)


class MemoryStore:
    def __init__(self) -> None:
        self.changes = MemoryChangeLog()
        self.parties: MemoryRepository[Any] = MemoryRepository(sort_key=lambda p: (p.name, p.id))
        self.agreements: MemoryRepository[Any] = MemoryRepository()
        self.accessions: MemoryRepository[Any] = MemoryRepository()
        from truceline.zones.memory import MemoryZoneRepository  # here: zones.memory imports this module
        self.zones: Any = MemoryZoneRepository()
        self.posts: MemoryRepository[Any] = MemoryRepository(sort_key=lambda p: (p.name, p.id))
        self.talks: MemoryRepository[Any] = MemoryRepository(sort_key=lambda r: (r.starts_on, r.id))
        from truceline.incidents.memory import MemoryIncidentRepository  # imports this module
        self.incidents: Any = MemoryIncidentRepository()
        self.sources: MemoryRepository[Any] = MemoryRepository(sort_key=lambda s: (s.name, s.id))
        from truceline.reports.memory import MemoryReportRepository  # imports this module
        self.reports: Any = MemoryReportRepository(self.incidents)
        from truceline.humanitarian.memory import (  # imports this module
            MemoryAccidentRepository,
            MemoryHazardRepository,
            MemoryWindowRepository,
        )
        self.hazards: Any = MemoryHazardRepository()
        self.accidents: Any = MemoryAccidentRepository()
        self.windows: Any = MemoryWindowRepository()
        from truceline.ingest.memory import (  # imports this module
            MemoryDocumentRepository,
            MemoryFeedRepository,
            MemoryStatementRepository,
        )
        self.documents: Any = MemoryDocumentRepository()
        self.statements: Any = MemoryStatementRepository()
        self.feeds: Any = MemoryFeedRepository()
        from truceline.persons import memory as persons  # imports this module
        self.person_lists: Any = persons.MemoryPersonListRepository()
        self.person_access: Any = persons.MemoryPersonAccessLog()
        self.operations: Any = persons.MemoryOperationRepository()
        self.matches: Any = persons.MemoryMatchRepository()
