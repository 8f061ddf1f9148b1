"""Import and export of whole registers as files, over the register table in ``registers.py``.

Import is all or nothing: the caller runs it in one transaction; any bad item raises an error naming the
item, and nothing of the file is kept. Records whose key exists are updated; others are created. Fields
that point at records of the same file (e.g. party affiliations) are set in a second pass so the order of
items does not matter. Export writes the same shape import reads, so a register round-trips.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from truceline.common.context import Ctx
from truceline.errors import FileInputError, SchemaError, TrucelineError, schema_error
from truceline.registers import RegisterSpec

MAX_ITEMS = 100_000


@dataclass(frozen=True)
class ImportSummary:
    register: str
    created: list[str]
    updated: list[str]

    def message(self) -> str:
        return (f"{self.register}: {len(self.created)} created, {len(self.updated)} updated")


def parse_file(raw: bytes, *, spec: RegisterSpec, name: str) -> list[dict[str, Any]]:
    """Decode and parse an import file into items in the register's create shape."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileInputError(f"{name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise FileInputError(f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") \
            from None
    except ValueError as exc:
        raise FileInputError(f"{name}: {exc}") from None
    items = spec.items_from_document(doc)
    if items is None:
        raise FileInputError(f"{name}: expected {spec.file_shape}")
    if len(items) > MAX_ITEMS:
        raise FileInputError(f"{name}: {len(items)} items; at most {MAX_ITEMS} per file")
    return items


def import_items(store: Any, ctx: Ctx, spec: RegisterSpec, items: list[dict[str, Any]]) -> ImportSummary:
    created: list[str] = []
    updated: list[str] = []
    deferred: list[tuple[int, str, dict[str, Any]]] = []
    for index, item in enumerate(items):
        with _item_errors(spec, index, item):
            if not isinstance(item, dict):
                raise SchemaError("each item must be a JSON object")
            later = {f: item[f] for f in spec.deferred_fields if item.get(f)}
            first = {k: v for k, v in item.items() if k not in later}
            data = spec.create_schema.model_validate(first)
            key = getattr(data, "key", None)
            existing = spec.get_by_key(store, key) if key else None
            if existing is None:
                record = spec.create(store, ctx, data)
                created.append(record.key)
            else:
                fields = data.model_dump(exclude_unset=True, exclude={"key"})
                record = spec.update(store, ctx, existing.key, spec.update_schema.model_validate(fields))
                updated.append(record.key)
            if later:
                deferred.append((index, record.key, later))
    for index, key, later in deferred:
        with _item_errors(spec, index, {"key": key}):
            spec.update(store, ctx, key, spec.update_schema.model_validate(later))
    return ImportSummary(spec.name, created, updated)


def export_document(store: Any, spec: RegisterSpec) -> dict[str, Any]:
    return spec.document_from_records(spec.list_all(store))


class _item_errors(AbstractContextManager[None]):
    """Re-raise any error inside one item with the item's position and key in the message."""

    def __init__(self, spec: RegisterSpec, index: int, item: Any) -> None:
        self.where = f"{spec.name} item {index + 1}"
        if isinstance(item, dict) and item.get("key"):
            self.where += f" ('{item['key']}')"
        elif isinstance(item, dict) and item.get("name"):
            self.where += f" ('{item['name']}')"

    def __exit__(self, exc_type: Any, exc: BaseException | None, _tb: Any) -> None:
        if isinstance(exc, ValidationError):
            err = schema_error(list(exc.errors()))
            raise type(err)(f"{self.where}: {err.user_message}", details=err.details) from None
        if isinstance(exc, TrucelineError):
            raise type(exc)(f"{self.where}: {exc.user_message}", details=exc.details) from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise ValueError(f"duplicate key {k!r} in a JSON object")
        out[k] = v
    return out
