"""Issuing bulletins on the in-memory store: what is frozen, what is counted, reproducibility, diff."""

from __future__ import annotations

import pytest

from tests.bulletins import scenario
from tests.incidents.fakes import memory_store
from truceline.bulletins import codec, service
from truceline.bulletins.models import Audience
from truceline.bulletins.service import diff, issue, normalise_admin_area, province_of
from truceline.errors import InvalidPeriod, InvalidValue
from truceline.incidents import workflow
from truceline.reports.models import Report


@pytest.fixture
def world(ctx):
    store = memory_store()
    return store, scenario.build(store, ctx)


def _issue(store, ctx, **over):
    args = {"start": scenario.START, "end": scenario.END, "issuer": "truceline-a", "now": ctx.clock.now(), **over}
    return issue(store, **args)


def test_issue_freezes_the_incidents_of_the_period(world, ctx):
    store, incidents = world
    bulletin = _issue(store, ctx)
    names = {i.uid: n for n, i in incidents.items()}
    assert sorted(names[s.uid] for s in bulletin.incidents) == ["aleppo_clash", "douma_strike", "idlib_shelling"]
    assert [names[s.uid] for s in bulletin.previous_incidents] == ["earlier"]
    shelling = incidents["idlib_shelling"]
    assert (shelling.uid, shelling.version) in bulletin.refs()
    snap = next(s for s in bulletin.incidents if s.uid == shelling.uid)
    assert (snap.grade, snap.scope, snap.zones, snap.place) == ("fair", "violation", ("idlib",), "Idlib")
    assert snap.reported_by == ("turkey",) and (snap.killed_min, snap.killed_max) == (2, 4)
    assert [(c.party, c.position) for c in snap.confirmations] == [("russia", "disputes"), ("turkey", "confirms")]
    assert bulletin.period.kind == "weekly" and bulletin.issuer == "truceline-a"
    assert bulletin.content_hash == codec.content_hash(bulletin) and len(bulletin.content_hash) == 64


def test_issue_never_counts_dismissed_or_duplicate_incidents(world, ctx):
    store, incidents = world
    uids = {s.uid for s in _issue(store, ctx).incidents}
    assert incidents["dismissed"].uid not in uids


def test_issue_takes_the_province_from_reports_then_zones(world, ctx):
    store, incidents = world
    by_uid = {s.uid: s for s in _issue(store, ctx).incidents}
    assert (by_uid[incidents["idlib_shelling"].uid].province,
            by_uid[incidents["idlib_shelling"].uid].province_from) == ("Idlib", "reports")
    assert (by_uid[incidents["douma_strike"].uid].province,
            by_uid[incidents["douma_strike"].uid].province_from) == ("Rif Dimashq", "zones")
    assert by_uid[incidents["aleppo_clash"].uid].province == "unknown"


def test_issue_gives_zone_coverage_beside_every_zone(world, ctx):
    store, _ = world
    zones = {z.key: z for z in _issue(store, ctx).tables.zones}
    assert zones["idlib"].coverage.observed_days == 7 and zones["idlib"].coverage.posts[0].post == "salwa"
    assert zones["eastern-ghouta"].coverage.observed_days == 0  # no post there: not observed
    assert zones[None].coverage is None


def test_issue_for_the_public_shows_only_published_public_incidents(world, ctx):
    store, incidents = world
    assert _issue(store, ctx, audience="public").incidents == ()
    published = scenario.publish(store, incidents["douma_strike"])
    bulletin = _issue(store, ctx, audience=Audience.public)
    assert [s.uid for s in bulletin.incidents] == [published.uid] and bulletin.audience == "public"


def test_issue_is_reproducible_whatever_the_store_order(world, ctx, monkeypatch):
    store, _ = world
    first = _issue(store, ctx)
    store.incidents.rows = dict(reversed(list(store.incidents.rows.items())))
    store.incidents.sort_key = lambda i: -i.id
    store.zones.rows = dict(reversed(list(store.zones.rows.items())))
    by_incident = store.reports.by_incident
    monkeypatch.setattr(store.reports, "by_incident", lambda i: list(reversed(by_incident(i))))
    again = _issue(store, ctx)
    assert again.content_hash == first.content_hash and codec.dumps(again) == codec.dumps(first)


def test_issue_hash_changes_with_the_issue_time(world, ctx, clock):
    store, _ = world
    first = _issue(store, ctx)
    clock.advance(minutes=1)
    assert _issue(store, ctx).content_hash != first.content_hash


def test_issue_needs_an_issuer(world, ctx):
    store, _ = world
    with pytest.raises(InvalidValue, match="needs an issuer"):
        _issue(store, ctx, issuer="  ")


def test_issue_refuses_a_reversed_period(world, ctx):
    store, _ = world
    with pytest.raises(InvalidPeriod):
        _issue(store, ctx, start=scenario.END, end=scenario.START)


@pytest.mark.parametrize(("text", "name"), [
    ("SY-RD Rif Dimashq (part)", "Rif Dimashq"), ("Rif Dimashq", "Rif Dimashq"), ("SY-ID Idlib", "Idlib"),
    ("  ", None), (None, None),
])
def test_normalise_admin_area(text, name):
    assert normalise_admin_area(text) == name


def test_province_of_prefers_the_most_frequent_report_area(ctx):
    def rep(area):
        return Report.model_validate({"id": 1, "uid": "u", "source": "s", "received_at": ctx.clock.now(),
                                      "occurred_at": ctx.clock.now(), "lon": 0, "lat": 0, "event_type": "shelling",
                                      "admin_area": area, "created_at": ctx.clock.now(),
                                      "updated_at": ctx.clock.now()})
    assert province_of([rep("Hama"), rep("SY-ID Idlib"), rep("Idlib")], []) == ("Idlib", "reports")
    assert province_of([rep("Hama"), rep("Idlib")], []) == ("Hama", "reports")  # a tie: alphabetical
    assert province_of([rep(None)], [["SY-ID Idlib", "SY-HM Hama (part)"]]) == ("unknown", "unknown")
    assert province_of([], [["SY-RD Rif Dimashq (part)"], ["Rif Dimashq"]]) == ("Rif Dimashq", "zones")


def test_diff_of_the_same_data_is_empty(world, ctx):
    store, _ = world
    result = diff(_issue(store, ctx), _issue(store, ctx))
    assert result.empty and result.same_period and "no count changed" in result.lines()


def test_diff_names_the_incidents_behind_each_changed_count(world, ctx):
    store, incidents = world
    before = _issue(store, ctx)
    douma = incidents["douma_strike"]
    for status in ("triaged", "under_verification"):
        workflow.set_status(store, ctx, douma.id, status)
    workflow.grade(store, ctx, douma.id, "confirmed", rationale="video geolocated by two analysts")
    new = scenario.add_incident(store, ctx, days=4, where=scenario.IDLIB, uid="r-new", perpetrator="syria")
    after = _issue(store, ctx)
    result = diff(before, after)
    assert result.added == (new.uid,) and result.removed == ()
    assert [c.uid for c in result.changed] == [douma.uid]
    counts = {c.path: c for c in result.counts}
    confirmed = counts["overall/by_grade/confirmed"]
    assert (confirmed.before, confirmed.after) == (None, 1)
    change = confirmed.entered[0]
    assert (change.uid, change.change, change.version_before) == (douma.uid, "changed", 1)
    assert change.version_after == 4 and change.fields == ("grade", "status")
    ungraded = counts["overall/by_grade/ungraded"]
    assert (ungraded.before, ungraded.after) == (2, 2)  # one left, one entered: listed all the same
    assert [c.change for c in ungraded.entered] == ["added"] and [c.uid for c in ungraded.left] == [douma.uid]
    assert (counts["zones/idlib/total"].before, counts["zones/idlib/total"].after) == (1, 2)
    assert "overall/by_type/air_strike" not in counts
    text = "\n".join(result.lines())
    assert f"+ {douma.uid} changed (version 1 -> 4: grade, status)" in text and f"+ {new.uid} added" in text


def test_diff_warns_about_different_periods(world, ctx):
    store, _ = world
    result = service.diff(_issue(store, ctx), _issue(store, ctx, end=scenario.START))
    assert not result.same_period and result.removed and "different periods" in "\n".join(result.lines())
