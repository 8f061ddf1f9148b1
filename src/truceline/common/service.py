"""Helpers the register services share: applying an update, checking versions."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from truceline.audit.models import Change
from truceline.audit.service import record_change
from truceline.common.context import Ctx
from truceline.common.models import ReleaseLevel
from truceline.common.visibility import check_released_to
from truceline.errors import NotFound, StaleVersion

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", covariant=True)

UPDATE_META = {"reason", "expected_version"}


class KeyedRepository(Protocol[R]):
    def get(self, record_id: int) -> R | None: ...

    def get_by_key(self, key: str) -> R | None: ...


def fetch(repo: KeyedRepository[R], ref: str | int, *, what: str) -> R:
    """A record by id (an int) or key (a str); ``NotFound`` naming ``what`` when there is none."""
    record = repo.get(ref) if isinstance(ref, int) else repo.get_by_key(ref)
    if record is None:
        raise NotFound(f"no {what} with {'id' if isinstance(ref, int) else 'key'} {ref!r}")
    return record


def check_version(record: Any, expected: int | None, *, what: str) -> None:
    if expected is not None and record.version != expected:
        raise StaleVersion(
            f"{what} is at version {record.version}, not {expected}: reload it and apply your change again"
        )


def apply_update(record: M, update: BaseModel, **extra: Any) -> M:
    """A copy of ``record`` with the fields set in ``update`` (and ``extra``) replaced, version bumped."""
    changes = {k: v for k, v in update.model_dump(exclude_unset=True).items() if k not in UPDATE_META}
    # keep nested models as models, not dicts
    for k in list(changes):
        changes[k] = getattr(update, k)
    changes.update(extra)
    changes["version"] = record.version + 1  # type: ignore[attr-defined]
    if "release" in changes and hasattr(record, "released_to"):
        # a record taken out of party_restricted is no longer released to anyone, unless the update says so
        if changes["release"] != ReleaseLevel.party_restricted and "released_to" not in changes:
            changes["released_to"] = []
        check_released_to(ReleaseLevel(changes["release"]), list(changes.get("released_to") or []))
    elif "released_to" in changes and hasattr(record, "release"):
        check_released_to(record.release, list(changes["released_to"] or []))
    return record.model_copy(update=changes)


def revalidate(model: M) -> M:
    """Run the model's validation again on a copy built with ``model_copy`` (which skips it)."""
    return type(model).model_validate(model.model_dump())


# What follows a register change in the same transaction, as "module:function" names loaded when first
# needed (the followers import the registers' services themselves). Each gets (store, ctx, change).
FOLLOWERS = ("truceline.incidents.follow:follow_register_change",)


def record_and_follow(store: Any, ctx: Ctx, *, entity: str, before: BaseModel | None, after: BaseModel,
                      reason: str | None = None) -> Change:
    """Record a register change, then let what depends on the register follow it (incidents re-check
    their scope)."""
    from importlib import import_module

    change = record_change(store.changes, ctx, entity=entity, before=before, after=after, reason=reason)
    for name in FOLLOWERS:
        module, function = name.split(":")
        getattr(import_module(module), function)(store, ctx, change)
    return change
