"""In-memory repositories of ingestion: the reference behaviour of the SQL adapters."""

from __future__ import annotations

import builtins
from datetime import datetime

from truceline.ingest.models import Document, Feed, Statement
from truceline.testing.memory import MemoryRepository


class MemoryDocumentRepository(MemoryRepository[Document]):
    def get_by_uid(self, uid: str) -> Document | None:
        return next((d for d in self.rows.values() if d.uid == uid), None)

    def find_by_hash(self, *, raw_sha256: str, text_sha256: str) -> Document | None:
        return next((d for d in sorted(self.rows.values(), key=lambda d: d.id)
                     if d.raw_sha256 == raw_sha256 or d.text_sha256 == text_sha256), None)


class MemoryStatementRepository(MemoryRepository[Statement]):
    def __init__(self) -> None:
        super().__init__(sort_key=lambda s: (s.document_id, s.start, s.id))

    def add_many(self, statements: builtins.list[Statement]) -> builtins.list[Statement]:
        return [self.add(s) for s in statements]

    def for_document(self, document_id: int) -> builtins.list[Statement]:
        return sorted((s for s in self.rows.values() if s.document_id == document_id), key=lambda s: (s.start, s.id))

    def count_for(self, document_ids: builtins.list[int]) -> dict[int, int]:
        out: dict[int, int] = {}
        for s in self.rows.values():
            if s.document_id in document_ids:
                out[s.document_id] = out.get(s.document_id, 0) + 1
        return out


class MemoryFeedRepository(MemoryRepository[Feed]):
    def __init__(self) -> None:
        super().__init__(sort_key=lambda f: f.key)

    def get_by_url(self, url: str) -> Feed | None:
        return next((f for f in self.rows.values() if f.url == url), None)

    def due(self, now: datetime) -> builtins.list[Feed]:
        return sorted((f for f in self.rows.values() if f.active and f.next_attempt_at <= now),
                      key=lambda f: (f.next_attempt_at, f.id))
