"""The benchmark generator is deterministic and clustering finds most of its happenings."""

from __future__ import annotations

import numpy as np
from bench.bench_clustering import pair_quality
from bench.generate import generate

from truceline.incidents.clustering import ClusterSettings, cluster_labels


def test_generator_is_deterministic():
    a, b = generate(2000, seed=5), generate(2000, seed=5)
    assert np.array_equal(a.batch.lon, b.batch.lon) and np.array_equal(a.truth, b.truth)


def test_clustering_recovers_synthetic_happenings():
    data = generate(5000, seed=2)
    labels = cluster_labels(data.batch, ClusterSettings())
    precision, recall = pair_quality(labels, data.truth, samples=2000)
    assert precision > 0.9 and recall > 0.8
