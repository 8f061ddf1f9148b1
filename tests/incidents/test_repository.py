"""Contract of the incident repository on every engine (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.reports.helpers import report, seed
from truceline.common.paging import Page
from truceline.geo.geometry import BBox
from truceline.incidents.models import (
    Confirmation,
    Incident,
    IncidentQuery,
    IncidentStatus,
    Position,
    ReportLink,
    ScopeCheck,
)
from truceline.registry import service as parties
from truceline.registry.schemas import PartyCreate

T0 = datetime(2017, 10, 20, 6, 0, tzinfo=UTC)
PAGE = Page(limit=50)


def _incident(uid: str, *, hours: float = 0, lon: float = 36.6, lat: float = 35.9, report_ids=(1,), **over):
    links = [ReportLink(report_id=r, rule="auto", reason={"score": 0.9}, at=T0, by="tester", pinned=r == 2)
             for r in report_ids]
    data = dict(id=0, uid=uid, event_type="shelling", start=T0 + timedelta(hours=hours),
                end=T0 + timedelta(hours=hours + 1), lon=lon, lat=lat, links=links,
                report_ids=sorted(report_ids), created_at=T0, updated_at=T0)
    return Incident.model_validate({**data, **over})


def _scope(*zones: str, scope: str = "violation") -> ScopeCheck:
    return ScopeCheck(scope=scope, agreement="astana", provision="cessation", zones=list(zones),
                      posts_nearby=[{"post": "salwa", "distance_km": 3.2, "state": "deployed"}],
                      reasons=["in idlib"], evaluated_on=T0.date(), evaluated_at=T0)


@pytest.fixture
def store(any_store, ctx):
    for name, kind in [("Russia", "guarantor"), ("Turkey", "guarantor")]:
        parties.create_party(any_store, ctx, PartyCreate(name=name, kind=kind))
    seed(any_store)
    for n in range(1, 9):  # reports 1..8: links point at real reports (a foreign key on SQL engines)
        assert any_store.reports.add(report(uid=f"r{n}", hours=n)).id == n
    return any_store


def test_repository_roundtrip(store):
    incident = _incident("a", report_ids=(1, 2), killed_min=2, killed_max=7, perpetrators=["syria"],
                         targets=["ahrar"], scope=_scope("idlib"), locked_by="amal",
                         locked_until=T0 + timedelta(minutes=15), duplicate_of=None,
                         confirmations=[Confirmation(party="russia", position="disputes", counter_evidence="x",
                                                     deadline=date(2017, 10, 25), recorded_at=T0,
                                                     recorded_by="amal")])
    added = store.incidents.add(incident)
    assert added.id > 0
    assert store.incidents.get(added.id) == added
    changed = added.model_copy(update={"confirmations": [added.confirmations[0].model_copy(
        update={"position": Position.confirms, "counter_evidence": None})], "scope": _scope("idlib", "hama")})
    store.incidents.save(changed)
    assert store.incidents.get(added.id) == changed
    assert store.incidents.get_by_uid("a") == changed
    assert store.incidents.get(999) is None and store.incidents.get_by_uid("zz") is None


def test_repository_save_moves_reports_between_incidents(store):
    a = store.incidents.add(_incident("a", report_ids=(1, 2)))
    b = store.incidents.add(_incident("b", report_ids=(3,)))
    b2 = b.model_copy(update={"links": [*b.links, a.links[1]], "report_ids": [2, 3], "version": 2,
                              "status": IncidentStatus.triaged})
    store.incidents.save(b2)
    a2 = a.model_copy(update={"links": a.links[:1], "report_ids": [1]})
    store.incidents.save(a2)
    assert store.incidents.get(b.id) == b2 and store.incidents.get(a.id) == a2
    assert store.incidents.get(b.id).links[1].pinned


def test_repository_list_filters(store):
    store.incidents.add(_incident("a", scope=_scope("idlib"), perpetrators=["syria"]))
    store.incidents.add(_incident("b", hours=48, report_ids=(2,), lon=36.4, lat=33.57, event_type="air_strike",
                                  scope=_scope("eastern-ghouta", scope="excluded_party"), targets=["isil"],
                                  status="graded", grade="confirmed", published=True))
    store.incidents.add(_incident("c", hours=100, report_ids=(3,), lon=40.0, lat=30.0))

    def uids(**q):
        return [i.uid for i in store.incidents.list(IncidentQuery(**q), PAGE).items]

    assert uids() == ["a", "b", "c"]
    assert uids(start=T0 + timedelta(hours=30), end=T0 + timedelta(hours=60)) == ["b"]
    assert uids(start=T0 + timedelta(minutes=30), end=T0 + timedelta(minutes=40)) == ["a"]
    assert uids(zone="idlib") == ["a"]
    assert uids(event_type="air_strike") == ["b"]
    assert uids(party="isil") == ["b"] and uids(party="syria") == ["a"] and uids(party="sy") == []
    assert uids(grade="confirmed") == ["b"] and uids(status="received") == ["a", "c"]
    assert uids(scope="excluded_party") == ["b"] and uids(published=True) == ["b"]
    assert uids(bbox=BBox(35, 33, 37, 37)) == ["a", "b"]
    paged = store.incidents.list(IncidentQuery(), Page(limit=1, offset=1))
    assert [i.uid for i in paged.items] == ["b"] and paged.count == 3


def test_repository_separations(store):
    store.incidents.add_separation(5, 2, reason="other village", by="amal", at=T0)
    store.incidents.add_separation(2, 5, reason="again", by="amal", at=T0)
    store.incidents.add_separation(5, 9, reason="other day", by="amal", at=T0)
    assert store.incidents.separations_of([5]) == [(2, 5), (5, 9)]
    assert store.incidents.separations_of([2]) == [(2, 5)]
    assert store.incidents.separations_of([7]) == [] and store.incidents.separations_of([]) == []


def test_attach_report_on_every_engine(any_store, ctx):
    from tests.incidents.fakes import report
    from tests.incidents.seed import seed_registers
    from truceline.incidents.service import attach_report, split

    seed_registers(any_store, ctx)
    first = attach_report(any_store, ctx, any_store.reports.add(report(uid="r1", perpetrator="syria")))
    joined = attach_report(any_store, ctx, any_store.reports.add(report(uid="r2", hours=1, killed=(1, 4))))
    assert joined.id == first.id and joined.report_ids == [1, 2] and joined.killed_max == 4
    assert joined.scope.scope == "violation" and any_store.incidents.get(first.id) == joined
    new = split(any_store, ctx, first.id, [2], reason="another shelling")
    assert any_store.incidents.separations_of([2]) == [(1, 2)]
    again = attach_report(any_store, ctx, any_store.reports.add(report(uid="r3", hours=1.5)))
    assert again.id == first.id and new.report_ids == [2]
