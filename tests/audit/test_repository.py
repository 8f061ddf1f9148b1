"""Reading the change history in order (the change feed's port), on every engine."""

from __future__ import annotations

from datetime import UTC, datetime

from truceline.audit.models import Action, Change

T0 = datetime(2017, 10, 20, 6, 0, tzinfo=UTC)


def _add(store, entity, record_id, version):
    store.changes.add(Change(entity=entity, record_id=record_id, version=version,
                             action=Action.create if version == 1 else Action.update, actor="tester", at=T0,
                             before=None if version == 1 else {"v": version - 1}, after={"v": version}))


def _fill(store):
    # ids 1..6: incident 1 v1, report 1 v1, incident 2 v1, incident 1 v2, incident 1 v3, incident 2 v2
    for entity, record_id, version in [("incident", 1, 1), ("report", 1, 1), ("incident", 2, 1),
                                       ("incident", 1, 2), ("incident", 1, 3), ("incident", 2, 2)]:
        _add(store, entity, record_id, version)


def test_changelog_after_reads_one_entity_in_order(any_store):
    _fill(any_store)
    assert [c.id for c in any_store.changes.after("incident", after_id=0, limit=10)] == [1, 3, 4, 5, 6]
    assert [c.id for c in any_store.changes.after("incident", after_id=3, limit=2)] == [4, 5]
    assert any_store.changes.after("report", after_id=2, limit=10) == []


def test_changelog_latest_ids(any_store):
    _fill(any_store)
    assert any_store.changes.latest_ids("incident", [1, 2, 9]) == {1: 5, 2: 6}
    assert any_store.changes.latest_ids("incident", []) == {}


def test_changelog_first_after(any_store):
    _fill(any_store)
    firsts = any_store.changes.first_after("incident", [1, 2], after_id=3)
    assert {k: (c.id, c.before) for k, c in firsts.items()} == {1: (4, {"v": 1}), 2: (6, {"v": 1})}
    assert any_store.changes.first_after("incident", [], after_id=0) == {}


def test_changelog_last_id(any_store):
    assert any_store.changes.last_id() == 0
    _fill(any_store)
    assert any_store.changes.last_id() == 6
