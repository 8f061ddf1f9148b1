"""In-memory repositories of stored person lists and the access log: the reference behaviour."""

from __future__ import annotations

from collections.abc import Sequence

from truceline.common.paging import Page, Paged
from truceline.persons.operation_models import ExchangeOperation
from truceline.persons.register_models import AccessEntry, AccessQuery, SealedPerson, StoredList
from truceline.testing.memory import MemoryRepository


class MemoryPersonListRepository(MemoryRepository[StoredList]):
    def __init__(self) -> None:
        super().__init__(sort_key=lambda p: (-p.submitted_on.toordinal(), p.key))
        self.sealed: dict[int, list[SealedPerson]] = {}

    def add(self, plist: StoredList, records: Sequence[SealedPerson]) -> StoredList:  # type: ignore[override]
        plist = super().add(plist)
        self.sealed[plist.id] = list(records)
        return plist

    def replace_records(self, list_id: int, records: Sequence[SealedPerson]) -> None:
        self.sealed[list_id] = list(records)

    def records(self, list_id: int, *, refs: Sequence[str] | None = None, page: Page | None = None
                ) -> list[SealedPerson]:
        rows = sorted(self.sealed.get(list_id, []), key=lambda s: s.position)
        if refs is not None:
            wanted = set(refs)
            return [s for s in rows if s.ref in wanted]
        if page is not None:
            return rows[page.offset:page.offset + page.limit]
        return rows


class MemoryPersonAccessLog:
    def __init__(self) -> None:
        self.entries: list[AccessEntry] = []

    def add(self, entry: AccessEntry) -> AccessEntry:
        entry = entry.model_copy(update={"id": len(self.entries) + 1})
        self.entries.append(entry)
        return entry

    def list(self, query: AccessQuery, page: Page) -> Paged[AccessEntry]:
        hits = [e for e in reversed(self.entries) if query.matches(e)]
        return Paged(hits[page.offset:page.offset + page.limit], len(hits))


class MemoryOperationRepository(MemoryRepository[ExchangeOperation]):
    def __init__(self) -> None:
        super().__init__(sort_key=lambda o: o.number)

    def max_number(self) -> int:
        return max((o.number for o in self.rows.values()), default=0)
