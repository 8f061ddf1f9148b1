"""Places of origin through the packaged gazetteer: one place whatever the script or the exonym."""

from __future__ import annotations

import pytest

from truceline.persons.places import place_fold, place_ids, place_label


@pytest.mark.parametrize(("text", "folded"), [
    ("Ar-Raqqah", "raqa"), ("الرقّة", "رقه"), ("Эль-Баб", "баб"), ("  Deir  ez-Zor ", "deir al zor"),
    ("Ma'arrat an-Nu'man", "marat al numan"), ("Maarat al-Numan", "marat al numan"),
])
def test_place_fold(text, folded):
    assert place_fold(text) == folded


@pytest.mark.parametrize("names", [
    ("حلب", "Aleppo", "Halab", "Алеппо", "Халеб"),
    ("اللاذقية", "Latakia", "Lattakia", "Al-Ladhiqiyah", "Латакия"),
    ("دير الزور", "Deir ez-Zor", "Dayr az-Zawr", "Дейр-эз-Зор"),
    # a spelling the data does not list: the inner article and doubled letters folded, and a Russian
    # rendering through its Latin transliteration
    ("معرة النعمان", "Ma'arrat an-Nu'man", "Maarat al-Numan", "Мааррат-эн-Нууман"),
])
def test_one_place_by_its_names_in_every_script(names):
    found = [place_ids(n) for n in names]
    assert all(found) and frozenset.intersection(*found)


def test_unknown_and_too_short_places_resolve_to_nothing():
    assert place_ids("Kafr Nowhere al-Fictional") == frozenset() and place_ids("Hm") == frozenset()


def test_place_label_prefers_the_theatre_pack():
    assert place_label(place_ids("Douma") & place_ids("دوما")) == "Douma (SY-RD)"
    assert place_label(place_ids("Халеб")) == "Aleppo (SY)"
