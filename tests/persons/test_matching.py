"""Cross-list matching on small fixed lists: across scripts, namesakes, competition, reasons."""

from __future__ import annotations

import pytest

from truceline.errors import InvalidValue
from truceline.persons.matching import MatchSettings, match_records
from truceline.persons.models import PersonRecord as P

# list A as one party writes it (Arabic), list B as the other does (Latin and Cyrillic)
A = [
    P("a1", "محمد أحمد حسن الأحمد", "محمد", "أحمد", "حسن", "الأحمد", birth_year=1985, place_of_origin="دوما"),
    P("a2", "عبد الرحمن خالد الحسن", birth_year=1990),
    P("a3", "فاطمة علي الخطيب", "فاطمة", "علي", "", "الخطيب", birth_year=1979),
    P("a4", "يوسف محمود الشامي", birth_year=2001),
]
B = [
    P("b1", "Mohammed Ahmad al-Ahmad", "Mohammed", "Ahmad", "", "al-Ahmad", birth_year=1986, place_of_origin="Douma"),
    P("b2", "Абдуррахман Халид аль-Хасан", birth_year=1990),
    P("b3", "Fatmeh Ali El Khatib", birth_year=None),
    P("b4", "Youssef Mohammed al-Shami", birth_year=2001),  # another father: Mohammed, not Mahmoud
    P("b5", "Ibrahim Yusuf al-Halabi", birth_year=1970),
]


def _pairs(result):
    return {(c.a, c.b) for c in result.matches}


def test_match_records_finds_the_same_person_across_scripts():
    result = match_records(A, B)
    assert {("a1", "b1"), ("a2", "b2"), ("a3", "b3")} <= _pairs(result)


def test_match_records_tells_mohammed_from_mahmoud():
    result = match_records(A, B)
    pair = next(c for c in result.candidates if (c.a, c.b) == ("a4", "b4"))
    assert "father's name differs: 'محمود' vs 'Mohammed'" in pair.why


def test_match_records_explains_what_agreed_and_what_differed():
    result = match_records(A, B)
    pair = next(c for c in result.candidates if (c.a, c.b) == ("a1", "b1"))
    assert 0.5 <= pair.score <= 1.0 and pair.match
    assert "given name agrees: 'محمد' ~ 'Mohammed' (key mhmd)" in pair.why
    assert "family name agrees: 'الأحمد' ~ 'al-Ahmad' (key hmd)" in pair.why
    assert "birth year differs by 1 (1985 vs 1986)" in pair.why
    assert "place of origin agrees: 'دوما' ~ 'Douma' (one place: Douma (SY-RD))" in pair.why
    assert pair.to_dict() == {"a": "a1", "b": "b1", "score": pair.score, "match": True, "why": list(pair.why)}


def test_match_records_lets_namesakes_compete_instead_of_both_matching():
    a = [P("a1", "Mohammed Ahmad al-Ahmad", birth_year=1985)]
    b = [P("b1", "محمد أحمد الأحمد", birth_year=1985), P("b2", "Мухаммед Ахмад аль-Ахмад", birth_year=1985)]
    result = match_records(a, b, settings=MatchSettings(min_score=0.0))
    assert len(result.candidates) == 2 and not result.matches
    assert all(any("fit 'a1' too" in w for w in c.why) for c in result.candidates)


def test_match_records_separates_brothers():
    a = [P("a1", "Khaled Omar Hassan al-Zoubi", birth_year=1980)]
    b = [P("b1", "Walid Omar Hassan al-Zoubi", birth_year=1983)]
    assert not match_records(a, b).matches


def test_match_records_does_not_take_a_brother_born_the_same_year_for_the_person():
    # one record on each side: the same father, family and place in three scripts, another given name
    a = [P("a1", "خالد سعيد العلي", birth_year=1990, place_of_origin="حمص")]
    b = [P("b1", "Мухаммед Саид аль-Али", birth_year=1990, place_of_origin="Хомс")]
    result = match_records(a, b, settings=MatchSettings(min_score=0.0))
    (pair,) = result.candidates
    assert not pair.match and pair.score < 0.5
    assert "same family line under another given name (a brother?)" in pair.why


def test_match_records_knows_a_place_by_its_names_in_every_script():
    a = [P("a1", "Hamza Yasser Tawfiq al-Kilani", birth_year=1971, place_of_origin="حلب")]
    b = [P("b1", "Хамза Ясер Тауфик аль-Килани", birth_year=1971, place_of_origin="Aleppo"),
         P("b2", "Hamza Yasser Tawfiq al-Kilani", birth_year=1971, place_of_origin="Халеб")]
    reasons = {c.b: c.why for c in match_records(a, b, settings=MatchSettings(min_score=0.0)).candidates}
    assert "place of origin agrees: 'حلب' ~ 'Aleppo' (one place: Aleppo (SY-HL))" in reasons["b1"]
    assert "place of origin agrees: 'حلب' ~ 'Халеб' (one place: Aleppo (SY))" in reasons["b2"]


def test_match_records_never_pairs_birth_years_far_apart():
    a = [P("a1", "Ziad Nabil al-Hariri", birth_year=1980)]
    b = [P("b1", "Ziad Nabil al-Hariri", birth_year=1990)]
    assert match_records(a, b).candidates == []


def test_match_records_threshold_decides_match():
    strict = match_records(A, B, settings=MatchSettings(threshold=1.0))
    assert strict.candidates and not strict.matches


@pytest.mark.parametrize("kwargs", [{"threshold": 1.5}, {"min_score": -0.1}, {"year_window": -1}])
def test_match_settings_refuses_values_out_of_range(kwargs):
    with pytest.raises(InvalidValue):
        MatchSettings(**kwargs)


def test_match_records_reports_progress_to_the_end():
    seen = []
    match_records(A, B, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (len(B), len(B))


def test_grandfather_alone_meets_the_father_of_a_three_name_form():
    a = [P("a1", "Aly Omar El Jabry", "Aly", "", "Omar", "El Jabry", birth_year=1994)]
    b = [P("b1", "Aly Omar El Jabry", birth_year=1994)]  # three names: Omar is read as the father
    pair = match_records(a, b).candidates[0]
    assert any("grandfather's name agrees with the father's name of the shorter form" in w for w in pair.why)


def test_vectorised_weights_equal_the_explained_ones():
    import numpy as np

    from truceline.persons.blocking import prepare
    from truceline.persons.scoring import Scorer, weights_for

    extra = [P("a5", "Aly Omar El Jabry", "Aly", "", "Omar", "El Jabry", birth_year=1994),
             P("a6", "Гасан Али аль-Ахмад", birth_year=1980)]
    pa, pb = [prepare(r) for r in A + extra], [prepare(r) for r in B + [P("b6", "حسن علي الأحمد", birth_year=1981)]]
    scorer = Scorer(pa, pb)
    ia, ib = np.repeat(np.arange(len(pa)), len(pb)), np.tile(np.arange(len(pb)), len(pa))
    vector = weights_for(scorer, pa, pb, ia, ib)
    one_by_one = [scorer.weight(pa[i], pb[j]) for i, j in zip(ia, ib, strict=True)]
    assert np.allclose(vector, one_by_one)


def test_overlap_is_estimated_from_the_lists():
    import numpy as np

    from truceline.persons.matching import no_partner_weights

    # ten B records with one strong candidate each, among 100 A records: nearly all have a partner
    lik = np.full(10, 2.0 ** 20)
    k_b, _ = no_partner_weights(lik, lik, lik, 100, 10)
    assert k_b < 100 * 0.1  # far less than "half of them have a partner" (100)
    # weak evidence everywhere: the overlap is estimated low and "no partner" weighs more
    weak = np.full(10, 1.0)
    k_weak, _ = no_partner_weights(weak, weak, weak, 100, 10)
    assert k_weak > 100


def test_a_block_too_large_is_narrowed_by_the_third_name_not_dropped():
    from truceline.persons.blocking import BlockStats, candidate_pairs, prepare

    crowd = [P(f"a{n}", f"Mohammed {father} al-Ahmad") for n, father in
             enumerate(["Ali", "Omar", "Khaled", "Hassan", "Yusuf", "Ali"])]  # unknown years: one big block
    record = [prepare(P("b1", "محمد علي الأحمد"))]
    stats = BlockStats()
    pairs = list(candidate_pairs([prepare(r) for r in crowd], record, max_block=3, stats=stats))
    assert [crowd[i].id for i, _ in pairs] == ["a0", "a5"]  # those whose father is Ali too
    lone = [prepare(P("b2", "محمد الأحمد"))]  # no father's name to narrow by: the block is skipped
    stats = BlockStats()
    assert list(candidate_pairs([prepare(r) for r in crowd], lone, max_block=3, stats=stats)) == []
    assert stats.skipped_blocks == 1


@pytest.mark.parametrize(("arabic", "latin", "level"), [("محمد", "Mahmoud", "differ"), ("محمد", "Mahmood", "differ"),
                                                        ("محمود", "Mahmoud", "agree"), ("محمد", "Mohammed", "agree"),
                                                        ("سعيد", "Saeed", "agree"), ("يوسف", "Youssef", "agree")])
def test_latin_long_vowels_must_be_written_in_the_arabic(arabic, latin, level):
    from truceline.persons.names import name_key
    from truceline.persons.scoring import _level

    assert _level(name_key(arabic), name_key(latin))[0] == level
