"""The ACLED-column CSV: the exact columns, the event type table, and nothing invented."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from tests.exports.helpers import render
from truceline.exports.acled import ACLED_COLUMNS, EVENT_TYPES, event_types, interaction, time_precision
from truceline.reports.models import TimePrecision
from truceline.reports.taxonomy import EventType

UNKNOWN_TO_US = ("iso", "region", "country", "admin2", "admin3", "source_scale", "tags")


def _rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_acled_columns_are_acleds():
    assert ACLED_COLUMNS == (
        "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
        "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
        "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
        "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp")


def test_acled_event_types_cover_every_event_type():
    assert set(EVENT_TYPES) == set(EventType)


@pytest.mark.parametrize(("ours", "sub", "expected"), [
    (EventType.shelling, None, ("Political violence", "Explosions/Remote violence",
                                "Shelling/artillery/missile attack")),
    (EventType.remote_explosive, "suicide_bomb", ("Political violence", "Explosions/Remote violence",
                                                  "Suicide bomb")),
    (EventType.ground_advance, None, ("Political violence", "Battles", "")),
    (EventType.handover, None, ("Strategic developments", "Strategic developments",
                                "Non-violent transfer of territory")),
    (EventType.ceasefire_violation_claim, None, ("", "", "")),
])
def test_acled_event_types_map_by_the_table(ours, sub, expected):
    assert event_types(ours, sub) == expected


def test_acled_incidents_rows(world):
    first, second = _rows(render(world, "acled"))
    assert first["event_id_cnty"] == world.incidents.get(1).uid
    assert (first["event_date"], first["year"], first["time_precision"]) == ("2017-10-20", "2017", "1")
    assert first["event_type"] == "Explosions/Remote violence"
    assert (first["actor1"], first["inter1"]) == ("Syrian Arab Republic", "1")
    assert (first["actor2"], first["inter2"], first["interaction"]) == ("Ahrar al-Sham", "", "")
    assert (first["latitude"], first["longitude"], first["fatalities"]) == ("35.93", "36.63", "2")
    assert (second["actor1"], second["inter1"], second["interaction"]) == ("Russia", "8", "80")
    for row in (first, second):
        assert all(row[c] == "" for c in UNKNOWN_TO_US)
        assert row["admin1"] == row["location"] == row["source"] == row["geo_precision"] == ""


def test_acled_reports_rows(world):
    first, second, third = _rows(render(world, "acled", "reports"))
    assert (first["admin1"], first["location"], first["geo_precision"], first["source"]) == (
        "Idlib", "Idlib", "1", "sohr")
    assert first["notes"].startswith("Shelling of the market")
    assert second["sub_event_type"] == "Air/drone strike"
    assert third["fatalities"] == ""  # unknown, not zero
    assert third["actor1"] == third["interaction"] == ""
    assert int(third["timestamp"]) == int(datetime(2017, 10, 30, 9, tzinfo=UTC).timestamp())


def test_acled_civilian_targeting_only_for_violence_against_civilians(any_store, ctx):
    from tests.exports.helpers import accept, submit
    from tests.incidents.seed import seed_registers

    seed_registers(any_store, ctx)
    accept(any_store, ctx, submit(any_store, ctx, event_type="attack_on_civilians"))
    accept(any_store, ctx, submit(any_store, ctx, hours=100, lon=36.40, lat=33.57))
    rows = _rows(render(any_store, "acled"))
    assert [r["civilian_targeting"] for r in rows] == ["Civilian targeting", ""]


@pytest.mark.parametrize(("start", "end", "precision", "expected"), [
    ((2017, 10, 20, 6), (2017, 10, 20, 23), None, 1),
    ((2017, 10, 20, 6), (2017, 10, 23, 6), None, 2),
    ((2017, 10, 1, 6), (2017, 10, 20, 6), None, 3),
    ((2017, 10, 1, 6), (2017, 10, 20, 6), TimePrecision.day, 1),
])
def test_acled_time_precision(start, end, precision, expected):
    assert time_precision(datetime(*start, tzinfo=UTC), datetime(*end, tzinfo=UTC), precision) == expected


@pytest.mark.parametrize(("inter1", "inter2", "has_actor2", "expected"), [
    (1, None, False, "10"), (8, 1, True, "18"), (1, 8, True, "18"), (1, None, True, ""), (None, 1, True, ""),
])
def test_acled_interaction(inter1, inter2, has_actor2, expected):
    assert interaction(inter1, inter2, has_actor2) == expected
