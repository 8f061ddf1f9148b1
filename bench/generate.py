"""Synthetic report generator for benchmarks: happenings over a theatre, each told by 1-5 reports.

Every report is a noisy copy of its happening (minutes to hours off, hundreds of metres to a few km
away, sometimes a compatible event type, sometimes no perpetrator), so the true partition is known.
Deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from truceline.incidents.clustering import TYPES, Batch
from truceline.reports.taxonomy import EventType

SYRIA_BBOX = (35.7, 32.3, 42.0, 37.3)
T0 = 1_483_228_800.0  # 2017-01-01T00:00:00Z
VIOLENT = [TYPES.index(t) for t in (EventType.shelling, EventType.air_strike, EventType.armed_clash,
                                      EventType.remote_explosive, EventType.attack_on_civilians)]


@dataclass(frozen=True)
class Synthetic:
    batch: Batch
    truth: NDArray[np.int64]  # happening index of each report


def generate(n_reports: int, *, seed: int = 1, days: float = 365.0,
             bbox: tuple[float, float, float, float] = SYRIA_BBOX,
             n_parties: int = 20) -> Synthetic:
    rng = np.random.default_rng(seed)
    n_happenings = max(1, n_reports // 3)
    h_lon = rng.uniform(bbox[0], bbox[2], n_happenings)
    h_lat = rng.uniform(bbox[1], bbox[3], n_happenings)
    h_t = T0 + rng.uniform(0, days * 86400, n_happenings)
    h_type = rng.choice(VIOLENT, n_happenings)
    h_perp = rng.integers(0, n_parties, n_happenings)
    which = np.sort(rng.integers(0, n_happenings, n_reports))
    km = 1 / 111.0
    lon = h_lon[which] + rng.normal(0, 1.0 * km, n_reports)
    lat = h_lat[which] + rng.normal(0, 1.0 * km, n_reports)
    start = h_t[which] + rng.normal(0, 3600, n_reports)
    end = start + np.where(rng.random(n_reports) < 0.2, rng.uniform(0, 6 * 3600, n_reports), 0.0)
    perp = np.where(rng.random(n_reports) < 0.3, -1, h_perp[which]).astype(np.int32)
    batch = Batch.from_arrays(
        ids=np.arange(1, n_reports + 1, dtype=np.int64), start=start, end=end, lon=lon, lat=lat,
        type_index=h_type[which].astype(np.int16), perp=perp, target=np.full(n_reports, -1, dtype=np.int32),
        unc=np.where(rng.random(n_reports) < 0.1, 5.0, 0.0), pinned=np.zeros(n_reports, dtype=bool))
    return Synthetic(batch, which.astype(np.int64))
