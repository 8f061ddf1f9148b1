"""Scores of the neutral intermediary: how common a shared key is, Good–Turing counts, one-to-one."""

from __future__ import annotations

from collections import Counter

import pytest

from truceline.persons import hash_scoring
from truceline.persons.models import PersonRecord as P
from truceline.persons.privacy import find_overlaps, hash_list

SECRET = b"0123456789abcdef0123456789abcdef-shared"


def _people(n: int, start: int = 0) -> list[P]:
    """Other people, each with names no one else has, so that keys of the lists' own are rare."""
    letters = "bdfklmnrst"  # letters that no spelling rule merges, so that no two fillers share a key
    out = []
    for k in range(start, start + n):
        word = "".join(letters[(k // 10 ** d) % 10] + "a" for d in range(4))
        out.append(P(f"x{k}", f"{word}o {word}u {word}i al-{word}e", birth_year=1950 + k % 50))
    return out


def _overlaps(a: list[P], b: list[P]):
    """The pairs of lists ``a`` and ``b`` among others, half of whom are on both lists (as in an exchange)."""
    a = [*a]
    b = [*b, *_people(20), *_people(20, 500)]
    return {(o.a, o.b): o for o in find_overlaps(hash_list(a, secret=SECRET), hash_list(b, secret=SECRET))}


def test_good_turing_counts_a_unique_value_by_how_often_values_of_its_kind_recur():
    # kind "k": 10 values seen once, 5 twice -> a value seen once stands for 2 * 5 / 10 = 1 record;
    # kind "q": nothing recurs -> a value seen once stands for UNSEEN of a record
    total = Counter({**{f"k:{n}": 1 for n in range(10)}, **{f"k:d{n}": 2 for n in range(5)},
                     **{f"q:{n}": 1 for n in range(10)}})
    counts = hash_scoring.good_turing(total)
    assert counts["k", 1] == pytest.approx(1.0)
    assert counts["q", 1] == pytest.approx(hash_scoring.UNSEEN)
    assert counts["k", 2] == pytest.approx(2 * hash_scoring.UNSEEN)  # nothing seen three times
    assert all(value <= r for (_kind, r), value in counts.items())  # never more than seen


def test_a_rare_shared_name_scores_higher_than_a_common_one():
    """The same kind of agreement (three names, the same year) weighs less when many records bear it."""
    rare_a = P("a-rare", "Zuhair Nizar Tlass", birth_year=1980)
    rare_b = P("b-rare", "زهير نزار طلاس", birth_year=1980)
    common_a = P("a-common", "Mohammed Ahmad al-Ahmad", birth_year=1985)
    common_b = P("b-common", "محمد أحمد الأحمد", birth_year=1985)
    # namesakes of the common name on both lists, born in other years
    namesakes_a = [P(f"a-ns{k}", "Muhammad Ahmed al-Ahmad", birth_year=1950 + k) for k in range(12)]
    namesakes_b = [P(f"b-ns{k}", "Мухаммед Ахмад аль-Ахмад", birth_year=1951 + k) for k in range(12)]
    found = _overlaps([rare_a, common_a, *namesakes_a], [rare_b, common_b, *namesakes_b])
    rare, common = found["a-rare", "b-rare"], found["a-common", "b-common"]
    assert rare.match and rare.score > common.score
    assert {"gpf", "gpfy"} <= set(common.kinds)


def test_namesakes_with_equal_keys_share_the_chance_instead_of_both_matching():
    a = [P("a1", "Omar Khaled al-Hariri", birth_year=1990), P("a2", "عمر خالد الحريري", birth_year=1990)]
    b = [P("b1", "Omar Khalid al-Hariri", birth_year=1990)]
    found = _overlaps(a, b)
    one, two = found["a1", "b1"], found["a2", "b1"]
    assert not one.match and not two.match
    assert one.score == pytest.approx(two.score, rel=0.01)


def test_the_place_of_origin_meets_across_scripts_and_tells_a_namesake_apart():
    """Дарайя and داريا are one place in the gazetteer, though each script knows other places by the name."""
    a = [P("a1", "Yasser Fouad al-Sheikh", birth_year=1975, place_of_origin="داريا"),
         P("a2", "Yasser Fouad al-Sheikh", birth_year=1975, place_of_origin="Raqqa")]
    b = [P("b1", "Ясир Фуад аш-Шейх", birth_year=1975, place_of_origin="Дарайя")]
    found = _overlaps(a, b)
    assert found["a1", "b1"].match and "gpfo" in found["a1", "b1"].kinds
    assert ("a2", "b1") not in found or found["a2", "b1"].score < 0.5


def test_without_a_father_on_one_side_given_and_family_name_year_and_place_still_match():
    a = [P("a1", "Rima Haddad", given_name="Rima", family_name="Haddad", birth_year=1988,
           place_of_origin="Homs")]
    b = [P("b1", "ريما سليم حداد", birth_year=1989, place_of_origin="حمص")]
    pair = _overlaps(a, b)["a1", "b1"]
    assert pair.match and {"gfy", "gfyo"} <= set(pair.kinds)
    assert "given and family name with birth year and place of origin agree (hash)" in pair.to_candidate().why
