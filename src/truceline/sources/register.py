"""The sources register as a JSON file: a list of ``SourceCreate`` records (parties by key)."""

from __future__ import annotations

from truceline.registers import ALL, RegisterSpec
from truceline.sources import service
from truceline.sources.models import SourceQuery
from truceline.sources.schemas import SourceCreate, SourceUpdate


def spec() -> RegisterSpec:
    return RegisterSpec(
        name="sources", entity=service.ENTITY, create_schema=SourceCreate, update_schema=SourceUpdate,
        get_by_key=lambda store, key: store.sources.get_by_key(key),
        create=service.create_source, update=service.update_source,
        list_all=lambda store: service.list_sources(store, SourceQuery(), ALL).items,
    )
