"""The accessions register's entry in the import/export table (``truceline accessions import|export``)."""

from __future__ import annotations

from truceline.registers import ALL, RegisterSpec


def spec() -> RegisterSpec:
    from truceline.accessions import service
    from truceline.accessions.models import AccessionQuery
    from truceline.accessions.schemas import AccessionCreate, AccessionUpdate

    return RegisterSpec(
        name="accessions", entity=service.ENTITY, create_schema=AccessionCreate,
        update_schema=AccessionUpdate,
        get_by_key=lambda store, key: store.accessions.get_by_key(key),
        create=service.create_accession, update=service.update_accession,
        list_all=lambda store: service.list_accessions(store, AccessionQuery(), ALL).items,
    )
