"""In-memory repositories of stored person lists and the access log: the reference behaviour."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from truceline.common.paging import Page, Paged
from truceline.persons.operation_models import ExchangeOperation
from truceline.persons.register_models import AccessEntry, AccessQuery, SealedPerson, StoredList
from truceline.persons.review_models import MatchPair, MatchRun, PairQuery, SealedPair
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


class MemoryMatchRepository:
    def __init__(self) -> None:
        self.run_rows: dict[int, MatchRun] = {}
        self.pair_rows: dict[int, SealedPair] = {}

    def add_run(self, run: MatchRun) -> MatchRun:
        run = run.model_copy(update={"id": len(self.run_rows) + 1})
        self.run_rows[run.id] = run
        return run

    def save_run(self, run: MatchRun) -> None:
        if run.id not in self.run_rows:
            raise KeyError(run.id)
        self.run_rows[run.id] = run

    def touch_run(self, run_id: int, at: datetime) -> None:
        if run_id in self.run_rows:
            self.run_rows[run_id] = self.run_rows[run_id].model_copy(update={"heartbeat_at": at})

    def add_pairs(self, pairs: Sequence[SealedPair]) -> None:
        for p in pairs:
            pid = len(self.pair_rows) + 1
            self.pair_rows[pid] = p.model_copy(update={"pair": p.pair.model_copy(update={"id": pid})})

    def get_run(self, run_id: int) -> MatchRun | None:
        return self.run_rows.get(run_id)

    def runs(self, page: Page) -> Paged[MatchRun]:
        rows = sorted(self.run_rows.values(), key=lambda r: -r.id)
        return Paged(rows[page.offset:page.offset + page.limit], len(rows))

    def pairs(self, run_id: int, query: PairQuery, page: Page) -> Paged[SealedPair]:
        hits = [p for _, p in sorted(self.pair_rows.items()) if p.pair.run_id == run_id and query.matches(p.pair)]
        return Paged(hits[page.offset:page.offset + page.limit], len(hits))

    def get_pair(self, run_id: int, pair_id: int) -> SealedPair | None:
        found = self.pair_rows.get(pair_id)
        return found if found is not None and found.pair.run_id == run_id else None

    def save_pair(self, pair: MatchPair) -> None:
        self.pair_rows[pair.id] = self.pair_rows[pair.id].model_copy(update={"pair": pair})
