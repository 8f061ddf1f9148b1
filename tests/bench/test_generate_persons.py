"""The synthetic person lists: deterministic, with the truth they claim, and matched well enough."""

from __future__ import annotations

from bench.bench_persons import quality
from bench.generate_persons import generate_pair, write_csv

from truceline.persons.csv_io import read_person_list
from truceline.persons.matching import match_records
from truceline.persons.names import detect_script


def test_generate_pair_is_deterministic_and_its_truth_names_real_ids():
    one, two = generate_pair(300, seed=3), generate_pair(300, seed=3)
    assert [r.full_name for r in one.b] == [r.full_name for r in two.b] and one.truth == two.truth
    ids_a, ids_b = {r.id for r in one.a}, {r.id for r in one.b}
    assert len(one.truth) == 150 and all(a in ids_a and b in ids_b for a, b in one.truth)


def test_generate_pair_writes_in_three_scripts():
    pair = generate_pair(300)
    assert {detect_script(r.full_name) for r in pair.b} >= {"arabic", "latin", "cyrillic"}


def test_write_csv_gives_a_list_the_reader_accepts(tmp_path):
    pair = generate_pair(200)
    write_csv(pair.b, tmp_path / "b.csv")
    plist = read_person_list((tmp_path / "b.csv").read_bytes())
    assert [r.id for r in plist.records] == [r.id for r in pair.b]


def test_matching_a_small_synthetic_pair_keeps_f1_high():
    pair = generate_pair(2000, seed=11)
    result = match_records(pair.a, pair.b)
    precision, recall, f1 = quality({(c.a, c.b) for c in result.matches}, pair.truth)
    assert f1 >= 0.9, (precision, recall, f1)


def test_ambiguity_counts_true_pairs_with_a_look_alike():
    from bench.bench_persons import ambiguity

    small, larger = ambiguity(500, seed=3), ambiguity(4000, seed=3)
    assert 0 < small["with_look_alike"] < small["true_pairs"] == 250
    assert larger["share"] > small["share"]  # denser lists, more look-alikes


def test_the_canonical_world_holds_the_same_records_in_one_spelling():
    written, canonical = generate_pair(2000, seed=5), generate_pair(2000, seed=5, canonical=True)
    assert written.truth == canonical.truth
    for w, c in zip(written.b, canonical.b, strict=True):
        # the same parts given or left out, the same years; every name in Latin
        assert (bool(w.given_name), bool(w.father_name), bool(w.grandfather_name), w.birth_year,
                bool(w.place_of_origin)) == (bool(c.given_name), bool(c.father_name), bool(c.grandfather_name),
                                             c.birth_year, bool(c.place_of_origin))
        assert detect_script(c.full_name) == "latin"


def test_calibration_reports_the_share_of_true_pairs_per_tenth_of_the_score():
    from bench.bench_persons import calibration

    rows = calibration(1000, seed=3)
    assert [low for low, _, _ in rows] == [k / 10 for k in range(10)]
    assert sum(count for _, count, _ in rows) > 0
    assert rows[9][2] > 0.9 > rows[0][2]  # high scores are mostly true pairs, low ones mostly not
