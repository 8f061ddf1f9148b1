"""The pure tables of a bulletin: counts with deltas, zones with coverage, provinces, party confirmations."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest

from truceline.bulletins.compute import OUTSIDE_ZONES, cell, compute_tables, counts_by, flatten
from truceline.bulletins.models import Coverage, CoveragePost, IncidentSnapshot, PartyPosition, ZoneSnapshot

AT = datetime(2017, 10, 20, 6, tzinfo=UTC)


def snap(uid: str, **over: Any) -> IncidentSnapshot:
    data: dict[str, Any] = {"uid": uid, "version": 1, "event_type": "shelling", "status": "received", "start": AT,
                            "end": AT, "lon": 36.6, "lat": 35.9, "province": "Idlib", "province_from": "reports",
                            "zones": ("idlib",)}
    return IncidentSnapshot.model_validate({**data, **over})


IDLIB = ZoneSnapshot(key="idlib", name="Idlib", coverage=Coverage(
    observed_days=5, total_days=7, posts=(CoveragePost(post="salwa", name="Salwa", guarantor="turkey",
                                                       days_deployed=5),)))
GHOUTA = ZoneSnapshot(key="eastern-ghouta", name="Eastern Ghouta", coverage=Coverage(observed_days=0, total_days=7))

NOW = [
    snap("a", perpetrators=("syria",), grade="fair", scope="violation", reported_by=("turkey",),
         confirmations=(PartyPosition(party="russia", position="disputes"),
                        PartyPosition(party="turkey", position="confirms"))),
    snap("b", event_type="air_strike", perpetrators=("syria", "russia"), scope="violation"),
    snap("c", event_type="armed_clash", zones=(), province="unknown", province_from="unknown",
         reported_by=("russia",), confirmations=(PartyPosition(party="turkey", position="confirms"),)),
]
BEFORE = [snap("p", perpetrators=("syria",), scope="violation"), snap("q", event_type="sniper_fire")]


def test_cell_counts_distinct_incidents_and_the_delta():
    c = cell([snap("b"), snap("a"), snap("a")], [snap("x")])
    assert (c.count, c.previous, c.delta, c.incidents) == (2, 1, 1, ("a", "b"))


def test_counts_by_keeps_a_key_gone_to_zero():
    cells = counts_by([snap("a")], [snap("p", event_type="sniper_fire")], lambda i: [str(i.event_type)])
    assert list(cells) == ["shelling", "sniper_fire"]
    assert cells["sniper_fire"].count == 0 and cells["sniper_fire"].delta == -1


def test_overall_counts_by_type_party_grade_scope():
    tables = compute_tables(NOW, BEFORE, [IDLIB, GHOUTA])
    overall = tables.overall
    assert (overall.total.count, overall.total.previous, overall.total.delta) == (3, 2, 1)
    assert {k: c.count for k, c in overall.by_type.items()} == {
        "air_strike": 1, "armed_clash": 1, "shelling": 1, "sniper_fire": 0}
    # several alleged parties: the incident counts once for each; none: "unknown"
    assert {k: (c.count, c.previous) for k, c in overall.by_party.items()} == {
        "russia": (1, 0), "syria": (2, 1), "unknown": (1, 1)}
    assert {k: c.count for k, c in overall.by_grade.items()} == {"fair": 1, "ungraded": 2}
    assert {k: c.count for k, c in overall.by_scope.items()} == {"unevaluated": 1, "violation": 2}
    assert overall.by_party["syria"].incidents == ("a", "b")


def test_zone_rows_include_unobserved_zones_and_outside_zones():
    zones = {z.key: z for z in compute_tables(NOW, BEFORE, [IDLIB, GHOUTA]).zones}
    assert list(zones) == ["eastern-ghouta", "idlib", None]
    ghouta, idlib, outside = zones["eastern-ghouta"], zones["idlib"], zones[None]
    assert ghouta.total.count == 0 and ghouta.coverage.observed_days == 0 and ghouta.by_type == {}
    assert idlib.total.count == 2 and idlib.total.previous == 2 and idlib.coverage == IDLIB.coverage
    assert outside.label == OUTSIDE_ZONES and outside.total.incidents == ("c",) and outside.coverage is None


def test_zone_named_by_an_incident_but_not_in_force_has_no_coverage():
    zones = {z.key: z for z in compute_tables([snap("a", zones=("old-zone",))], [], [IDLIB]).zones}
    assert zones["old-zone"].coverage is None and zones["old-zone"].label == "old-zone"


def test_province_rows_put_each_incident_in_one_province():
    provinces = {p.key: p for p in compute_tables(NOW, BEFORE, []).provinces}
    assert {k: (p.total.count, p.total.previous) for k, p in provinces.items()} == {
        "Idlib": (2, 2), "unknown": (1, 0)}


def test_reported_by_counts_other_parties_positions_only():
    tables = compute_tables(NOW, BEFORE, [])
    rows = {r.reporter: r for r in tables.reported_by}
    assert rows["turkey"].reported.count == 1
    assert {p: {k: c.count for k, c in by.items()} for p, by in rows["turkey"].positions.items()} == {
        "russia": {"disputes": 1}}  # turkey's own "confirms" on what it reported is left out
    assert rows["russia"].positions["turkey"]["confirms"].incidents == ("c",)
    assert {p: {k: c.count for k, c in by.items()} for p, by in tables.positions.items()} == {
        "russia": {"disputes": 1}, "turkey": {"confirms": 2}}


def test_tables_do_not_depend_on_input_order():
    expected = compute_tables(NOW, BEFORE, [IDLIB, GHOUTA])
    rng = random.Random(6)
    for _ in range(5):
        now, before, zones = list(NOW), list(BEFORE), [GHOUTA, IDLIB]
        rng.shuffle(now)
        rng.shuffle(before)
        rng.shuffle(zones)
        assert compute_tables(now, before, zones) == expected


def test_empty_period_gives_empty_tables_with_zone_coverage():
    tables = compute_tables([], [], [GHOUTA])
    assert tables.overall.total.count == 0 and tables.provinces == () and tables.reported_by == ()
    assert [z.key for z in tables.zones] == ["eastern-ghouta"]


@pytest.mark.parametrize(("path", "count"), [
    ("overall/total", 3),
    ("zones/idlib/by_type/shelling", 1),
    (f"zones/({OUTSIDE_ZONES})/total", 1),
    ("provinces/unknown/by_scope/unevaluated", 1),
    ("reported_by/turkey/reported", 1),
    ("reported_by/turkey/russia/disputes", 1),
    ("positions/turkey/confirms", 2),
])
def test_flatten_names_every_count_by_path(path, count):
    assert flatten(compute_tables(NOW, BEFORE, [IDLIB]))[path].count == count
