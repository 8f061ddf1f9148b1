"""Benchmark: clustering N synthetic reports into incidents (whole-set path).

    .venv/bin/python -m bench.bench_clustering 100000 1000000            # constant density
    .venv/bin/python -m bench.bench_clustering --fixed 100000 1000000    # one year, ever denser

Prints, per size: seconds, peak RSS growth, incidents found, and the pairwise precision/recall of the
partition against the generator's truth (on a sample of pairs).
"""

from __future__ import annotations

import resource
import sys
import time

import numpy as np

from bench.generate import generate
from truceline.incidents.clustering import ClusterSettings, cluster_labels


def pair_quality(labels: np.ndarray, truth: np.ndarray, *, samples: int = 200_000,
                 seed: int = 3) -> tuple[float, float]:
    """Precision and recall of 'same incident' over true co-reported pairs and predicted pairs (sampled)."""
    rng = np.random.default_rng(seed)
    # true pairs: neighbours in the generator's sorted order that share a happening
    same_truth = np.flatnonzero(truth[1:] == truth[:-1])
    pick = rng.choice(same_truth, min(samples, len(same_truth)), replace=False)
    recall = float(np.mean(labels[pick] == labels[pick + 1]))
    order = np.argsort(labels, kind="stable")
    same_pred = np.flatnonzero(labels[order][1:] == labels[order][:-1])
    pick = rng.choice(same_pred, min(samples, len(same_pred)), replace=False) if len(same_pred) else pick[:0]
    precision = float(np.mean(truth[order][pick] == truth[order][pick + 1])) if len(pick) else 1.0
    return precision, recall


def run(n: int, *, density: str = "constant") -> dict[str, float]:
    # constant density: the period grows with the data (a year per million reports), as a mechanism's does;
    # fixed: the same year holds ever more reports, so each report has more neighbours
    days = 365.0 * n / 1_000_000 if density == "constant" else 365.0
    data = generate(n, days=days)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    labels = cluster_labels(data.batch, ClusterSettings())
    seconds = time.perf_counter() - t
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    precision, recall = pair_quality(labels, data.truth)
    return {"reports": n, "seconds": seconds, "incidents": int(labels.max()) + 1,
            "peak_rss_growth_mb": (rss1 - rss0) / 1024, "pair_precision": precision, "pair_recall": recall}


def main(argv: list[str]) -> None:
    density = "fixed" if "--fixed" in argv else "constant"
    sizes = [int(a) for a in argv if not a.startswith("--")] or [100_000, 1_000_000]
    for n in sizes:
        r = run(n, density=density)
        print(f"{density:>8} {r['reports']:>9} reports  {r['seconds']:7.2f} s  {r['incidents']:>8} incidents  "
              f"+{r['peak_rss_growth_mb']:.0f} MB peak  pair precision {r['pair_precision']:.3f}  "
              f"recall {r['pair_recall']:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
