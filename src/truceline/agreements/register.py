"""The agreements register's entry in the import/export table (``truceline agreements import|export``)."""

from __future__ import annotations

from truceline.registers import ALL, RegisterSpec


def spec() -> RegisterSpec:
    from truceline.agreements import service
    from truceline.agreements.models import AgreementQuery
    from truceline.agreements.schemas import AgreementCreate, AgreementUpdate

    return RegisterSpec(
        name="agreements", entity=service.ENTITY, create_schema=AgreementCreate,
        update_schema=AgreementUpdate,
        get_by_key=lambda store, key: store.agreements.get_by_key(key),
        create=service.create_agreement, update=service.update_agreement,
        list_all=lambda store: service.list_agreements(store, AgreementQuery(), ALL).items,
        deferred_fields=("extends",),  # may name an agreement later in the same file
    )
