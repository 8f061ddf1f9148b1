"""The register table: one entry per register, used by the import/export commands and the docs tests.

Each entry says how to read and write that register as a file. Built-in registers are listed in
``REGISTERS``; a new register adds one ``RegisterSpec`` here and gets ``truceline <name> import|export``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from truceline.common.paging import Page

EXPORT_EXCLUDE = {"id", "version", "created_at", "updated_at"}
ALL = Page(limit=10**9, offset=0)


def json_items(doc: Any) -> list[Any] | None:
    """Items of a JSON register file: a list, or an object with a ``data`` list."""
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and isinstance(doc.get("data"), list):
        return doc["data"]
    return None


def json_document(records: list[BaseModel]) -> dict[str, Any]:
    data = [r.model_dump(mode="json", exclude=EXPORT_EXCLUDE) for r in records]
    return {"data": data, "count": len(data)}


@dataclass(frozen=True, kw_only=True)
class RegisterSpec:
    name: str  # CLI and file name: parties, agreements, ...
    entity: str  # change-history entity name
    create_schema: type[BaseModel]
    update_schema: type[BaseModel]
    get_by_key: Callable[[Any, str], Any]
    create: Callable[[Any, Any, Any], Any]
    update: Callable[[Any, Any, str, Any], Any]
    list_all: Callable[[Any], list[Any]]
    deferred_fields: tuple[str, ...] = ()
    file_format: str = "json"  # json | geojson
    file_shape: str = 'a JSON list of records or {"data": [...]}'
    items_from_document: Callable[[Any], list[Any] | None] = json_items
    document_from_records: Callable[[list[Any]], dict[str, Any]] = field(default=json_document)


def _parties() -> RegisterSpec:
    from truceline.registry import service
    from truceline.registry.models import PartyQuery
    from truceline.registry.schemas import PartyCreate, PartyUpdate

    return RegisterSpec(
        name="parties", entity="party", create_schema=PartyCreate, update_schema=PartyUpdate,
        get_by_key=lambda store, key: store.parties.get_by_key(key),
        create=service.create_party, update=service.update_party,
        list_all=lambda store: service.list_parties(store, PartyQuery(), ALL).items,
        deferred_fields=("affiliations",),
    )


def _lazy(module: str) -> Callable[[], RegisterSpec]:
    def load() -> RegisterSpec:
        from importlib import import_module

        return import_module(module).spec()

    return load


# In dependency order: later registers refer to earlier ones by key.
REGISTERS: dict[str, Callable[[], RegisterSpec]] = {
    "parties": _parties,
    "agreements": _lazy("truceline.agreements.register"),
    "zones": _lazy("truceline.zones.register"),
    "posts": _lazy("truceline.posts.register"),
    "accessions": _lazy("truceline.accessions.register"),
    "talks": _lazy("truceline.talks.register"),
    "sources": _lazy("truceline.sources.register"),
    "hazards": _lazy("truceline.humanitarian.hazard_register"),
    "windows": _lazy("truceline.humanitarian.window_register"),
}


def get_spec(name: str) -> RegisterSpec:
    return REGISTERS[name]()
