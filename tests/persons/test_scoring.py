"""Comparing name parts and weighing an agreement (``persons/scoring.py``)."""

from __future__ import annotations

import pytest

from truceline.persons.blocking import prepare
from truceline.persons.models import PersonRecord
from truceline.persons.names import name_key
from truceline.persons.scoring import Scorer, TermFrequencies, _level


@pytest.mark.parametrize(("a", "b"), [
    ("al-Asaad", "الأسعد"), ("аль-Асаад", "الأسعد"),  # ع written as a doubled vowel
    ("Abu Ibraheem", "أبو إبراهيم"), ("Abou Ibrahim", "أبو إبراهيم"),  # an alif opening the second word
    ("Assaraf", "al-Sarraf"), ("Ezzein", "аз-Зейн"), ("Al Zain", "Ezzein"),  # an assimilated article glued on
    ("Al Himsi", "al-Homsi"), ("Al Misri", "El Masry"), ("El Gindi", "al-Jundi"),  # a short vowel as heard
    ("Molla", "Mullah"), ("Hamza", "Hamzah"),  # a final h after a vowel
    ("Sabbag", "الصباغ"), ("Sabbag", "al-Sabbagh"),  # a lone Latin g for غ
    ("Moaz", "Muath"),  # Latin th for ذ
])
def test_renderings_of_one_name_agree(a, b):
    assert _level(name_key(a), name_key(b))[0] == "agree"


@pytest.mark.parametrize(("a", "b"), [
    ("الأسد", "الأسعد"),  # al-Asad and al-As'ad: the ع tells them apart in Arabic
    ("Omar", "Amer"), ("Hassan", "Hussein"), ("Kamal", "Gamal"), ("محمد", "Mahmoud"), ("Ali", "Alaa"),
])
def test_other_names_do_not_agree(a, b):
    assert _level(name_key(a), name_key(b))[0] != "agree"


def _records(names: list[str]) -> list:
    return [prepare(PersonRecord(id=f"r{n}", full_name=name, given_name=name)) for n, name in enumerate(names)]


def test_an_agreement_weighs_by_the_records_that_would_agree_with_it_not_by_its_skeleton():
    # Ali and Alaa share the skeleton "l"; Alaa is rare here, Ali common (in both spellings)
    names = ["Ali"] * 60 + ["Aly"] * 40 + ["Alaa"] * 2 + ["Omar"] * 98
    records = _records(names)
    tf = TermFrequencies(records)
    ali, aly, alaa = name_key("Ali"), name_key("Aly"), name_key("Alaa")
    assert tf.mass("given", ali) == tf.mass("given", aly) == 100  # Ali and Aly agree with each other
    assert tf.mass("given", alaa) == 2
    scorer = Scorer(records, records)
    rare = scorer.agree_weight("given", tf.agree_share("given", alaa, alaa))
    common = scorer.agree_weight("given", tf.agree_share("given", ali, aly))
    assert rare > common + 1


def test_two_places_known_as_one_weigh_by_that_place():
    records = [prepare(PersonRecord(id=f"r{n}", full_name="Ali", place_of_origin=place))
               for n, place in enumerate(["Aleppo"] * 10 + ["حلب"] * 10 + ["Douma"] * 5)]
    tf = TermFrequencies(records)
    aleppo = tf.agree_share("origin", records[0].origin, records[10].origin)
    douma = tf.agree_share("origin", records[20].origin, records[21].origin)
    assert aleppo > douma
