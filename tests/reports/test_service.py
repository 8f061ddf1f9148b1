"""Report use-cases on the in-memory store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.reports.helpers import T0, seed
from truceline.common.paging import Page
from truceline.errors import (
    DatesOutOfOrder,
    InvalidGeometry,
    InvalidTransition,
    InvalidValue,
    NotFound,
    UnknownReference,
)
from truceline.reports.models import Casualties, ReportQuery, ReportStatus
from truceline.reports.schemas import ReportCreate, ReportUpdate
from truceline.reports.service import (
    accept_report,
    get_report,
    list_reports,
    reject_report,
    report_history,
    submit_report,
    update_report,
)
from truceline.testing.memory import MemoryStore

AREA = {"type": "Polygon", "coordinates": [[[36.0, 35.0], [37.0, 35.0], [37.0, 36.0], [36.0, 36.0], [36.0, 35.0]]]}


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    seed(s)
    return s


def claim(**over) -> ReportCreate:
    data = {"source": "SOHR", "occurred_at": T0, "lon": 36.63, "lat": 35.93, "event_type": "shelling",
            "perpetrator": "SAA", "target": "hts", "casualties": {"killed_min": 2, "killed_max": 4}}
    return ReportCreate.model_validate({**data, **over})


def test_submit_report_resolves_source_and_parties_to_keys(store, ctx):
    rep = submit_report(store, ctx, claim())
    assert (rep.source, rep.perpetrator, rep.target) == ("sohr", "syrian-government", "hts")
    assert rep.status == ReportStatus.candidate and len(rep.uid) == 32
    assert rep.received_at == ctx.clock.now() and rep.submitted_by == "tester"
    assert [c.action for c in report_history(store, rep.id)] == ["create"]
    assert get_report(store, rep.uid) == rep


def test_submit_report_treats_naive_times_as_utc(store, ctx):
    rep = submit_report(store, ctx, claim(occurred_at="2017-10-20T06:00:00"))
    assert rep.occurred_at == datetime(2017, 10, 20, 6, tzinfo=UTC)


@pytest.mark.parametrize(("over", "error", "text"), [
    ({"source": "Nobody News"}, UnknownReference, "source"),
    ({"perpetrator": "Martians"}, UnknownReference, "perpetrator"),
    ({"occurred_until": T0 - timedelta(hours=1)}, DatesOutOfOrder, "before"),
    ({"occurred_at": datetime(2017, 10, 30, 11, tzinfo=UTC)}, InvalidValue, "in the future"),
    ({"received_at": datetime(2018, 1, 1, tzinfo=UTC)}, InvalidValue, "in the future"),
    ({"casualties": {"killed_min": 5, "killed_max": 1}}, InvalidValue, "killed_min"),
    ({"lat": 95.0}, InvalidGeometry, "atitude"),
    ({"area": AREA, "lon": 40.0, "lat": 35.5}, InvalidValue, "outside"),
    ({"area": {"type": "Point", "coordinates": [36, 35]}}, InvalidGeometry, "Point"),
    ({"lon": None, "lat": None}, InvalidValue, "needs a place"),
])
def test_submit_report_refuses_bad_claims(store, ctx, over, error, text):
    with pytest.raises(error, match=text):
        submit_report(store, ctx, claim(**over))
    assert store.reports.rows == {}


def test_submit_report_accepts_late_reports_and_area_default_point(store, ctx):
    rep = submit_report(store, ctx, claim(received_at=T0 - timedelta(days=1), area=AREA, lon=None, lat=None,
                                          place_precision="district"))
    assert 36.0 < rep.lon < 37.0 and 35.0 < rep.lat < 36.0
    assert rep.area["type"] == "Polygon"


def test_update_report_only_while_candidate(store, ctx):
    rep = submit_report(store, ctx, claim())
    changed = update_report(store, ctx, rep.id, ReportUpdate(casualties=Casualties(killed_min=3, killed_max=3),
                                                              reason="corrected"))
    assert changed.version == 2 and changed.casualties.killed_min == 3
    reject_report(store, ctx, rep.id, reason="duplicate of a wire copy")
    with pytest.raises(InvalidTransition):
        update_report(store, ctx, rep.id, ReportUpdate(text="x"))
    with pytest.raises(InvalidTransition):
        accept_report(store, ctx, rep.id, attach=lambda s, c, r: None)
    assert report_history(store, rep.id)[-1].reason == "duplicate of a wire copy"


def test_accept_report_calls_attach_with_accepted_report(store, ctx):
    rep = submit_report(store, ctx, claim())
    seen = []

    def attach(s, c, r):
        seen.append(r.status)
        s.reports.set_incident([r.id], 42)

    got = accept_report(store, ctx, rep.uid, attach=attach)
    assert seen == [ReportStatus.accepted]
    assert got.incident_id == 42 and got.status == ReportStatus.accepted


def test_list_reports_filters_and_not_found(store, ctx):
    a = submit_report(store, ctx, claim())
    submit_report(store, ctx, claim(event_type="air_strike", occurred_at=T0 + timedelta(hours=3)))
    got = list_reports(store, ReportQuery(event_type="shelling"), Page())
    assert [r.id for r in got.items] == [a.id]
    with pytest.raises(NotFound):
        get_report(store, 99)
