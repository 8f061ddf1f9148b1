"""Incident counts grouped in the database (``count_by``): the same groups on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.incidents.test_repository import T0, _incident, _scope
from tests.reports.helpers import report, seed
from truceline.common.models import ReleaseLevel
from truceline.incidents.models import CountBy, IncidentCountQuery
from truceline.registry import service as parties
from truceline.registry.schemas import PartyCreate

DAY = timedelta(days=1)


@pytest.fixture
def store(any_store, ctx):
    for name, kind in [("Russia", "guarantor"), ("Turkey", "guarantor")]:
        parties.create_party(any_store, ctx, PartyCreate(name=name, kind=kind))
    seed(any_store)
    for n in range(1, 9):
        any_store.reports.add(report(uid=f"r{n}", hours=n))
    add = any_store.incidents.add
    # T0 is 2017-10-20 06:00 UTC; hours=17.5 is 23:30 UTC on the 20th (the 21st in Damascus or Moscow)
    add(_incident("a", hours=17.5, report_ids=(1,), scope=_scope("idlib"), perpetrators=["syria"],
                  grade="confirmed", published=True, release="public"))
    add(_incident("b", hours=24, report_ids=(2,), scope=_scope("idlib", "hama"), perpetrators=["syria", "hts"],
                  event_type="air_strike", published=True, release="public"))
    add(_incident("c", hours=26, report_ids=(3,), scope=_scope(scope="outside_zones"), published=True,
                  release="public", grade="weak"))
    add(_incident("d", hours=27, report_ids=(4,), scope=_scope("hama")))  # unpublished, mechanism
    add(_incident("e", hours=28, report_ids=(5,), published=True, release="public", status="dismissed"))
    add(_incident("f", hours=29, report_ids=(6,), published=True, release="mechanism", perpetrators=["hts"]))
    add(_incident("g", hours=24 * 5, report_ids=(7,), scope=_scope("idlib"), published=True, release="public"))
    return any_store


def _counts(store, *by, **over):
    query = IncidentCountQuery(**{"start": T0 - timedelta(hours=6), "end": T0 + 3 * DAY, **over})
    return store.incidents.count_by(query, list(by))


def test_counts_by_utc_day_exclude_dismissed_and_later_days(store):
    assert _counts(store, CountBy.day) == {("2017-10-20",): 1, ("2017-10-21",): 4}


def test_counts_by_day_and_zone_count_an_incident_in_each_of_its_zones(store):
    assert _counts(store, CountBy.day, CountBy.zone) == {
        ("2017-10-20", "idlib"): 1, ("2017-10-21", "idlib"): 1, ("2017-10-21", "hama"): 2,
        ("2017-10-21", None): 2}
    assert _counts(store, CountBy.day, CountBy.zone, zone="hama") == {("2017-10-21", "hama"): 2}


def test_counts_by_party_split_every_alleged_perpetrator(store):
    assert _counts(store, CountBy.party) == {("syria",): 2, ("hts",): 2, (None,): 2}
    assert _counts(store, CountBy.party, zone="idlib") == {("syria",): 2, ("hts",): 1}


def test_counts_by_type_grade_scope(store):
    assert _counts(store, CountBy.event_type) == {("shelling",): 4, ("air_strike",): 1}
    assert _counts(store, CountBy.grade) == {("confirmed",): 1, ("weak",): 1, (None,): 3}
    assert _counts(store, CountBy.scope) == {("violation",): 3, ("outside_zones",): 1, (None,): 1}


def test_counts_of_public_readers_are_published_public_incidents_only(store):
    public = {"published": True, "releases": frozenset({ReleaseLevel.public})}
    assert _counts(store, CountBy.day, **public) == {("2017-10-20",): 1, ("2017-10-21",): 2}
    assert _counts(store, CountBy.grade, zone="idlib", **public) == {("confirmed",): 1, (None,): 1}
    wide = _counts(store, CountBy.day, end=T0 + 10 * DAY, **public)
    assert wide[("2017-10-25",)] == 1


def test_counts_by_several_dimensions_in_one_query(store):
    assert _counts(store, CountBy.grade, CountBy.party) == {
        ("confirmed", "syria"): 1, (None, "syria"): 1, (None, "hts"): 2, ("weak", None): 1, (None, None): 1}
    assert _counts(store, CountBy.zone, CountBy.event_type, zone="idlib") == {
        ("idlib", "shelling"): 1, ("idlib", "air_strike"): 1}
    assert _counts(store, CountBy.day, CountBy.scope, CountBy.event_type) == {
        ("2017-10-20", "violation", "shelling"): 1, ("2017-10-21", "violation", "air_strike"): 1,
        ("2017-10-21", "outside_zones", "shelling"): 1, ("2017-10-21", "violation", "shelling"): 1,
        ("2017-10-21", None, "shelling"): 1}


def test_counts_of_an_empty_period_are_empty(store):
    assert _counts(store, CountBy.day, CountBy.zone, start=T0 + 20 * DAY, end=T0 + 21 * DAY) == {}
