"""The post repository contract, on the in-memory fake and on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from shapely.geometry import Point

from tests.posts.places import point, rastan, salwa, seed_parties, seed_zones, wafideen
from truceline.common.paging import Page
from truceline.geo.geometry import BBox
from truceline.posts import service
from truceline.posts.models import PostQuery, PostState
from truceline.posts.schemas import PostCreate, PostEventAdd, PostUpdate


def _seed(store, ctx):
    seed_parties(store, ctx)
    seed_zones(store, ctx)
    for data in (salwa(), wafideen(), rastan()):
        service.create_post(store, ctx, PostCreate.model_validate(data))


def _keys(store, **filters):
    return [p.key for p in service.list_posts(store, PostQuery(**filters), Page()).items]


def test_repository_roundtrips_post(any_store, ctx):
    _seed(any_store, ctx)
    post = service.get_post(any_store, "rastan-checkpoint")
    assert post.location == Point(36.73, 34.93) and (post.lon, post.lat) == (36.73, 34.93)
    assert post.zone == "northern-homs" and post.guarantor == "russia"
    assert post.staffed_by == "Russian military police"
    assert [(e.state, e.on) for e in post.lifecycle] == [
        (PostState.proposed, date(2017, 8, 3)), (PostState.deployed, date(2017, 8, 15)),
        (PostState.withdrawn, date(2017, 10, 1))]
    assert service.get_post(any_store, post.id).key == post.key


def test_repository_lists_with_filters_and_paging(any_store, ctx):
    _seed(any_store, ctx)
    page = service.list_posts(any_store, PostQuery(), Page(limit=2, offset=1))
    assert page.count == 3 and [p.key for p in page.items] == ["salwa-observation-post", "wafideen-checkpoint"]
    assert _keys(any_store, guarantor="russia") == ["rastan-checkpoint", "wafideen-checkpoint"]
    assert _keys(any_store, zone="idlib") == ["salwa-observation-post"]
    assert _keys(any_store, kind="observation_post") == ["salwa-observation-post"]
    assert _keys(any_store, bbox=BBox(36.0, 33.0, 37.0, 35.0)) == ["rastan-checkpoint", "wafideen-checkpoint"]
    assert _keys(any_store, bbox=BBox(36.36, 33.55, 36.36, 33.55)) == ["wafideen-checkpoint"]  # edges count


def test_repository_point_in_time_view(any_store, ctx):
    _seed(any_store, ctx)
    assert _keys(any_store, at=date(2017, 8, 1)) == ["wafideen-checkpoint"]
    assert _keys(any_store, at=date(2017, 9, 20)) == ["rastan-checkpoint", "salwa-observation-post",
                                                      "wafideen-checkpoint"]
    assert _keys(any_store, at=date(2017, 9, 20), state="deployed") == ["rastan-checkpoint",
                                                                        "wafideen-checkpoint"]
    assert _keys(any_store, at=date(2017, 9, 20), state="agreed") == ["salwa-observation-post"]
    assert _keys(any_store, at=date(2017, 10, 30), state="withdrawn") == ["rastan-checkpoint"]
    assert _keys(any_store, state="deployed") == ["salwa-observation-post", "wafideen-checkpoint"]


def test_repository_saves_events_and_updates(any_store, ctx):
    _seed(any_store, ctx)
    service.add_post_event(any_store, ctx, "wafideen-checkpoint",
                           PostEventAdd(state="withdrawn", on=date(2018, 4, 14)))
    service.update_post(any_store, ctx, "wafideen-checkpoint",
                        PostUpdate(location=point(36.40, 33.57), zone="eastern-ghouta", staffed_by="MP"))
    post = service.get_post(any_store, "wafideen-checkpoint")
    assert post.state == PostState.withdrawn and post.version == 3 and (post.lon, post.lat) == (36.40, 33.57)
    assert _keys(any_store, bbox=BBox(36.39, 33.56, 36.41, 33.58)) == ["wafideen-checkpoint"]
    assert [c.version for c in service.post_history(any_store, "wafideen-checkpoint")] == [1, 2, 3]


def test_posts_near_and_operating_on_each_engine(any_store, ctx):
    _seed(any_store, ctx)
    near = service.posts_near(any_store, Point(36.40, 33.57), date(2017, 10, 30), radius_km=10)
    assert [p.key for p, _ in near] == ["wafideen-checkpoint"]
    operating = service.posts_operating(any_store, "northern-homs", date(2017, 9, 1), date(2017, 9, 8))
    assert [p.key for p in operating] == ["rastan-checkpoint"]
