"""Use-cases of the sources register, and the reliability computed from a source's track record."""

from __future__ import annotations

from typing import Any, Protocol

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog, record_change
from truceline.common.context import Ctx
from truceline.common.models import check_key, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version, fetch
from truceline.errors import DuplicateName, InvalidValue, UnknownReference
from truceline.registry.service import resolve_party
from truceline.sources.models import (
    Reliability,
    Source,
    SourceKind,
    SourceQuery,
    TrackRecord,
    computed_reliability,
    reliability,
)
from truceline.sources.schemas import SourceCreate, SourcePublic, SourceUpdate, TrackRecordPublic

ENTITY = "source"
CONFIRMED, DISCOUNTED = "confirmed", "discounted"  # incident grades that judge a report


class SourceStore(Protocol):
    @property
    def sources(self) -> Any: ...

    @property
    def parties(self) -> Any: ...

    @property
    def changes(self) -> ChangeLog: ...


def get_source(store: SourceStore, ref: str | int) -> Source:
    """A source by id or key."""
    return fetch(store.sources, ref, what="source")


def resolve_source(store: SourceStore, name_or_key: str) -> Source:
    """A source named by key or name; ``UnknownReference`` when none or ambiguous."""
    source = store.sources.get_by_key(name_or_key)
    if source is not None:
        return source
    found = store.sources.find_by_name(name_or_key)
    if len(found) == 1:
        return found[0]
    what = "is ambiguous" if found else "is not a registered source (no key or name matches)"
    raise UnknownReference(f"source {name_or_key!r} {what}", details=[{"field": "source", "value": name_or_key}])


def ensure_source(store: SourceStore, ctx: Ctx, name: str) -> tuple[Source, bool]:
    """The source named ``name``, registering it (kind ``unknown``, no override: letter F) when new."""
    try:
        return resolve_source(store, name), False
    except UnknownReference:
        pass
    key = slugify(name)
    n = 2
    while store.sources.get_by_key(key) is not None:
        key = f"{slugify(name)[:75]}-{n}"
        n += 1
    source = create_source(store, ctx, SourceCreate(key=key, name=name.strip(), kind=SourceKind.unknown))
    return source, True


def observer_source(store: SourceStore, ctx: Ctx, username: str) -> Source:
    """The source of a field reporter's own reports: an observer source keyed by their account, registered
    on their first report (an analyst may later name it and set its reliability)."""
    key = check_key(f"field-{slugify(username)}"[:80])
    found = store.sources.get_by_key(key)
    if found is not None:
        return found
    return create_source(store, ctx, SourceCreate(key=key, name=f"Field reporter {username}",
                                                  kind=SourceKind.observer))


def list_sources(store: SourceStore, query: SourceQuery, page: Page) -> Paged[Source]:
    return store.sources.list(query, page)


def create_source(store: SourceStore, ctx: Ctx, data: SourceCreate) -> Source:
    key = check_key(data.key) if data.key else slugify(data.name)
    if store.sources.get_by_key(key) is not None:
        raise DuplicateName(f"a source with key '{key}' already exists", details=[{"field": "key", "value": key}])
    now = ctx.clock.now()
    source = Source(id=0, key=key, created_at=now, updated_at=now, **data.model_dump(exclude={"key"}))
    source = _checked(store, source)
    source = store.sources.add(source)
    record_change(store.changes, ctx, entity=ENTITY, before=None, after=source)
    return source


def update_source(store: SourceStore, ctx: Ctx, ref: str | int, data: SourceUpdate) -> Source:
    before = get_source(store, ref)
    check_version(before, data.expected_version, what=f"source '{before.key}'")
    after = apply_update(before, data, updated_at=ctx.clock.now())
    if "reliability_override" in data.model_fields_set and data.reliability_override is None:
        after = after.model_copy(update={"override_reason": None})  # clearing the override clears its reason
    after = _checked(store, after)
    store.sources.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def source_history(store: SourceStore, ref: str | int) -> list[Change]:
    return store.changes.for_record(ENTITY, get_source(store, ref).id)


def track_record(store: Any, key: str) -> TrackRecord:
    """How the source's reports that belong to an incident fared: confirmed or discounted grades."""
    counts = store.reports.incident_grade_counts(key)
    return TrackRecord(confirmed=counts.get(CONFIRMED, 0), discounted=counts.get(DISCOUNTED, 0))


def source_reliability(store: Any, key: str) -> tuple[Reliability, TrackRecord]:
    """The effective letter of a source (its override, else computed) and its track record."""
    source = get_source(store, key)
    record = track_record(store, source.key)
    return reliability(source, record), record


def to_public(store: Any, source: Source) -> SourcePublic:
    record = track_record(store, source.key)
    return SourcePublic(**source.model_dump(), reliability=reliability(source, record),
                        computed_reliability=computed_reliability(record),
                        track_record=TrackRecordPublic(confirmed=record.confirmed, discounted=record.discounted,
                                                       judged=record.judged))


def _checked(store: SourceStore, source: Source) -> Source:
    if source.reliability_override is not None and not (source.override_reason or "").strip():
        raise InvalidValue("a reliability override needs an override_reason saying why",
                           details=[{"field": "override_reason", "value": source.override_reason}])
    for other in store.sources.find_by_name(source.name):
        if other.id != source.id:
            raise DuplicateName(f"the name '{source.name}' is already used by source '{other.key}'",
                                details=[{"field": "name", "value": source.name}])
    if source.party is not None:
        party = resolve_party(store, source.party)
        source = source.model_copy(update={"party": party.key})
    return source
