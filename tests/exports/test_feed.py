"""The change feed: upserts and tombstones after a cursor, once per record, paged, and its cursor errors."""

from __future__ import annotations

import json

import pytest

from tests.exports.helpers import publish, render, request
from truceline.audit.models import Action
from truceline.audit.service import record_change
from truceline.errors import CursorAhead, CursorOtherFeed, InvalidCursor
from truceline.exports import cursor
from truceline.exports.feed import feed_page
from truceline.exports.models import Audience
from truceline.incidents import service, workflow
from truceline.incidents.models import Grade, IncidentQuery, IncidentStatus
from truceline.reports import service as reports
from truceline.testing.memory import MemoryStore


def _page(store, kind="incidents", **over):
    return feed_page(store, request(kind, **over))


def _ops(page):
    return [(item["op"], item["id"], item.get("reason")) for item in page.items]


def _head(store, kind="incidents", **over):
    """The cursor after reading the whole feed so far."""
    page = _page(store, kind, limit=5000, **over)
    assert not page.has_more
    return page.next_cursor


def _grade(store, ctx, ref, value=Grade.confirmed):
    workflow.set_status(store, ctx, ref, IncidentStatus.triaged)
    workflow.set_status(store, ctx, ref, IncidentStatus.under_verification)
    return workflow.grade(store, ctx, ref, value, rationale="two independent sources agree")


def test_feed_from_the_beginning_holds_each_record_once_and_no_tombstones(world):
    page = _page(world)
    assert sorted(_ops(page)) == [("upsert", 1, None), ("upsert", 2, None)]
    assert not page.has_more
    assert cursor.decode(page.next_cursor, "incident") == world.changes.last_id()
    record = next(i for i in page.items if i["id"] == 1)["record"]
    assert record["version"] == world.incidents.get(1).version and record["published"] is True


def test_feed_record_changed_many_times_appears_once_with_latest_state(world, ctx):
    since = _head(world)
    _grade(world, ctx, 2)
    page = _page(world, since=since)
    assert _ops(page) == [("upsert", 2, None)]
    assert page.items[0]["record"]["grade"] == "confirmed" and page.items[0]["version"] == 4


def test_feed_merged_incident_is_a_tombstone_naming_the_keeper(world, ctx):
    since = _head(world)
    service.merge(world, ctx, [1, 2], reason="the same strike, reported twice")
    assert sorted(_ops(_page(world, since=since))) == [("delete", 2, "merged"), ("upsert", 1, None)]
    tombstone = next(i for i in _page(world, since=since).items if i["op"] == "delete")
    assert tombstone["duplicate_of"] == 1 and tombstone["uid"] == world.incidents.get(2).uid
    assert "record" not in tombstone


def test_feed_dismissed_incident_is_a_tombstone(world, ctx):
    since = _head(world)
    workflow.set_status(world, ctx, 2, IncidentStatus.dismissed, reason="a hoax")
    assert _ops(_page(world, since=since)) == [("delete", 2, "dismissed")]


def test_feed_public_unpublished_incident_is_withdrawn(world, ctx):
    since = _head(world, audience=Audience.public)
    publish(world, ctx, 1, published=False)
    workflow.assign(world, ctx, 2, "amal")  # never public: the public feed says nothing about it
    assert _ops(_page(world, since=since, audience=Audience.public)) == [("delete", 1, "withdrawn")]


def test_feed_public_shows_the_public_representation(world):
    record = _page(world, audience=Audience.public).items[0]["record"]
    assert record["report_count"] == 1 and record["scope"]["zones"] == ["idlib"]
    for internal in ("assigned_to", "locked_by", "confirmations", "links", "report_ids"):
        assert internal not in record
    assert record["grade"] == "fair" and record["grade_rationale"]  # published with its reasons


def test_feed_record_leaving_the_filters_is_a_tombstone(world, ctx):
    query = IncidentQuery(grade=Grade.fair)
    since = _head(world, query=query)
    workflow.set_status(world, ctx, 1, IncidentStatus.under_verification, reason="new evidence")
    assert _ops(_page(world, since=since, query=query)) == [("delete", 1, "filtered")]


def test_feed_record_never_in_the_set_gives_nothing(world, ctx):
    query = IncidentQuery(zone="idlib")
    since = _head(world, query=query)
    workflow.assign(world, ctx, 2, "amal")  # incident 2 is in Eastern Ghouta
    page = _page(world, since=since, query=query)
    assert page.items == [] and not page.has_more


def test_feed_rejected_report_is_a_tombstone(world, ctx):
    since = _head(world, "reports")
    reports.reject_report(world, ctx, 3, reason="a duplicate claim")
    assert _ops(_page(world, "reports", since=since)) == [("delete", 3, "rejected")]


def test_feed_pages_visit_every_record_once(world, ctx):
    workflow.assign(world, ctx, 1, "amal")
    seen, since, pages = [], None, 0
    while True:
        page = _page(world, since=since, limit=1)
        seen += [i["id"] for i in page.items]
        since, pages = page.next_cursor, pages + 1
        if not page.has_more:
            break
    assert sorted(seen) == [1, 2] and pages >= 2


def test_feed_nothing_new_keeps_the_cursor(world):
    since = _head(world)
    page = _page(world, since=since)
    assert page.items == [] and page.next_cursor == since and not page.has_more


def test_feed_deleted_record_is_a_tombstone(ctx):
    store = MemoryStore()
    from tests.exports.helpers import build_world

    build_world(store, ctx)
    since = _head(store)
    gone = store.incidents.get(2)
    store.incidents.delete(2)
    record_change(store.changes, ctx, entity="incident", before=gone, after=gone, action=Action.delete)
    page = _page(store, since=since)
    assert _ops(page) == [("delete", 2, "deleted")] and page.items[0]["uid"] == gone.uid


def test_feed_renders_json(world):
    doc = json.loads(render(world, "feed", limit=1))
    assert doc["feed"] == "incidents" and doc["since"] is None and len(doc["items"]) == 1
    assert doc["has_more"] is True and isinstance(doc["next_cursor"], str)


@pytest.mark.parametrize("bad", ["garbage", "e30", "eyJ2IjoxfQ", "x" * 500,
                                 cursor.encode("incident", 1) + "A",
                                 "eyJ2IjoxLCJmZWVkIjoiaW5jaWRlbnQiLCJhZnRlciI6LTF9"])
def test_feed_refuses_a_cursor_it_did_not_issue(world, bad):
    with pytest.raises(InvalidCursor) as err:
        _page(world, since=bad)
    assert err.value.code == "E753"


def test_feed_refuses_the_cursor_of_the_other_feed(world):
    with pytest.raises(CursorOtherFeed):
        _page(world, "reports", since=cursor.encode("incident", 1))


def test_feed_refuses_a_cursor_ahead_of_the_history(world):
    with pytest.raises(CursorAhead) as err:
        _page(world, since=cursor.encode("incident", world.changes.last_id() + 1))
    assert err.value.http_status == 409


def test_cursor_roundtrip():
    assert cursor.decode(cursor.encode("report", 42), "report") == 42
    assert cursor.decode(None, "report") == 0
