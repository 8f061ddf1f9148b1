"""Stored person lists on every store (memory, SQLite, PostgreSQL): import, read, export, replace, log."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.persons.lists import LIST_A, LIST_B, LIST_C, SECRETS, add_parties
from truceline.common.paging import Page
from truceline.errors import DuplicateName, DuplicatePersonId, PersonKeyMismatch, StaleVersion, UnknownReference
from truceline.persons import register_service as service
from truceline.persons.crypto import PersonCipher
from truceline.persons.models import ListKind
from truceline.persons.register_models import AccessAction, AccessQuery, ListQuery, Reader
from truceline.persons.register_schemas import ListMeta, ListUpdate

CIPHER = PersonCipher(b"0123456789abcdef0123456789abcdef")
META = ListMeta(party="jaysh-al-islam", kind=ListKind.detained, submitted_on=date(2017, 10, 1))
READER = Reader(actor="amal", role="analyst", via="session", route="GET /test", purpose="exchange preparation")


@pytest.fixture
def store(any_store, ctx):
    add_parties(any_store, ctx)
    return any_store


def test_import_stores_the_register_entry_and_sealed_records(store, ctx):
    plist = service.import_csv(store, ctx, CIPHER, LIST_A, META.model_copy(update={"source": "a.csv"}))
    assert (plist.key, plist.record_count, plist.release.value, plist.version) == (
        "jaysh-al-islam-detained-2017-10-01", 3, "party_restricted", 1)
    assert plist.key_id == CIPHER.key_id
    got, records = service.read_records(store, ctx, CIPHER, plist.key, READER)
    assert [r.id for r in records] == ["A-1", "A-2", "A-3"]
    assert records[0].full_name == "محمد عبد الرحمن الحسن" and records[0].birth_year == 1985
    assert records[1].notes == "scar on the left hand" and records[1].kind == ListKind.detained
    assert got.key == plist.key


def test_default_keys_are_numbered_and_explicit_duplicates_refused(store, ctx):
    first = service.import_csv(store, ctx, CIPHER, LIST_A, META)
    second = service.import_csv(store, ctx, CIPHER, LIST_B, META)
    assert second.key == first.key + "-2"
    with pytest.raises(DuplicateName):
        service.import_csv(store, ctx, CIPHER, LIST_B, META.model_copy(update={"key": first.key}))


def test_a_list_with_any_problem_stores_nothing(store, ctx):
    bad = LIST_A + b"A-1,Someone Else,,,,,,,\n"
    with pytest.raises(DuplicatePersonId):
        service.import_csv(store, ctx, CIPHER, bad, META)
    assert service.list_lists(store, ListQuery(), Page()).count == 0


def test_unknown_party_is_refused(store, ctx):
    with pytest.raises(UnknownReference, match="no party with key 'nobody'"):
        service.import_csv(store, ctx, CIPHER, LIST_A, META.model_copy(update={"party": "nobody"}))


def test_json_rows_follow_the_csv_rules(store, ctx):
    rows = [{"id": "J-1", "full_name": "Omar Haddad", "birth_year": 1970}, {"id": "J-2", "full_name": ""}]
    with pytest.raises(Exception, match="record 2: empty required field") as err:
        service.import_rows(store, ctx, CIPHER, rows, META)
    assert err.value.details[0]["record"] == 2
    plist = service.import_rows(store, ctx, CIPHER, rows[:1], META)
    assert service.read_records(store, ctx, CIPHER, plist.id, READER)[1][0].birth_year == 1970


def test_every_read_of_personal_values_is_logged(store, ctx):
    plist = service.import_csv(store, ctx, CIPHER, LIST_A, META)
    service.read_records(store, ctx, CIPHER, plist.key, READER, refs=["A-2"])
    service.read_records(store, ctx, CIPHER, plist.key, READER, page=Page(limit=2))
    text = service.export_csv(store, ctx, CIPHER, plist.key, READER.model_copy(update={"route": "cli export"}))
    log = service.access_log(store, AccessQuery(), Page()).items
    assert [(e.action, e.record_refs, e.all_records, e.record_count) for e in log] == [
        (AccessAction.export, [], True, 3), (AccessAction.read, ["A-1", "A-2"], False, 2),
        (AccessAction.read, ["A-2"], False, 1)]
    assert log[2].actor == "amal" and log[2].purpose == "exchange preparation" and log[2].at == ctx.clock.now()
    assert service.access_log(store, AccessQuery(actor="someone-else"), Page()).count == 0
    assert text.splitlines()[2] == "A-2,Fatima Zahra Khalil,Fatima,Zahra,,Khalil,1990,Douma,scar on the left hand"


def test_reading_records_that_are_not_on_the_list_is_refused(store, ctx):
    plist = service.import_csv(store, ctx, CIPHER, LIST_A, META)
    with pytest.raises(UnknownReference, match="no record.*A-9"):
        service.read_records(store, ctx, CIPHER, plist.key, READER, refs=["A-1", "A-9"])


def test_export_reads_back_to_the_same_records(store, ctx):
    plist = service.import_csv(store, ctx, CIPHER, LIST_A, META)
    again = service.import_csv(store, ctx, CIPHER, service.export_csv(store, ctx, CIPHER, plist.key, READER).encode(),
                               META)
    one = service.read_records(store, ctx, CIPHER, plist.key, READER)[1]
    two = service.read_records(store, ctx, CIPHER, again.key, READER)[1]
    assert one == two


def test_replace_and_update_are_versioned_and_history_holds_no_personal_value(store, ctx):
    plist = service.import_csv(store, ctx, CIPHER, LIST_A, META)
    after = service.replace_list(store, ctx, CIPHER, plist.key, LIST_B, reason="corrected list", expected_version=1)
    assert (after.version, after.record_count) == (2, 3)
    assert [r.id for r in service.read_records(store, ctx, CIPHER, plist.key, READER)[1]] == ["B-1", "B-2", "B-3"]
    with pytest.raises(StaleVersion):
        service.update_list(store, ctx, plist.key, ListUpdate(release="mechanism", expected_version=1))
    updated = service.update_list(store, ctx, plist.key, ListUpdate(release="mechanism", reason="shared"))
    assert (updated.version, updated.release.value) == (3, "mechanism")
    history = service.list_history(store, plist.key)
    assert [c.version for c in history] == [1, 2, 3] and history[1].reason == "corrected list"
    text = json.dumps([c.model_dump(mode="json") for c in history], ensure_ascii=False)
    assert not [s for s in SECRETS if s in text]


def test_records_sealed_with_another_key_give_a_clear_error(store, ctx):
    plist = service.import_csv(store, ctx, CIPHER, LIST_A, META)
    other = PersonCipher(b"another key, also thirty-two b.." )
    with pytest.raises(PersonKeyMismatch, match="TRUCELINE_PERSONS_KEY_FILE") as err:
        service.read_records(store, ctx, other, plist.key, READER)
    assert err.value.code == "E621"
    assert service.access_log(store, AccessQuery(), Page()).count == 0  # nothing was shown, nothing logged


def test_list_filters_by_party_kind_and_allowed_parties(store, ctx):
    service.import_csv(store, ctx, CIPHER, LIST_A, META)
    service.import_csv(store, ctx, CIPHER, LIST_B, META.model_copy(update={"party": "syria-government",
                                                                           "kind": ListKind.missing}))
    assert service.list_lists(store, ListQuery(), Page()).count == 2
    assert [p.party for p in service.list_lists(store, ListQuery(kind=ListKind.missing), Page()).items] == [
        "syria-government"]
    own = ListQuery(parties=frozenset({"jaysh-al-islam"}))
    assert [p.party for p in service.list_lists(store, own, Page()).items] == ["jaysh-al-islam"]


def test_nisba_and_birth_date_are_sealed_kept_and_exported_only_when_used(store, ctx):
    data = (b"id,full_name,birth_year,nisba,birth_date\n"
            b"N-1,Omar Haddad,,al-Halabi,1985-04-12\n"
            b"N-2,Ali Hasan,1970,,\n")
    plist = service.import_csv(store, ctx, CIPHER, data, META)
    records = service.read_records(store, ctx, CIPHER, plist.key, READER)[1]
    assert [(r.nisba, r.birth_year, r.birth_date) for r in records] == [("al-Halabi", 1985, "1985-04-12"),
                                                                         ("", 1970, "")]
    text = service.export_csv(store, ctx, CIPHER, plist.key, READER)
    assert text.splitlines()[0].endswith(",notes,nisba,birth_date")  # the event columns are unused here
    assert text.splitlines()[1] == "N-1,Omar Haddad,,,,,1985,,,al-Halabi,1985-04-12"
    again = service.import_csv(store, ctx, CIPHER, text.encode(), META.model_copy(update={"key": "again"}))
    assert service.read_records(store, ctx, CIPHER, again.key, READER)[1] == records


def test_dates_and_places_of_detention_or_death_are_kept_and_exported(store, ctx):
    plist = service.import_csv(store, ctx, CIPHER, LIST_C, META.model_copy(update={"kind": ListKind.remains}))
    records = service.read_records(store, ctx, CIPHER, plist.key, READER)[1]
    assert [(r.event_date, r.event_place) for r in records] == [("2016-03", "Sednaya prison"),
                                                                  ("2015-11-02", "سجن صيدنايا")]
    text = service.export_csv(store, ctx, CIPHER, plist.key, READER)
    assert text.splitlines()[0].endswith(",event_date,event_place")
    assert text.splitlines()[1] == "C-1,Omar Saleh Haddad,,,,,1969,,,2016-03,Sednaya prison"
    again = service.import_csv(store, ctx, CIPHER, text.encode(), META.model_copy(update={"kind": ListKind.remains}))
    assert service.read_records(store, ctx, CIPHER, again.key, READER)[1] == records
