"""Use-cases of the change history."""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel

from truceline.audit.models import Action, Change
from truceline.common.context import Ctx


class ChangeLog(Protocol):
    def add(self, change: Change) -> None: ...

    def for_record(self, entity: str, record_id: int) -> list[Change]: ...


def snapshot(record: BaseModel | None) -> dict[str, Any] | None:
    return None if record is None else record.model_dump(mode="json")


def record_change(
    changes: ChangeLog,
    ctx: Ctx,
    *,
    entity: str,
    before: BaseModel | None,
    after: BaseModel,
    reason: str | None = None,
    action: Action | None = None,
) -> Change:
    """Append one change; ``after`` must carry ``id``, ``version`` and optionally ``key``."""
    act = action or (Action.create if before is None else Action.update)
    change = Change(
        entity=entity,
        record_id=after.id,  # type: ignore[attr-defined]
        record_key=getattr(after, "key", None),
        version=after.version,  # type: ignore[attr-defined]
        action=act,
        actor=ctx.actor,
        at=ctx.clock.now(),
        reason=reason,
        before=snapshot(before),
        after=snapshot(after),
    )
    changes.add(change)
    return change
