"""The talks register's entry in the import/export table (``truceline talks import|export``)."""

from __future__ import annotations

from truceline.registers import ALL, RegisterSpec


def spec() -> RegisterSpec:
    from truceline.talks import service
    from truceline.talks.models import TalksRoundQuery
    from truceline.talks.schemas import TalksRoundCreate, TalksRoundUpdate

    return RegisterSpec(
        name="talks", entity=service.ENTITY, create_schema=TalksRoundCreate, update_schema=TalksRoundUpdate,
        get_by_key=lambda store, key: store.talks.get_by_key(key),
        create=service.create_talks_round, update=service.update_talks_round,
        list_all=lambda store: service.list_talks_rounds(store, TalksRoundQuery(), ALL).items,
    )
