"""Benchmark: cross-list person matching on synthetic lists with known truth.

    .venv/bin/python -m bench.bench_persons 10000              # one size
    .venv/bin/python -m bench.bench_persons 10000 100000       # several sizes
    .venv/bin/python -m bench.bench_persons --privacy 10000    # the hash-only mode as well
    .venv/bin/python -m bench.bench_persons --privacy-only 10000 # the hash-only mode alone
    .venv/bin/python -m bench.bench_persons --seed 11 100000   # another draw of the synthetic world (default 7)
    .venv/bin/python -m bench.bench_persons --ambiguity 100000 # how many true pairs have a look-alike
    .venv/bin/python -m bench.bench_persons --canonical 100000 # the same lists, every name in one spelling
    .venv/bin/python -m bench.bench_persons --calibration 100000 # how often a pair at each score is true

Prints, per size: candidate pairs, seconds for matching (preparation, blocking, scoring; generation not
counted), and precision, recall and F1 of the ``match`` decisions at the default threshold against the
generator's truth.
"""

from __future__ import annotations

import sys
import time

from bench.generate_persons import generate_pair
from truceline.persons.matching import MatchSettings, match_records


def quality(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run(n: int, *, threshold: float = 0.5, seed: int = 7, canonical: bool = False) -> dict[str, float]:
    pair = generate_pair(n, seed=seed, canonical=canonical)
    t = time.perf_counter()
    result = match_records(pair.a, pair.b, settings=MatchSettings(threshold=threshold, explain=False))
    seconds = time.perf_counter() - t
    predicted = {(c.a, c.b) for c in result.candidates if c.match}
    precision, recall, f1 = quality(predicted, pair.truth)
    return {"n": n, "seconds": seconds, "pairs": result.stats.pairs, "skipped_blocks": result.stats.skipped_blocks,
            "precision": precision, "recall": recall, "f1": f1}


def run_privacy(n: int, *, seed: int = 7) -> dict[str, float]:
    from truceline.persons.privacy import find_overlaps, hash_list

    pair = generate_pair(n, seed=seed)
    secret = b"bench-secret-bench-secret-bench-secret"
    t = time.perf_counter()
    ha, hb = hash_list(pair.a, secret=secret, party="A"), hash_list(pair.b, secret=secret, party="B")
    overlaps = find_overlaps(ha, hb)
    seconds = time.perf_counter() - t
    predicted = {(o.a, o.b) for o in overlaps if o.match}
    precision, recall, f1 = quality(predicted, pair.truth)
    return {"n": n, "seconds": seconds, "pairs": len(overlaps), "skipped_blocks": 0,
            "precision": precision, "recall": recall, "f1": f1}


def ambiguity(n: int, *, seed: int = 7) -> dict[str, float]:
    """The share of true pairs for which another record is indistinguishable on every name field both
    records give: same person's given and family name, father's and grandfather's names equal or missing on
    one side, birth years at most one apart or missing; and (``tied``) the share for which that look-alike
    also fits at least as well on the written years and places. A measure of how crowded the lists are,
    not a ceiling: the one-to-one constraint still decides some of these when the look-alike has a
    better partner of its own."""
    from collections import defaultdict

    from truceline.persons.blocking import prepare

    pair = generate_pair(n, seed=seed)
    people = pair.people
    given = {r.id: (bool(p.father), bool(p.grandfather), r.birth_year is not None)
             for r in (*pair.a, *pair.b) for p in [prepare(r)]}

    years = {r.id: r.birth_year for r in (*pair.a, *pair.b)}
    places = {r.id: r.place_of_origin for r in (*pair.a, *pair.b)}

    def alike(x: str, y: str) -> bool:
        px, py = people[x], people[y]
        (fx, gx, yx), (fy, gy, yy) = given[x], given[y]
        return not ((fx and fy and px.father != py.father) or (gx and gy and px.grandfather != py.grandfather)
                    or (yx and yy and abs(px.year - py.year) > 1))

    def as_good(a: str, b: str, x: str, y: str) -> bool:
        """The look-alike pair (x, y) fits at least as well as the true pair (a, b) on the written birth
        years and places too: nothing in the records can prefer the true pair."""
        def year_gap(u: str, v: str) -> int:
            return abs(years[u] - years[v]) if years[u] is not None and years[v] is not None else 0

        def place_ok(u: str, v: str) -> bool:
            return not places[u] or not places[v] or people[u].place == people[v].place

        return year_gap(x, y) <= year_gap(a, b) and (place_ok(x, y) or not place_ok(a, b))

    index_a: dict[tuple[int, int], list[str]] = defaultdict(list)
    index_b: dict[tuple[int, int], list[str]] = defaultdict(list)
    for records, index in ((pair.a, index_a), (pair.b, index_b)):
        for r in records:
            index[people[r.id].given, people[r.id].family].append(r.id)
    hits = strict = 0
    for a, b in pair.truth:
        key = (people[a].given, people[a].family)
        rivals = [(x, b) for x in index_a[key] if x != a and alike(x, b)]
        rivals += [(a, y) for y in index_b[key] if y != b and alike(a, y)]
        hits += bool(rivals)
        strict += any(as_good(a, b, x, y) for x, y in rivals)
    return {"n": n, "true_pairs": len(pair.truth), "with_look_alike": hits, "share": hits / len(pair.truth),
            "tied": strict, "tied_share": strict / len(pair.truth)}


def calibration(n: int, *, seed: int = 7) -> list[tuple[float, int, float]]:
    """For each tenth of the score (0-0.1, ... 0.9-1), the candidate pairs reported there and the share of
    them that are true: a calibrated score says a pair at 0.35 is one person about 35 % of the time."""
    pair = generate_pair(n, seed=seed)
    result = match_records(pair.a, pair.b, settings=MatchSettings(explain=False, min_score=0.01))
    seen = [0] * 10
    true = [0] * 10
    for c in result.candidates:
        k = min(int(c.score * 10), 9)
        seen[k] += 1
        true[k] += (c.a, c.b) in pair.truth
    return [(k / 10, seen[k], true[k] / seen[k] if seen[k] else 0.0) for k in range(10)]


def main(argv: list[str]) -> None:
    privacy = "--privacy" in argv or "--privacy-only" in argv
    seed = 7
    if "--seed" in argv:
        at = argv.index("--seed")
        seed = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2:]
    sizes = [int(a) for a in argv if not a.startswith("--")] or [10_000]
    if "--ambiguity" in argv:
        for n in sizes:
            r = ambiguity(n, seed=seed)
            print(f"seed {seed} {n:>7} x {n:<7} {r['with_look_alike']} of {r['true_pairs']} true pairs "
                  f"({r['share']:.1%}) have a look-alike on every name field both records give; for "
                  f"{r['tied']} ({r['tied_share']:.1%}) it fits as well on year and place too", flush=True)
        return
    if "--calibration" in argv:
        for n in sizes:
            for low, count, share in calibration(n, seed=seed):
                print(f"seed {seed} {n:>7} x {n:<7} score {low:.1f}-{low + 0.1:.1f}: {count:>8} pairs, "
                      f"{share:.1%} true", flush=True)
        return
    canonical = "--canonical" in argv
    for n in sizes:
        modes = [("canonical", lambda n, seed: run(n, seed=seed, canonical=True))] if canonical else [("full", run)]
        if "--privacy-only" in argv:
            modes = []
        for mode, fn in [*modes, *([("privacy", run_privacy)] if privacy else [])]:
            r = fn(n, seed=seed)
            print(f"seed {seed} {mode:>8} {n:>7} x {n:<7} {r['seconds']:8.1f} s  {r['pairs']:>10} candidate pairs  "
                  f"precision {r['precision']:.3f}  recall {r['recall']:.3f}  F1 {r['f1']:.3f}  "
                  f"(skipped blocks {r['skipped_blocks']})", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
