"""Report repository contract: memory, SQLite and PostgreSQL behave alike."""

from __future__ import annotations

from datetime import timedelta

from tests.reports.helpers import T0, report, seed
from truceline.common.paging import Page
from truceline.incidents.models import Incident
from truceline.reports.models import Attachment, ReportQuery, ReportStatus

AREA = {"type": "Polygon", "coordinates": [[[36.0, 35.0], [37.0, 35.0], [37.0, 36.0], [36.0, 36.0], [36.0, 35.0]]]}


def test_repository_add_get_roundtrips_every_field(any_store):
    seed(any_store)
    rep = report(perpetrator="syrian-government", target="hts", area=AREA, place_precision="district",
                 occurred_until=T0 + timedelta(hours=2), sub_type="mortar", language="ar", credibility=2,
                 attachments=[Attachment(sha256="a" * 64, filename="p.jpg", media_type="image/jpeg", size=3,
                                         acquired_at=T0)])
    added = any_store.reports.add(rep)
    assert added.id > 0
    got = any_store.reports.get(added.id)
    assert got == added
    assert any_store.reports.get_by_uid(rep.uid) == added
    assert any_store.reports.get_by_uid("nope") is None


def test_repository_save_changes_a_report(any_store):
    seed(any_store)
    added = any_store.reports.add(report())
    any_store.reports.save(added.model_copy(update={"text": "changed", "version": 2}))
    assert any_store.reports.get(added.id).text == "changed"


def test_repository_in_box_returns_accepted_reports_meeting_box_and_time(any_store):
    seed(any_store)
    inside = any_store.reports.add(report(status="accepted"))
    long = any_store.reports.add(report(hours=-10, occurred_until=T0 + timedelta(hours=1), status="accepted",
                                        uid="long"))
    any_store.reports.add(report(uid="cand"))  # candidate: not returned
    any_store.reports.add(report(hours=48, status="accepted"))  # too late
    any_store.reports.add(report(lon=40.0, status="accepted"))  # outside the box
    hits = any_store.reports.in_box(36.0, 35.0, 37.0, 36.0, T0 - timedelta(hours=1), T0 + timedelta(hours=1))
    assert [r.id for r in hits] == [inside.id, long.id]
    by_seconds = any_store.reports.in_box(36.0, 35.0, 37.0, 36.0, (T0 - timedelta(hours=1)).timestamp(),
                                          (T0 + timedelta(hours=1)).timestamp())
    assert [r.id for r in by_seconds] == [inside.id, long.id]


def test_repository_set_incident_links_and_unlinks(any_store):
    seed(any_store)
    a = any_store.reports.add(report())
    b = any_store.reports.add(report(hours=1))
    incident = any_store.incidents.add(Incident(id=0, uid="i", event_type="shelling", start=T0, end=T0, lon=36.6,
                                                lat=35.9, created_at=T0, updated_at=T0))
    any_store.reports.set_incident([a.id, b.id], incident.id)
    assert [r.id for r in any_store.reports.by_incident(incident.id)] == [a.id, b.id]
    assert any_store.reports.get(a.id).status == ReportStatus.accepted
    any_store.reports.set_incident([a.id], None)
    assert [r.id for r in any_store.reports.by_incident(incident.id)] == [b.id]
    assert any_store.reports.get(a.id).incident_id is None


def test_repository_list_filters_and_pages(any_store):
    seed(any_store)
    a = any_store.reports.add(report(hours=0))
    b = any_store.reports.add(report(hours=5, event_type="air_strike", submitted_by="ana"))
    c = any_store.reports.add(report(hours=10, lon=40.0))
    page = Page(limit=10)
    assert [r.id for r in any_store.reports.list(ReportQuery(), page).items] == [a.id, b.id, c.id]
    assert [r.id for r in any_store.reports.list(ReportQuery(event_type="air_strike"), page).items] == [b.id]
    assert [r.id for r in any_store.reports.list(ReportQuery(submitted_by="ana"), page).items] == [b.id]
    q = ReportQuery(occurred_from=T0 + timedelta(hours=1), occurred_to=T0 + timedelta(hours=20))
    assert [r.id for r in any_store.reports.list(q, page).items] == [b.id, c.id]
    box = ReportQuery(bbox=(36.0, 35.0, 37.0, 36.0), source="sohr")
    assert any_store.reports.list(box, page).count == 2
    assert [r.id for r in any_store.reports.list(ReportQuery(), Page(limit=1, offset=1)).items] == [b.id]
