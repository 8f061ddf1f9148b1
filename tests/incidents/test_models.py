"""Pure parts of incidents: workflow transitions, derived ranges, the list filter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.incidents.fakes import T0, report
from truceline.errors import InvalidTransition
from truceline.geo.geometry import BBox
from truceline.incidents.derive import cluster_item, derived_values
from truceline.incidents.models import Incident, IncidentQuery, IncidentStatus, ScopeCheck, check_transition

S = IncidentStatus
ALLOWED = [(S.received, S.triaged), (S.triaged, S.under_verification), (S.under_verification, S.graded),
           (S.graded, S.under_verification), (S.received, S.dismissed), (S.dismissed, S.triaged),
           (S.triaged, S.duplicate)]
REFUSED = [(S.received, S.graded), (S.received, S.under_verification), (S.graded, S.dismissed),
           (S.duplicate, S.received), (S.dismissed, S.graded), (S.graded, S.graded)]


@pytest.mark.parametrize(("current", "new"), ALLOWED)
def test_check_transition_allows(current, new):
    check_transition(current, new)


@pytest.mark.parametrize(("current", "new"), REFUSED)
def test_check_transition_refuses(current, new):
    with pytest.raises(InvalidTransition, match=f"from {current} to {new}"):
        check_transition(current, new)


def test_derived_values_keep_ranges():
    reports = [report(hours=0, killed=(2, 3), perpetrator="syria", lon=36.0, lat=35.0),
               report(hours=2, killed=(5, 9), target="jaysh-al-islam", lon=36.2, lat=35.2,
                      occurred_until=T0 + timedelta(hours=4)),
               report(hours=1, event_type="air_strike", killed=(None, None), lon=36.1, lat=35.1)]
    values = derived_values(reports)
    assert values["killed_min"] == 2 and values["killed_max"] == 9
    assert values["start"] == T0 and values["end"] == T0 + timedelta(hours=4)
    assert values["lon"] == pytest.approx(36.1) and values["lat"] == pytest.approx(35.1)
    assert values["perpetrators"] == ["syria"] and values["targets"] == ["jaysh-al-islam"]
    assert values["event_type"] == "shelling"


def test_derived_values_type_ties_follow_taxonomy_order():
    values = derived_values([report(event_type="shelling"), report(event_type="air_strike")])
    assert values["event_type"] == "air_strike"  # air_strike comes first in the taxonomy


def test_derived_values_unknown_casualties_stay_unknown():
    values = derived_values([report()])
    assert values["killed_min"] is None and values["killed_max"] is None


def test_derived_values_refuse_no_reports():
    with pytest.raises(ValueError, match="at least one report"):
        derived_values([])


def test_cluster_item_uses_precision_uncertainty():
    item = cluster_item(report(place_precision="district").model_copy(update={"id": 7}), pinned=True)
    assert item.id == 7 and item.uncertainty_km == 20.0 and item.pinned
    assert item.start == T0.timestamp()


def _incident(**over):
    data = dict(id=1, uid="u", event_type="shelling", start=T0, end=T0 + timedelta(hours=1), lon=36.6,
                lat=35.9, perpetrators=["syria"], targets=["ahrar"], created_at=T0, updated_at=T0)
    return Incident.model_validate({**data, **over})


@pytest.mark.parametrize(("query", "hit"), [
    (IncidentQuery(), True),
    (IncidentQuery(start=T0 + timedelta(minutes=30)), True),
    (IncidentQuery(start=T0 + timedelta(hours=2)), False),
    (IncidentQuery(end=T0 - timedelta(hours=1)), False),
    (IncidentQuery(party="ahrar"), True),
    (IncidentQuery(party="russia"), False),
    (IncidentQuery(zone="idlib"), True),
    (IncidentQuery(zone="eastern-ghouta"), False),
    (IncidentQuery(scope="violation"), True),
    (IncidentQuery(bbox=BBox(36, 35, 37, 36)), True),
    (IncidentQuery(bbox=BBox(37, 35, 38, 36)), False),
    (IncidentQuery(event_type="air_strike"), False),
    (IncidentQuery(grade="confirmed"), False),
    (IncidentQuery(status="received", published=False), True),
])
def test_incident_query_matches(query, hit):
    scope = ScopeCheck(scope="violation", zones=["idlib"], evaluated_on=T0.date(), evaluated_at=T0)
    assert query.matches(_incident(scope=scope)) is hit


def test_incident_is_locked_against_others_until_the_lock_runs_out():
    incident = _incident(locked_by="amal", locked_until=T0 + timedelta(minutes=15))
    assert incident.is_locked_against("boris", T0)
    assert not incident.is_locked_against("amal", T0)
    assert not incident.is_locked_against("boris", T0 + timedelta(minutes=15))


def test_incident_query_times_without_zone_are_utc():
    query = IncidentQuery(start=T0.replace(tzinfo=None))
    assert query.start == T0 and query.matches(_incident())


def test_derived_values_area_is_the_union_when_every_report_has_one():
    a = {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, 36], [36, 36], [36, 35]]]}
    b = {"type": "Polygon", "coordinates": [[[37, 35], [38, 35], [38, 36], [37, 36], [37, 35]]]}
    union = derived_values([report(area=a), report(area=b)])["area"]
    assert union["type"] == "Polygon" and len(union["coordinates"][0]) >= 5
    assert derived_values([report(area=a), report()])["area"] is None
