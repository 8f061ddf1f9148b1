from dataclasses import replace
from datetime import date

import pytest

from tests.ingest.helpers import event
from truceline.common.models import ReleaseLevel
from truceline.ingest import queue
from truceline.reports.taxonomy import EventType


@pytest.mark.parametrize(("extracted", "reported"), [
    ("shelling", EventType.shelling), ("air_strike", EventType.air_strike), ("armed_clash", EventType.armed_clash),
    ("attack", EventType.ceasefire_violation_claim), ("observer_deployment", EventType.deployment),
    ("withdrawal", EventType.withdrawal), ("defection", EventType.defection),
])
def test_report_type_maps_extracted_types_onto_the_taxonomy(extracted, reported):
    assert queue.report_type(event(extracted)) == reported


@pytest.mark.parametrize("extracted", ["talks_round", "agreement", "detainee_exchange", "remains_exchange",
                                       "demining", "humanitarian_delivery"])
def test_held_reason_of_types_that_are_not_reports(extracted):
    assert queue.held_reason(event(extracted)) == queue.NOT_A_REPORT


def test_held_reason_of_an_event_without_place():
    assert queue.held_reason(event(place=None)) == queue.NO_PLACE
    assert queue.held_reason(event()) is None


@pytest.mark.parametrize(("evidence", "n", "low", "high"), [
    ("Shelling killed 12 civilians.", 12, 12, 12),
    ("At least 12 people were killed.", 12, 12, None),
    ("The strike killed more than 9 people.", 9, 9, None),
    ("No one was hurt.", None, None, None),
])
def test_casualties_are_a_range(evidence, n, low, high):
    c = queue.casualties(event(evidence=evidence, fatalities=n))
    assert (c.killed_min, c.killed_max) == (low, high)


def test_report_draft_takes_place_day_text_and_release():
    draft = queue.report_draft(event(fatalities=3, day=None), source="wire", fallback_day=date(2017, 9, 29),
                               release=ReleaseLevel.public)
    assert draft.occurred_at.date() == date(2017, 9, 29) and draft.time_precision == "day"
    assert (draft.lon, draft.lat, draft.place_name, draft.admin_area) == (36.63, 35.93, "Idlib", "SY-ID")
    assert draft.place_precision == "town" and draft.event_type == EventType.shelling
    assert draft.text == "Militants shelled Idlib, killing 3 people." and draft.release == ReleaseLevel.public
    assert draft.casualties.killed_min == 3 == draft.casualties.killed_max


def test_report_draft_of_an_event_over_several_days_is_a_range():
    over = replace(event(), date=date(2017, 10, 26), date_until=date(2017, 10, 27), date_precision="days")
    draft = queue.report_draft(over, source="wire", fallback_day=date(2017, 10, 30), release=ReleaseLevel.public)
    assert draft.time_precision == "range" and draft.occurred_at.date() == date(2017, 10, 26)
    assert draft.occurred_until is not None and draft.occurred_until.isoformat() == "2017-10-27T23:59:59+00:00"
    one_day = queue.report_draft(event(), source="wire", fallback_day=date(2017, 10, 30),
                                 release=ReleaseLevel.public)
    assert one_day.time_precision == "day" and one_day.occurred_until is None
