"""Clustering: the link rule, determinism, order independence and incremental equals batch."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from truceline.incidents.clustering import ClusterItem, cluster, links_for
from truceline.reports.taxonomy import EventType

T0 = 1_500_000_000.0  # 2017-07-14
DOUMA = (36.4027, 33.57175)


def item(i, *, dt_h=0.0, dlon=0.0, dlat=0.0, type_=EventType.shelling, perp=None, target=None, dur_h=0.0,
         unc=0.0, pinned=False):
    start = T0 + dt_h * 3600
    return ClusterItem(id=i, start=start, end=start + dur_h * 3600, lon=DOUMA[0] + dlon, lat=DOUMA[1] + dlat,
                       event_type=type_, perpetrator=perp, target=target, uncertainty_km=unc, pinned=pinned)


def test_cluster_links_reports_close_in_time_place_and_type():
    groups = cluster([item(1), item(2, dt_h=2, dlon=0.02), item(3, dt_h=30), item(4, dlat=0.5)])
    assert groups == [[1, 2], [3], [4]]


def test_cluster_compatible_types_link_but_strategic_types_do_not():
    assert cluster([item(1), item(2, type_=EventType.air_strike)]) == [[1, 2]]
    assert cluster([item(1), item(2, type_=EventType.armed_clash)]) == [[1], [2]]
    assert cluster([item(1, type_=EventType.deployment), item(2, type_=EventType.withdrawal)]) == [[1], [2]]


def test_cluster_contradicting_perpetrators_do_not_link_unknown_does():
    assert cluster([item(1, perp="a"), item(2, perp="b")]) == [[1], [2]]
    assert cluster([item(1, perp="a"), item(2)]) == [[1, 2]]


def test_cluster_uncertain_places_reach_further_and_long_intervals_never_link():
    far = dict(dlat=0.09)  # about 10 km
    assert cluster([item(1), item(2, **far)]) == [[1], [2]]
    assert cluster([item(1), item(2, unc=6.0, **far)]) == [[1, 2]]
    assert cluster([item(1), item(2, dur_h=24 * 5)]) == [[1], [2]]


def test_cluster_respects_analyst_separation_and_pins():
    assert cluster([item(1), item(2)], cannot_link=[(2, 1)]) == [[1], [2]]
    assert cluster([item(1), item(2, pinned=True)]) == [[1], [2]]


def test_cluster_is_transitive_through_chains():
    chain = [item(1), item(2, dt_h=5), item(3, dt_h=10)]
    assert cluster(chain) == [[1, 2, 3]]


def test_links_for_gives_reasons_best_first():
    links = links_for(item(9), [item(1, dt_h=5), item(2, dt_h=1), item(3, dt_h=40)])
    assert [lk.b for lk in links] == [2, 1]
    reason = links[0].reason()
    assert reason["rule"] == "auto" and reason["same_type"] is True and 0 < reason["score"] <= 1


items_st = st.lists(
    st.builds(lambda i, h, x, y, t, p: item(i, dt_h=h, dlon=x, dlat=y, type_=t, perp=p),
              st.integers(0, 10_000), st.floats(0, 48), st.floats(-0.1, 0.1), st.floats(-0.1, 0.1),
              st.sampled_from([EventType.shelling, EventType.air_strike, EventType.armed_clash]),
              st.sampled_from([None, "a", "b"])),
    max_size=40, unique_by=lambda it: it.id)


@settings(max_examples=60, deadline=None)
@given(items_st, st.randoms(use_true_random=False))
def test_cluster_is_order_independent(items, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert cluster(items) == cluster(shuffled)


@settings(max_examples=40, deadline=None)
@given(items_st, st.randoms(use_true_random=False))
def test_incremental_joining_equals_batch_clustering(items, rnd):
    order = list(items)
    rnd.shuffle(order)
    incident_of: dict[int, int] = {}
    members: dict[int, set[int]] = {}
    seen: list[ClusterItem] = []
    for new in order:
        touched = sorted({incident_of[lk.b] for lk in links_for(new, seen)})
        target = touched[0] if touched else new.id
        group = {new.id}
        for inc in touched:
            group |= members.pop(inc)
        members[target] = group
        for rid in group:
            incident_of[rid] = target
        seen.append(new)
    incremental = sorted(sorted(g) for g in members.values())
    assert incremental == sorted(cluster(items))


def test_cluster_is_deterministic_on_a_larger_random_set():
    rng = random.Random(7)
    items = [item(i, dt_h=rng.uniform(0, 200), dlon=rng.uniform(-1, 1), dlat=rng.uniform(-1, 1)) for i in range(2000)]
    assert cluster(items) == cluster(list(reversed(items)))
