"""Incident use-cases on the in-memory store: incremental clustering, analyst actions, scope upkeep."""

from __future__ import annotations

import random

import pytest

from tests.incidents.fakes import DOUMA, add_report, memory_store, report
from tests.incidents.seed import ASTANA, DECEMBER, seed_registers
from truceline.common.paging import Page
from truceline.errors import InvalidValue, NotFound
from truceline.incidents import service
from truceline.incidents.models import IncidentQuery, IncidentStatus, Scope
from truceline.incidents.service import attach_report, get_incident


@pytest.fixture
def store(ctx):
    s = memory_store()
    seed_registers(s, ctx)
    return s


def _attach(store, ctx, rep):
    return attach_report(store, ctx, add_report(store, rep))


def test_attach_report_starts_an_incident(store, ctx):
    incident = _attach(store, ctx, report(perpetrator="syria", killed=(2, 4)))
    assert incident.id == 1 and len(incident.uid) == 32
    assert incident.report_ids == [1] and incident.links[0].rule == "first"
    assert (incident.killed_min, incident.killed_max) == (2, 4)
    assert store.reports.get(1).incident_id == incident.id
    history = service.incident_history(store, incident.id)
    assert history[0].action == "create" and "starts a new incident" in history[0].reason


def test_attach_report_joins_and_keeps_ranges(store, ctx):
    _attach(store, ctx, report(hours=0, killed=(2, 3), perpetrator="syria"))
    incident = _attach(store, ctx, report(hours=2, lon=36.64, killed=(5, 8), event_type="air_strike"))
    assert incident.report_ids == [1, 2] and incident.version == 2
    link = incident.links[1]
    assert link.rule == "auto" and link.reason["linked_to"] == 1 and 0 < link.reason["score"] <= 1
    assert (incident.killed_min, incident.killed_max) == (2, 8)
    assert incident.end > incident.start and incident.perpetrators == ["syria"]
    assert "joins" in service.incident_history(store, incident.id)[-1].reason


def test_attach_report_far_away_starts_another(store, ctx):
    _attach(store, ctx, report())
    other = _attach(store, ctx, report(lon=DOUMA[0], lat=DOUMA[1]))
    assert other.id == 2


def test_attach_report_is_idempotent(store, ctx):
    first = _attach(store, ctx, report())
    again = attach_report(store, ctx, store.reports.get(1))
    assert again == first


def test_attach_report_bridging_merges_into_smallest_id(store, ctx):
    a = _attach(store, ctx, report(hours=0, lon=36.55))
    b = _attach(store, ctx, report(hours=0, lon=36.65))  # ~9 km east: too far for a direct link
    assert a.id != b.id
    merged = _attach(store, ctx, report(hours=0, lon=36.60))
    assert merged.id == a.id and merged.report_ids == [1, 2, 3]
    dup = get_incident(store, b.id)
    assert dup.status == IncidentStatus.duplicate and dup.duplicate_of == a.id and dup.report_ids == []
    assert "merged into incident 1" in service.incident_history(store, b.id)[-1].reason
    assert store.reports.get(2).incident_id == a.id


def test_attach_report_reopens_a_graded_incident(store, ctx):
    from truceline.incidents import workflow
    incident = _attach(store, ctx, report())
    for status in ("triaged", "under_verification"):
        workflow.set_status(store, ctx, incident.id, status)
    workflow.grade(store, ctx, incident.id, "fair", rationale="two independent sources agree")
    incident = _attach(store, ctx, report(hours=1))
    assert incident.status == IncidentStatus.under_verification


def test_scope_violation_in_zone_through_extended_ceasefire(store, ctx):
    incident = _attach(store, ctx, report(perpetrator="syria"))
    assert incident.scope.scope == Scope.violation
    assert (incident.scope.agreement, incident.scope.provision) == (DECEMBER, "cessation")
    assert incident.scope.zones == ["idlib"]
    assert incident.scope.posts_nearby == [] or incident.scope.posts_nearby[0]["post"] == "salwa"


def test_scope_excluded_party(store, ctx):
    incident = _attach(store, ctx, report(perpetrator="isil"))
    assert incident.scope.scope == Scope.excluded_party and incident.scope.agreement == ASTANA


def test_scope_unknown_perpetrator_is_undetermined(store, ctx):
    assert _attach(store, ctx, report()).scope.scope == Scope.undetermined


def test_scope_nearby_posts_with_distance(store, ctx):
    incident = _attach(store, ctx, report(lon=36.76, lat=36.25, perpetrator="syria"))
    near = incident.scope.posts_nearby
    assert near[0]["post"] == "salwa" and 0 < near[0]["distance_km"] < 15 and near[0]["state"] == "deployed"


def test_reevaluate_scope_after_registers_change(store, ctx):
    from truceline.accessions import service as accessions
    from truceline.accessions.schemas import AccessionCreate
    incident = _attach(store, ctx, report(perpetrator="faylaq-al-rahman", lon=DOUMA[0], lat=DOUMA[1]))
    assert incident.scope.scope == Scope.undetermined
    accessions.create_accession(store, ctx, AccessionCreate.model_validate(
        {"party": "faylaq-al-rahman", "agreement": ASTANA, "joined_on": "2017-08-18"}))
    now = store.incidents.get(incident.id)  # the accession register's change was followed at once
    assert now.scope.scope == Scope.violation and now.scope.agreement == ASTANA and now.version > incident.version
    assert service.reevaluate_scope(store, ctx) == []  # nothing left to change


def test_split_separates_for_good(store, ctx):
    _attach(store, ctx, report(hours=0))
    _attach(store, ctx, report(hours=1))
    incident = _attach(store, ctx, report(hours=2))
    assert incident.report_ids == [1, 2, 3]
    new = service.split(store, ctx, incident.id, [3], reason="different shelling, other village")
    assert new.report_ids == [3] and new.links[0].rule == "analyst" and new.links[0].pinned
    assert get_incident(store, incident.id).report_ids == [1, 2]
    assert store.incidents.separations_of([3]) == [(1, 3), (2, 3)]
    later = _attach(store, ctx, report(hours=2.5))  # links to 2 (auto); 3 is pinned
    assert later.id == incident.id


@pytest.mark.parametrize(("ids", "message"), [([], "some, but not all"), ([1, 2], "some, but not all"),
                                               ([9], "not in incident")])
def test_split_refuses_bad_report_lists(store, ctx, ids, message):
    _attach(store, ctx, report(hours=0))
    incident = _attach(store, ctx, report(hours=1))
    with pytest.raises(InvalidValue, match=message):
        service.split(store, ctx, incident.id, ids, reason="why not")


def test_merge_and_move_are_analyst_decisions(store, ctx):
    a = _attach(store, ctx, report())
    b = _attach(store, ctx, report(lon=DOUMA[0], lat=DOUMA[1]))
    c = _attach(store, ctx, report(lon=DOUMA[0], lat=DOUMA[1], hours=30))
    merged = service.merge(store, ctx, [c.id, b.id], reason="same attack, reported a day late")
    assert merged.id == b.id and merged.report_ids == [2, 3]
    assert merged.links[1].rule == "analyst" and merged.links[1].reason["action"] == "merge"
    assert merged.links[1].pinned
    moved = service.move_report(store, ctx, 1, b.id, reason="geolocated to Douma")
    assert moved.report_ids == [1, 2, 3] and moved.links[-1].reason["from_incident"] == a.id
    assert get_incident(store, a.id).status == IncidentStatus.duplicate
    assert "geolocated" in service.incident_history(store, b.id)[-1].reason


def test_analyst_actions_need_a_reason(store, ctx):
    a = _attach(store, ctx, report())
    with pytest.raises(InvalidValue, match="needs a reason"):
        service.merge(store, ctx, [a.id, a.id], reason=" ")
    with pytest.raises(InvalidValue, match="at least two"):
        service.merge(store, ctx, [a.id, a.id], reason="same")
    with pytest.raises(InvalidValue, match="already in incident"):
        service.move_report(store, ctx, 1, a.id, reason="again")
    with pytest.raises(NotFound):
        service.move_report(store, ctx, 99, a.id, reason="none")


def test_get_incident_by_uid_and_unknown(store, ctx):
    incident = _attach(store, ctx, report())
    assert get_incident(store, incident.uid) == incident
    with pytest.raises(NotFound, match="no incident with uid"):
        get_incident(store, "nope")


def test_list_incidents_filters(store, ctx):
    _attach(store, ctx, report(perpetrator="syria"))
    _attach(store, ctx, report(lon=DOUMA[0], lat=DOUMA[1], event_type="air_strike"))
    page = Page(limit=10)
    assert [i.id for i in service.list_incidents(store, IncidentQuery(zone="idlib"), page).items] == [1]
    assert [i.id for i in service.list_incidents(store, IncidentQuery(event_type="air_strike"), page).items] == [2]
    assert service.list_incidents(store, IncidentQuery(party="syria"), page).count == 1


SCATTER = [dict(hours=h, lon=36.55 + 0.02 * k, lat=35.93 + 0.01 * (k % 3), event_type=t)
           for k, (h, t) in enumerate([(0, "shelling"), (1, "air_strike"), (2, "shelling"), (30, "shelling"),
                                       (31, "armed_clash"), (0, "withdrawal"), (5, "shelling"), (9, "shelling"),
                                       (3, "shelling"), (60, "air_strike")])]


def _partition(order, ctx):
    s = memory_store()
    seed_registers(s, ctx)
    for n in order:
        _attach(s, ctx, report(uid=f"u{n}", **SCATTER[n]))
    groups = {}
    for r in s.reports.rows.values():
        groups.setdefault(r.incident_id, set()).add(r.uid)
    live = {i.id for i in s.incidents.rows.values() if i.status != IncidentStatus.duplicate}
    assert set(groups) == live
    return {frozenset(g) for g in groups.values()}


def test_attach_report_order_independent(ctx):
    order = list(range(len(SCATTER)))
    expected = _partition(order, ctx)
    assert len(expected) < len(SCATTER)  # some reports did join
    rng = random.Random(3)
    for _ in range(4):
        rng.shuffle(order)
        assert _partition(order, ctx) == expected
    assert _partition(order[::-1], ctx) == expected


BOX = {"type": "Polygon", "coordinates": [[[36.6, 35.9], [37.3, 35.9], [37.3, 36.3], [36.6, 36.3], [36.6, 35.9]]]}


def test_scope_of_an_area_uses_overlap(store, ctx):
    point_only = _attach(store, ctx, report(lon=37.16, lat=36.20, place_precision="district"))
    assert point_only.scope.zones == [] and point_only.area is None
    area = _attach(store, ctx, report(lon=37.16, lat=36.20, place_precision="district", area=BOX,
                                      event_type="abduction", hours=40))
    assert area.area["type"] == "Polygon" and area.scope.zones == ["idlib"]
