"""Use-cases of stored person lists: import (CSV or JSON), list, read, export, replace; the access log.

Rules:

* A list is stored whole or not at all: the CSV reader and ``records_from_rows`` refuse a list with any
  problem, and the adapters own the transaction.
* Every personal field is sealed (``crypto.PersonCipher``) before it reaches a repository; the register
  entry (``StoredList``) and the change log hold no personal value (counts, party, kind, dates only).
* Every use-case that returns personal values (``read_records``, ``export_list``, ``open_list``) takes a
  ``Reader`` and appends an ``AccessEntry``: who, when, which list and records, through which route, why.
  Who may call them is the adapters' question (``accounts/policy.py``: staff, and a party liaison for
  their own party's lists).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from typing import Any, Protocol

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog, record_change
from truceline.common.context import Ctx
from truceline.common.models import check_key, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import check_version, fetch
from truceline.errors import DuplicateName, UnknownReference
from truceline.persons.crypto import PersonCipher
from truceline.persons.csv_io import COLUMNS, EXTRA_COLUMNS, read_person_list, records_from_rows
from truceline.persons.models import PersonRecord
from truceline.persons.register_models import (
    AccessAction,
    AccessEntry,
    AccessQuery,
    ListQuery,
    Reader,
    SealedPerson,
    StoredList,
)
from truceline.persons.register_schemas import ListMeta, ListUpdate

ENTITY = "person_list"
PERSONAL_FIELDS = ("full_name", "given_name", "father_name", "grandfather_name", "family_name", "nisba",
                   "birth_year", "birth_date", "place_of_origin", "notes", "event_date", "event_place")


class PersonListRepository(Protocol):
    def get(self, list_id: int) -> StoredList | None: ...

    def get_by_key(self, key: str) -> StoredList | None: ...

    def add(self, plist: StoredList, records: Sequence[SealedPerson]) -> StoredList: ...

    def save(self, plist: StoredList) -> None: ...

    def replace_records(self, list_id: int, records: Sequence[SealedPerson]) -> None: ...

    def records(self, list_id: int, *, refs: Sequence[str] | None = None, page: Page | None = None
                ) -> list[SealedPerson]: ...

    def list(self, query: ListQuery, page: Page) -> Paged[StoredList]: ...


class AccessLog(Protocol):
    def add(self, entry: AccessEntry) -> AccessEntry: ...

    def list(self, query: AccessQuery, page: Page) -> Paged[AccessEntry]: ...


class PartyLookup(Protocol):
    def get_by_key(self, key: str) -> Any: ...


class PersonStore(Protocol):
    @property
    def person_lists(self) -> PersonListRepository: ...

    @property
    def person_access(self) -> AccessLog: ...

    @property
    def parties(self) -> PartyLookup: ...

    @property
    def changes(self) -> ChangeLog: ...


# --- sealing ---------------------------------------------------------------------------------------------


def seal_context(list_key: str, ref: str) -> str:
    return f"person:{list_key}:{ref}"


def seal_record(cipher: PersonCipher, list_key: str, record: PersonRecord, position: int) -> SealedPerson:
    values = asdict(record)
    payload = {k: values[k] for k in PERSONAL_FIELDS}
    return SealedPerson(ref=record.id, position=position,
                        payload=cipher.seal_json(payload, context=seal_context(list_key, record.id)))


def open_record(cipher: PersonCipher, plist: StoredList, sealed: SealedPerson) -> PersonRecord:
    values = cipher.open_json(sealed.payload, context=seal_context(plist.key, sealed.ref), key_id=plist.key_id)
    fields = {k: values.get(k, "") for k in PERSONAL_FIELDS}
    fields["birth_year"] = values.get("birth_year")
    return PersonRecord(id=sealed.ref, kind=plist.kind, **fields)


# --- the register ----------------------------------------------------------------------------------------


def get_list(store: PersonStore, ref: str | int) -> StoredList:
    return fetch(store.person_lists, ref, what="person list")


def list_lists(store: PersonStore, query: ListQuery, page: Page) -> Paged[StoredList]:
    return store.person_lists.list(query, page)


def _new_key(store: PersonStore, meta: ListMeta, submitted_on: date) -> str:
    if meta.key:
        key = check_key(meta.key)
        if store.person_lists.get_by_key(key) is not None:
            raise DuplicateName(f"a person list with key '{key}' exists already")
        return key
    base = slugify(f"{meta.party}-{meta.kind.value}-{submitted_on.isoformat()}")[:70]
    key, n = base, 1
    while store.person_lists.get_by_key(key) is not None:
        n += 1
        key = f"{base}-{n}"
    return key


def store_records(store: PersonStore, ctx: Ctx, cipher: PersonCipher, records: Sequence[PersonRecord],
                  meta: ListMeta) -> StoredList:
    """Store a checked list: the register entry, its sealed records, a change without personal values."""
    if store.parties.get_by_key(meta.party) is None:
        raise UnknownReference(f"no party with key '{meta.party}': register the party first",
                               details=[{"field": "party", "value": meta.party}])
    now = ctx.clock.now()
    submitted_on = meta.submitted_on or now.date()
    key = _new_key(store, meta, submitted_on)
    plist = StoredList(id=0, key=key, party=meta.party, kind=meta.kind, submitted_on=submitted_on,
                       release=meta.release, source=meta.source, record_count=len(records), key_id=cipher.key_id,
                       created_at=now, updated_at=now)
    sealed = [seal_record(cipher, key, r, n) for n, r in enumerate(records)]
    plist = store.person_lists.add(plist, sealed)
    record_change(store.changes, ctx, entity=ENTITY, before=None, after=plist)
    return plist


def import_csv(store: PersonStore, ctx: Ctx, cipher: PersonCipher, data: bytes, meta: ListMeta, *,
               encoding: str | None = None) -> StoredList:
    """Read a CSV list (refused whole on any problem) and store it."""
    plist = read_person_list(data, kind=meta.kind, source=meta.source or "", party=meta.party, encoding=encoding,
                             this_year=ctx.clock.now().year)
    return store_records(store, ctx, cipher, plist.records, meta)


def import_rows(store: PersonStore, ctx: Ctx, cipher: PersonCipher, rows: Sequence[dict[str, Any]],
                meta: ListMeta) -> StoredList:
    """Store a list given as records (the JSON form), checked by the CSV rules."""
    records = records_from_rows(rows, kind=meta.kind, source=meta.source or "", this_year=ctx.clock.now().year)
    return store_records(store, ctx, cipher, records, meta)


def update_list(store: PersonStore, ctx: Ctx, ref: str | int, data: ListUpdate) -> StoredList:
    """Change the register entry (release level, submission date, kind); personal values are not here."""
    before = get_list(store, ref)
    check_version(before, data.expected_version, what=f"person list '{before.key}'")
    changes: dict[str, Any] = {k: getattr(data, k) for k in ("release", "submitted_on", "kind")
                               if getattr(data, k) is not None}
    after = before.model_copy(update={**changes, "version": before.version + 1, "updated_at": ctx.clock.now()})
    store.person_lists.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def replace_list(store: PersonStore, ctx: Ctx, cipher: PersonCipher, ref: str | int, data: bytes, *,
                 reason: str | None = None, expected_version: int | None = None,
                 encoding: str | None = None) -> StoredList:
    """A new version of a list from a corrected CSV file: the records are replaced whole."""
    before = get_list(store, ref)
    check_version(before, expected_version, what=f"person list '{before.key}'")
    plist = read_person_list(data, kind=before.kind, source=before.source or "", party=before.party,
                             encoding=encoding, this_year=ctx.clock.now().year)
    sealed = [seal_record(cipher, before.key, r, n) for n, r in enumerate(plist.records)]
    after = before.model_copy(update={"record_count": len(sealed), "key_id": cipher.key_id,
                                      "version": before.version + 1, "updated_at": ctx.clock.now()})
    store.person_lists.replace_records(before.id, sealed)
    store.person_lists.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=reason)
    return after


def list_history(store: PersonStore, ref: str | int) -> list[Change]:
    return store.changes.for_record(ENTITY, get_list(store, ref).id)


# --- reading personal values (always logged) ------------------------------------------------------------


def log_access(store: PersonStore, ctx: Ctx, reader: Reader, *, action: AccessAction, list_key: str,
               refs: Sequence[str] = (), all_records: bool = False, count: int | None = None) -> AccessEntry:
    entry = AccessEntry(at=ctx.clock.now(), action=action, list_key=list_key,
                        record_refs=[] if all_records else list(refs), all_records=all_records,
                        record_count=len(refs) if count is None else count, **reader.model_dump())
    return store.person_access.add(entry)


def read_records(store: PersonStore, ctx: Ctx, cipher: PersonCipher, ref: str | int, reader: Reader, *,
                 refs: Sequence[str] | None = None, page: Page | None = None) -> tuple[StoredList, list[PersonRecord]]:
    """Person records of a list (some ``refs``, or a page of them), opened; the read is logged."""
    plist = get_list(store, ref)
    sealed = store.person_lists.records(plist.id, refs=refs, page=page)
    if refs is not None:
        missing = sorted(set(refs) - {s.ref for s in sealed})
        if missing:
            raise UnknownReference(f"person list '{plist.key}' has no record(s) {', '.join(missing[:10])}",
                                   details=[{"field": "ref", "value": m} for m in missing[:50]])
    records = [open_record(cipher, plist, s) for s in sealed]
    log_access(store, ctx, reader, action=AccessAction.read, list_key=plist.key, refs=[r.id for r in records])
    return plist, records


def open_list(store: PersonStore, ctx: Ctx, cipher: PersonCipher, ref: str | int, reader: Reader, *,
              action: AccessAction) -> tuple[StoredList, list[PersonRecord]]:
    """Every record of a list, opened (for export or matching); logged as a read of the whole list."""
    plist = get_list(store, ref)
    records = [open_record(cipher, plist, s) for s in store.person_lists.records(plist.id)]
    log_access(store, ctx, reader, action=action, list_key=plist.key, all_records=True, count=len(records))
    return plist, records


def export_csv(store: PersonStore, ctx: Ctx, cipher: PersonCipher, ref: str | int, reader: Reader) -> str:
    """The list as CSV with the documented columns (what ``import`` reads back); logged."""
    _plist, records = open_list(store, ctx, cipher, ref, reader, action=AccessAction.export)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    extra = [c for c in EXTRA_COLUMNS if any(getattr(r, c) for r in records)]  # the optional columns used
    writer.writerow(COLUMNS + tuple(extra))
    for r in records:
        row = [r.id, r.full_name, r.given_name, r.father_name, r.grandfather_name, r.family_name,
               "" if r.birth_year is None else str(r.birth_year), r.place_of_origin, r.notes]
        writer.writerow(row + [getattr(r, c) for c in extra])
    return out.getvalue()


def access_log(store: PersonStore, query: AccessQuery, page: Page) -> Paged[AccessEntry]:
    return store.person_access.list(query, page)

