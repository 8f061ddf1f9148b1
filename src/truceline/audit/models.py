"""A recorded change to one record."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel


class Action(StrEnum):
    create = "create"
    update = "update"
    delete = "delete"


class Change(BaseModel):
    id: int | None = None
    entity: str  # register name: party, agreement, accession, zone, post, talks_round, ...
    record_id: int
    record_key: str | None = None
    version: int
    action: Action
    actor: str
    at: datetime
    reason: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [k for k in keys if before.get(k) != after.get(k) and k not in {"version", "updated_at"}]
