"""Post register use-cases on the in-memory store (no database)."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import Point

from tests.posts.places import DAMASCUS, KABANA, point, rastan, salwa, seed_parties, seed_zones, wafideen
from truceline.common.paging import Page
from truceline.errors import (
    DatesOutOfOrder,
    DuplicateName,
    InvalidGeometry,
    InvalidTransition,
    InvalidValue,
    NotFound,
    PostOutsideZone,
    StaleVersion,
    UnknownReference,
)
from truceline.posts import service
from truceline.posts.models import PostQuery, PostState
from truceline.posts.schemas import PostCreate, PostEventAdd, PostUpdate
from truceline.testing.memory import MemoryStore


@pytest.fixture
def store(ctx) -> MemoryStore:
    store = MemoryStore()
    seed_parties(store, ctx)
    seed_zones(store, ctx)
    return store


def _create(store, ctx, data):
    return service.create_post(store, ctx, PostCreate.model_validate(data))


def test_create_post_keeps_point_and_lifecycle(store, ctx):
    post = _create(store, ctx, salwa())
    assert post.key == "salwa-observation-post" and post.version == 1
    assert (post.lon, post.lat) == (36.76, 36.27) and post.location == Point(36.76, 36.27)
    assert post.state == PostState.deployed and post.first_on == date(2017, 9, 15)
    [change] = service.post_history(store, post.key)
    assert change.after["location"] == {"type": "Point", "coordinates": [36.76, 36.27]}


def test_state_on_is_the_last_step_by_then(store, ctx):
    post = _create(store, ctx, rastan())
    assert post.state_on(date(2017, 8, 2)) is None
    assert post.state_on(date(2017, 8, 3)) == PostState.proposed
    assert post.state_on(date(2017, 9, 30)) == PostState.deployed
    assert post.state_on(date(2017, 10, 1)) == PostState.withdrawn


@pytest.mark.parametrize("lifecycle, message", [
    ([{"state": "deployed", "on": "2017-10-13"}, {"state": "agreed", "on": "2017-10-20"}],
     "lifecycle step 2 (agreed on 2017-10-20): cannot go from deployed to agreed"),
    ([{"state": "deployed", "on": "2017-10-13"}, {"state": "deployed", "on": "2017-10-20"}],
     "cannot go from deployed to deployed"),
    ([{"state": "proposed", "on": "2017-09-01"}, {"state": "agreed", "on": "2017-09-15"},
      {"state": "deployed", "on": "2017-09-10"}],
     "lifecycle step 3 (deployed on 2017-09-10) is dated before step 2 (agreed on 2017-09-15)"),
])
def test_create_post_rejects_bad_transitions(store, ctx, lifecycle, message):
    with pytest.raises(InvalidTransition, match=message.replace("(", r"\(").replace(")", r"\)")):
        _create(store, ctx, salwa(lifecycle=lifecycle))


def test_lifecycle_may_start_anywhere_and_skip_forward(store, ctx):
    post = _create(store, ctx, salwa(lifecycle=[{"state": "proposed", "on": "2017-09-01"},
                                                {"state": "withdrawn", "on": "2017-09-01"}]))
    assert post.state == PostState.withdrawn


def test_add_post_event_appends_and_checks(store, ctx):
    post = _create(store, ctx, salwa())
    after = service.add_post_event(store, ctx, post.key, PostEventAdd(state="withdrawn", on=date(2019, 1, 1),
                                                                      reason="handed over"))
    assert after.state == PostState.withdrawn and after.version == 2
    assert service.post_history(store, post.key)[1].reason == "handed over"
    with pytest.raises(InvalidTransition, match="step 4 .* cannot go from withdrawn to deployed"):
        service.add_post_event(store, ctx, post.key, PostEventAdd(state="deployed", on=date(2019, 2, 1)))
    with pytest.raises(StaleVersion):
        service.add_post_event(store, ctx, post.key, PostEventAdd(state="withdrawn", on=date(2019, 2, 1),
                                                                  expected_version=1))


def test_post_outside_its_zone_is_refused(store, ctx):
    with pytest.raises(PostOutsideZone, match=r"at \[36.29, 33.51\] \(lon, lat\) lies outside zone "
                                              "'eastern-ghouta' as drawn on 2017-07-24"):
        _create(store, ctx, wafideen(location=DAMASCUS))


def test_post_is_checked_against_the_boundary_on_its_first_date(store, ctx):
    in_may = _create(store, ctx, salwa(key="kabana", location=KABANA,
                                       lifecycle=[{"state": "proposed", "on": "2017-06-01"}]))
    assert in_may.zone == "idlib"
    with pytest.raises(PostOutsideZone, match="as drawn on 2017-10-01 \\(boundary version 2\\)"):
        _create(store, ctx, salwa(key="kabana-2", location=KABANA,
                                  lifecycle=[{"state": "proposed", "on": "2017-10-01"}]))


def test_post_without_lifecycle_is_checked_against_any_boundary(store, ctx):
    assert _create(store, ctx, salwa(key="kabana", location=KABANA, lifecycle=[])).state is None
    with pytest.raises(PostOutsideZone, match="in every one of its boundary versions"):
        _create(store, ctx, salwa(key="aleppo", location=point(37.16, 36.20), lifecycle=[]))


@pytest.mark.parametrize("over, error, message", [
    ({"guarantor": "iran"}, UnknownReference, "unknown party 'iran' as guarantor"),
    ({"guarantor": "jaysh-al-islam"}, InvalidValue, "must be a guarantor or an observer"),
    ({"zone": "raqqa"}, UnknownReference, "unknown zone 'raqqa'"),
    ({"location": point(36.76, 95)}, InvalidGeometry, "location: latitude 95"),
    ({"location": {"type": "Polygon", "coordinates": []}}, InvalidGeometry, "a Polygon is not allowed"),
    ({"key": "Bad Key"}, InvalidValue, "not a valid key"),
])
def test_create_post_rejects_bad_references_and_values(store, ctx, over, error, message):
    with pytest.raises(error, match=message):
        _create(store, ctx, salwa(**over))


def test_observer_may_be_responsible_and_zone_is_optional(store, ctx):
    post = _create(store, ctx, salwa(guarantor="united-states", zone=None, location=DAMASCUS))
    assert post.guarantor == "united-states" and post.zone is None


def test_create_post_rejects_duplicate_key(store, ctx):
    _create(store, ctx, salwa())
    with pytest.raises(DuplicateName):
        _create(store, ctx, salwa())


def test_update_post_moves_it_and_rechecks_the_zone(store, ctx):
    post = _create(store, ctx, wafideen())
    moved = service.update_post(store, ctx, post.key, PostUpdate(location=point(36.40, 33.57), reason="GPS"))
    assert (moved.lon, moved.lat) == (36.40, 33.57) and moved.version == 2
    with pytest.raises(PostOutsideZone):
        service.update_post(store, ctx, post.key, PostUpdate(location=DAMASCUS))
    with pytest.raises(InvalidTransition):
        service.update_post(store, ctx, post.key, PostUpdate(lifecycle=[
            {"state": "withdrawn", "on": "2018-04-01"}, {"state": "deployed", "on": "2018-04-02"}]))


def test_list_posts_point_in_time(store, ctx):
    for data in (salwa(), wafideen(), rastan()):
        _create(store, ctx, data)
    keys = lambda q: [p.key for p in service.list_posts(store, q, Page()).items]  # noqa: E731
    assert keys(PostQuery(at=date(2017, 8, 1))) == ["wafideen-checkpoint"]
    assert keys(PostQuery(at=date(2017, 9, 1), state="deployed")) == ["rastan-checkpoint",
                                                                      "wafideen-checkpoint"]
    assert keys(PostQuery(state="deployed")) == ["salwa-observation-post", "wafideen-checkpoint"]
    assert keys(PostQuery(guarantor="russia", kind="checkpoint", zone="northern-homs")) == ["rastan-checkpoint"]


def test_posts_near_sorted_by_distance(store, ctx):
    for data in (salwa(), wafideen(), rastan()):
        _create(store, ctx, data)
    douma = Point(36.40, 33.57)
    [(post, km)] = service.posts_near(store, douma, date(2017, 10, 30), radius_km=10)
    assert post.key == "wafideen-checkpoint" and km == pytest.approx(4.3, abs=0.2)
    far = service.posts_near(store, douma, None, radius_km=300)
    assert [p.key for p, _ in far] == ["wafideen-checkpoint", "rastan-checkpoint"]  # nearest first
    deployed = service.posts_near(store, douma, date(2017, 10, 30), radius_km=300, states={PostState.deployed})
    assert [p.key for p, _ in deployed] == ["wafideen-checkpoint"]
    with pytest.raises(InvalidValue, match="radius_km"):
        service.posts_near(store, douma, None, radius_km=0)


def test_posts_operating_in_a_zone_during_a_period(store, ctx):
    _create(store, ctx, rastan())
    _create(store, ctx, rastan(key="talbiseh", location=point(36.73, 34.84),
                               lifecycle=[{"state": "agreed", "on": "2017-08-03"}]))
    operating = service.posts_operating(store, "northern-homs", date(2017, 9, 1), date(2017, 9, 8))
    assert [p.key for p in operating] == ["rastan-checkpoint"]
    assert service.posts_operating(store, "northern-homs", date(2017, 10, 1), date(2017, 11, 1)) == []
    assert service.posts_operating(store, "northern-homs", date(2017, 8, 1), date(2017, 8, 15)) == []
    with pytest.raises(NotFound):
        service.posts_operating(store, "raqqa", date(2017, 9, 1), date(2017, 9, 8))
    with pytest.raises(DatesOutOfOrder):
        service.posts_operating(store, "northern-homs", date(2017, 9, 8), date(2017, 9, 1))
