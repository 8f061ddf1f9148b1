"""The map's filters from text: checked queries, clear errors with codes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from truceline.errors import FilterNotSupported, InvalidFilter
from truceline.exports.filters import build_query
from truceline.exports.models import RecordKind
from truceline.geo.geometry import BBox
from truceline.incidents.models import Grade, IncidentQuery
from truceline.reports.models import ReportQuery, ReportStatus


def test_build_query_incidents_reads_every_filter():
    query = build_query(RecordKind.incidents, {
        "from": "2017-10-20", "to": "2017-10-21", "zone": "idlib", "type": "shelling", "party": "syria",
        "grade": "confirmed", "status": "graded", "scope": "violation", "bbox": "36,35,37,36",
        "published": "true", "source": None})
    assert isinstance(query, IncidentQuery)
    assert query.start == datetime(2017, 10, 20, tzinfo=UTC)
    assert query.end is not None and query.end.date().isoformat() == "2017-10-21" and query.end.hour == 23
    assert query.grade == Grade.confirmed and query.published is True and query.bbox == BBox(36, 35, 37, 36)


def test_build_query_reports_reads_its_filters():
    query = build_query(RecordKind.reports, {"from": "2017-10-20T06:00:00+03:00", "status": "accepted",
                                             "source": "sohr", "incident": "7", "bbox": "36,35,37,36"})
    assert isinstance(query, ReportQuery)
    assert query.occurred_from == datetime(2017, 10, 20, 3, tzinfo=UTC)
    assert query.status == ReportStatus.accepted and query.incident_id == 7 and query.bbox == (36, 35, 37, 36)


@pytest.mark.parametrize(("kind", "filters"), [
    (RecordKind.reports, {"zone": "idlib"}),
    (RecordKind.reports, {"party": "syria", "grade": "fair"}),
    (RecordKind.incidents, {"source": "sohr"}),
])
def test_build_query_refuses_a_filter_of_the_other_kind(kind, filters):
    with pytest.raises(FilterNotSupported) as err:
        build_query(kind, filters)
    assert err.value.code == "E756" and "not a filter of" in err.value.user_message


@pytest.mark.parametrize(("filters", "words"), [
    ({"from": "20-10-2017"}, "not an ISO 8601 date"),
    ({"to": "2017-13-01"}, "not an ISO 8601 date"),
    ({"from": "2017-10-21", "to": "2017-10-20"}, "is before"),
    ({"type": "bombing"}, "is not one of: air_strike"),
    ({"grade": "great"}, "is not one of"),
    ({"bbox": "1,2,3"}, "four numbers"),
    ({"published": "perhaps"}, "true or false"),
])
def test_build_query_refuses_unreadable_values(filters, words):
    with pytest.raises(InvalidFilter) as err:
        build_query(RecordKind.incidents, filters)
    assert err.value.code == "E757" and words in err.value.user_message


def test_build_query_refuses_a_bad_incident_id():
    with pytest.raises(InvalidFilter):
        build_query(RecordKind.reports, {"incident": "seven"})


def test_build_query_ignores_empty_values():
    assert build_query(RecordKind.reports, {"zone": "", "from": None}) == ReportQuery()
