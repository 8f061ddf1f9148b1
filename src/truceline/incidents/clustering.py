"""Clustering reports into incidents: deterministic, order-independent and incremental.

Two reports are **linked** when they may describe the same happening:

* their claimed time intervals are at most ``window_hours`` apart (0 when they overlap);
* their claimed places are at most ``radius_km`` apart, plus each place's own uncertainty
  (``uncertainty_km``, capped at ``max_uncertainty_km``);
* their event types are compatible (``reports.taxonomy.compatible``);
* their alleged perpetrators do not contradict each other (both known and different), and likewise
  their targets;
* an analyst has not separated them (``cannot_link``), and neither is pinned by an analyst.

Incidents are the connected components of the link graph. Components do not depend on the order in
which reports arrive, so clustering the whole set at once and adding reports one by one
(``links_for``: a new report joins every incident it links to, merging them) give the same partition.

The whole-set path is vectorised: a k-d tree over unit-sphere coordinates and scaled time finds
candidate pairs, numpy filters them exactly, and ``scipy.sparse.csgraph`` labels the components.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree
from shapely.geometry import Point

from truceline.geo.distance import EARTH_RADIUS_KM, bbox_around
from truceline.reports.taxonomy import EventType, compatible

TYPES = list(EventType)
_COMPAT = np.array([[compatible(a, b) for b in TYPES] for a in TYPES], dtype=bool)
_SAME = np.eye(len(TYPES), dtype=bool)
EVAL_CHUNK = 262_144


@dataclass(frozen=True, kw_only=True)
class ClusterSettings:
    radius_km: float = 5.0
    window_hours: float = 6.0
    max_uncertainty_km: float = 10.0
    max_half_duration_hours: float = 36.0  # reports with a longer claimed interval never link by rule


@dataclass(frozen=True, kw_only=True)
class ClusterItem:
    """What clustering needs of a report; times are seconds since the epoch."""

    id: int
    start: float
    end: float
    lon: float
    lat: float
    event_type: EventType
    perpetrator: str | None = None
    target: str | None = None
    uncertainty_km: float = 0.0
    pinned: bool = False


@dataclass(frozen=True)
class Link:
    """Why two reports were linked: the measures and a score in (0, 1]."""

    a: int
    b: int
    distance_km: float
    time_gap_hours: float
    same_type: bool
    score: float

    def reason(self) -> dict[str, float | bool | str]:
        return {"rule": "auto", "distance_km": round(self.distance_km, 3),
                "time_gap_hours": round(self.time_gap_hours, 3), "same_type": self.same_type,
                "score": round(self.score, 3)}


class Batch:
    """Reports as column arrays, the form the vectorised predicate works on."""

    def __init__(self, items: Sequence[ClusterItem]) -> None:
        self.ids = np.array([i.id for i in items], dtype=np.int64)
        self.start = np.array([i.start for i in items], dtype=np.float64)
        self.end = np.array([i.end for i in items], dtype=np.float64)
        self.lon = np.array([i.lon for i in items], dtype=np.float64)
        self.lat = np.array([i.lat for i in items], dtype=np.float64)
        self.type = np.array([TYPES.index(i.event_type) for i in items], dtype=np.int16)
        actors = sorted({a for i in items for a in (i.perpetrator, i.target) if a})
        code = {a: n for n, a in enumerate(actors)}
        self.perp = np.array([code.get(i.perpetrator, -1) if i.perpetrator else -1 for i in items], dtype=np.int32)
        self.target = np.array([code.get(i.target, -1) if i.target else -1 for i in items], dtype=np.int32)
        self.unc = np.array([i.uncertainty_km for i in items], dtype=np.float64)
        self.pinned = np.array([i.pinned for i in items], dtype=bool)

    @classmethod
    def from_arrays(cls, *, ids: NDArray[np.int64], start: NDArray[np.float64], end: NDArray[np.float64],
                    lon: NDArray[np.float64], lat: NDArray[np.float64], type_index: NDArray[np.int16],
                    perp: NDArray[np.int32], target: NDArray[np.int32], unc: NDArray[np.float64],
                    pinned: NDArray[np.bool_]) -> Batch:
        """A batch from columns (actor codes: -1 unknown, else any integer): for bulk work and benchmarks."""
        b = cls([])
        b.ids, b.start, b.end, b.lon, b.lat = ids, start, end, lon, lat
        b.type, b.perp, b.target, b.unc, b.pinned = type_index, perp, target, unc, pinned
        return b

    def take(self, index: NDArray[np.int64]) -> Batch:
        return Batch.from_arrays(ids=self.ids[index], start=self.start[index], end=self.end[index],
                                 lon=self.lon[index], lat=self.lat[index], type_index=self.type[index],
                                 perp=self.perp[index], target=self.target[index], unc=self.unc[index],
                                 pinned=self.pinned[index])

    def __len__(self) -> int:
        return len(self.ids)


def _xyz(lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.float64]:
    lo, la = np.radians(lon), np.radians(lat)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)]) * EARTH_RADIUS_KM


def _haversine(lon1: NDArray[np.float64], lat1: NDArray[np.float64],
               lon2: NDArray[np.float64], lat2: NDArray[np.float64]) -> NDArray[np.float64]:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


def _evaluate(b: Batch, i: NDArray[np.int64], j: NDArray[np.int64], s: ClusterSettings,
              ) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """The link predicate on index pairs: (linked, distance_km, time_gap_hours, score)."""
    gap_h = np.maximum(0.0, np.maximum(b.start[i], b.start[j]) - np.minimum(b.end[i], b.end[j])) / 3600.0
    dist = _haversine(b.lon[i], b.lat[i], b.lon[j], b.lat[j])
    unc = np.minimum(b.unc[i], s.max_uncertainty_km) + np.minimum(b.unc[j], s.max_uncertainty_km)
    reach = s.radius_km + unc
    max_half = s.max_half_duration_hours * 3600.0
    precise = ((b.end[i] - b.start[i]) / 2 <= max_half) & ((b.end[j] - b.start[j]) / 2 <= max_half)
    actors_ok = ~((b.perp[i] >= 0) & (b.perp[j] >= 0) & (b.perp[i] != b.perp[j]))
    actors_ok &= ~((b.target[i] >= 0) & (b.target[j] >= 0) & (b.target[i] != b.target[j]))
    linked = (gap_h <= s.window_hours) & (dist <= reach) & _COMPAT[b.type[i], b.type[j]] & actors_ok & precise
    linked &= ~b.pinned[i] & ~b.pinned[j]
    same = _SAME[b.type[i], b.type[j]]
    score = 1.0 - 0.4 * np.minimum(dist / reach, 1.0) - 0.4 * np.minimum(gap_h / max(s.window_hours, 1e-9), 1.0)
    score -= np.where(same, 0.0, 0.2)
    return linked, dist, gap_h, np.maximum(score, 0.01)


def candidate_pairs(b: Batch, s: ClusterSettings) -> NDArray[np.int64]:
    """Index pairs (i < j) close enough in space and time to be worth the exact test."""
    if len(b) < 2:
        return np.empty((0, 2), dtype=np.int64)
    reach = s.radius_km + 2 * min(float(b.unc.max()), s.max_uncertainty_km)
    half = (b.end - b.start) / 2
    max_half = s.max_half_duration_hours * 3600.0
    longest = float(half[half <= max_half].max(initial=0.0))  # longer ones never link, see _evaluate
    t_reach_s = s.window_hours * 3600.0 + 2 * longest
    mid = (b.start + b.end) / 2
    pts = np.column_stack([_xyz(b.lon, b.lat) / reach, mid / t_reach_s])
    tree = cKDTree(pts, balanced_tree=False, compact_nodes=False)
    return tree.query_pairs(r=1.0, p=np.inf, output_type="ndarray").astype(np.int64)


def cluster(items: Sequence[ClusterItem], settings: ClusterSettings | None = None,
            *, cannot_link: Iterable[tuple[int, int]] = ()) -> list[list[int]]:
    """Partition report ids into incidents; each group sorted, groups ordered by their smallest id."""
    s = settings or ClusterSettings()
    b = Batch(items)
    labels = cluster_labels(b, s, cannot_link=cannot_link)
    groups: dict[int, list[int]] = {}
    for rid, lab in zip(b.ids.tolist(), labels.tolist(), strict=True):
        groups.setdefault(lab, []).append(rid)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def cluster_labels(b: Batch, s: ClusterSettings, *, cannot_link: Iterable[tuple[int, int]] = ()
                   ) -> NDArray[np.int64]:
    """Component label per report; labels are numbered by each component's smallest report id."""
    # Work in time order: candidate pairs then sit close together in memory, which keeps the exact test
    # cache-friendly on millions of pairs. Labels are mapped back to the caller's order at the end.
    order = np.argsort((b.start + b.end) / 2, kind="stable")
    labels = np.empty(len(b), dtype=np.int64)
    labels[order] = _labels_in_order(b.take(order), s, cannot_link)
    return labels


def _labels_in_order(b: Batch, s: ClusterSettings, cannot_link: Iterable[tuple[int, int]]) -> NDArray[np.int64]:
    n = len(b)
    pairs = candidate_pairs(b, s)
    kept = []
    for k in range(0, len(pairs), EVAL_CHUNK):  # chunks keep the temporaries small and in cache
        chunk = pairs[k : k + EVAL_CHUNK]
        kept.append(chunk[_evaluate(b, chunk[:, 0], chunk[:, 1], s)[0]])
    linked_pairs = np.concatenate(kept) if kept else np.empty((0, 2), dtype=np.int64)
    i, j = linked_pairs[:, 0], linked_pairs[:, 1]
    banned = {(min(x, y), max(x, y)) for x, y in cannot_link}
    if banned and len(i):
        a_ids, b_ids = b.ids[i], b.ids[j]
        keep = np.array([(min(x, y), max(x, y)) not in banned
                         for x, y in zip(a_ids.tolist(), b_ids.tolist(), strict=True)], dtype=bool)
        i, j = i[keep], j[keep]
    graph = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n)).tocsr()
    _, raw = connected_components(graph, directed=False)
    # renumber: components ordered by their smallest report id, so labels never depend on input order
    ncomp = int(raw.max()) + 1 if n else 0
    smallest = np.full(ncomp, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(smallest, raw, b.ids)
    rank = np.empty(ncomp, dtype=np.int64)
    rank[np.argsort(smallest, kind="stable")] = np.arange(ncomp, dtype=np.int64)
    return rank[raw]


def links_for(new: ClusterItem, candidates: Sequence[ClusterItem], settings: ClusterSettings | None = None,
              *, cannot_link: Iterable[tuple[int, int]] = ()) -> list[Link]:
    """The links of one new report to existing reports (the incremental path), best first."""
    s = settings or ClusterSettings()
    if not candidates:
        return []
    b = Batch([new, *candidates])
    j = np.arange(1, len(b), dtype=np.int64)
    i = np.zeros_like(j)
    linked, dist, gap, score = _evaluate(b, i, j, s)
    banned = {(min(x, y), max(x, y)) for x, y in cannot_link}
    out = [Link(new.id, int(b.ids[k]), float(dist[k - 1]), float(gap[k - 1]),
                bool(b.type[0] == b.type[k]), float(score[k - 1]))
           for k in j.tolist() if linked[k - 1] and (min(new.id, int(b.ids[k])), max(new.id, int(b.ids[k])))
           not in banned]
    return sorted(out, key=lambda lk: (-lk.score, lk.b))


def search_box(item: ClusterItem, settings: ClusterSettings) -> tuple[float, float, float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat, t_from, t_to) that holds every report ``item`` can link to:
    the repository's prefilter for the incremental path."""
    reach = settings.radius_km + 2 * settings.max_uncertainty_km
    box = bbox_around(Point(item.lon, item.lat), reach)
    pad = (settings.window_hours + 2 * settings.max_half_duration_hours) * 3600.0
    return (box.min_lon, box.min_lat, box.max_lon, box.max_lat, item.start - pad, item.end + pad)
