"""The exported set: the audience and status rules, and reading a page at a time."""

from __future__ import annotations

import pytest

from tests.exports.helpers import request
from truceline.common.models import ReleaseLevel
from truceline.exports.models import Audience
from truceline.exports.records import narrowed, pages, visible
from truceline.incidents.models import IncidentQuery, IncidentStatus
from truceline.reports.models import ReportQuery, ReportStatus


def _ids(store, req):
    return [r.id for page in pages(store, req) for r in page]


def test_pages_mechanism_sees_every_live_incident(world):
    assert _ids(world, request()) == [1, 2]


def test_pages_public_sees_only_published_public_incidents(world):
    assert _ids(world, request(audience=Audience.public)) == [1]


def test_pages_public_sees_only_accepted_public_reports(world):
    assert _ids(world, request("reports", audience=Audience.public)) == [1]


def test_pages_leave_out_rejected_reports_unless_asked(world):
    assert _ids(world, request("reports")) == [1, 2, 3]
    assert _ids(world, request("reports", query=ReportQuery(status=ReportStatus.rejected))) == [4]


def test_pages_leave_out_duplicate_and_dismissed_incidents_unless_asked(world, ctx):
    from truceline.incidents import service

    service.merge(world, ctx, [1, 2], reason="the same strike, reported twice")
    assert _ids(world, request()) == [1]
    assert _ids(world, request(query=IncidentQuery(status=IncidentStatus.duplicate))) == [2]


@pytest.mark.parametrize("page_size", [1, 2, 3])
def test_pages_read_page_size_records_at_a_time(world, page_size):
    seen = list(pages(world, request("reports", page_size=page_size)))
    assert [r.id for page in seen for r in page] == [1, 2, 3]
    assert all(len(page) <= page_size for page in seen)


def test_pages_filter_like_the_map(world):
    assert _ids(world, request(query=IncidentQuery(zone="eastern-ghouta"))) == [2]
    assert _ids(world, request(query=IncidentQuery(party="ahrar-al-sham"))) == [1]


def test_narrowed_public_query_of_unpublished_incidents_is_empty():
    assert narrowed(request(audience=Audience.public, query=IncidentQuery(published=False))) is None
    assert narrowed(request("reports", audience=Audience.public,
                            query=ReportQuery(status=ReportStatus.candidate))) is None


def test_visible_public_incident_needs_publication(world):
    incident = world.incidents.get(1)
    assert visible(incident, Audience.public)
    assert not visible(incident.model_copy(update={"published": False}), Audience.public)
    assert visible(incident.model_copy(update={"published": False}), Audience.mechanism)


def test_visible_public_report_needs_public_release_and_acceptance(world):
    report = world.reports.get(1)
    assert visible(report, Audience.public)
    assert not visible(report.model_copy(update={"release": ReleaseLevel.mechanism}), Audience.public)
    assert not visible(report.model_copy(update={"status": ReportStatus.candidate}), Audience.public)


def test_pages_never_ask_the_repository_for_more_than_a_page(world):
    asked = []
    list_ = world.reports.list

    def spy(query, page):
        asked.append(page.limit)
        return list_(query, page)

    world.reports.list = spy
    assert [r.id for p in pages(world, request("reports", page_size=2)) for r in p] == [1, 2, 3]
    assert asked == [2, 2, 2]  # reports 1-2, 3-4 (4 is rejected: left out), then an empty page
