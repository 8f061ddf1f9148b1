"""Helpers the register services share: applying an update, checking versions."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

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
    return record.model_copy(update=changes)


def revalidate(model: M) -> M:
    """Run the model's validation again on a copy built with ``model_copy`` (which skips it)."""
    return type(model).model_validate(model.model_dump())
