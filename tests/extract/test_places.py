from __future__ import annotations

import pytest

from truceline.extract.gazetteer import MemoryGazetteer, fold, load_pack
from truceline.extract.models import GazetteerEntry
from truceline.extract.places import locate

HOMS_GOV = GazetteerEntry(id="t:SY-HI", name="Homs", lat=34.7, lon=37.7, kind="admin1", country_code="SY",
                          admin1="SY-HI")
AL_BAB = GazetteerEntry(id="t:al-bab", name="al-Bab", lat=36.371, lon=37.516, kind="town", country_code="SY",
                        admin1="SY-HL")
DEIR = GazetteerEntry(id="t:dz", name="Deir ez-Zor", lat=35.336, lon=40.141, kind="town", country_code="SY",
                      admin1="SY-DY")
MOSCOW = GazetteerEntry(id="g:1", name="Moscow", lat=55.75, lon=37.62, kind="town", country_code="RU", admin1="RU.48",
                        capital=True)


def _locate(text, phrase, entry):
    start = text.index(phrase)
    return locate(text, start, start + len(phrase), entry)


def test_locate_direction_of_a_province_is_a_district_north_of_its_centre():
    text = "observers stationed to the north of the Homs province."
    place = _locate(text, "Homs province", HOMS_GOV)
    assert place.precision == "district" and place.lat > HOMS_GOV.lat
    assert text[place.start:place.end] == "to the north of the Homs province"


def test_locate_near_the_town_of():
    text = "the operation near the town of al-Bab continued"
    place = _locate(text, "al-Bab", AL_BAB)
    assert place.precision == "near" and text[place.start:place.end] == "near the town of al-Bab"


def test_locate_in_the_south_of_a_town_is_near():
    place = _locate("units in the south of Deir ez-Zor following", "Deir ez-Zor", DEIR)
    assert place.precision == "near" and place.lat < DEIR.lat


@pytest.mark.parametrize("text", [
    "Moscow expects closer interaction", "closer interaction with Moscow on Syria",
    "mediate talks between Ankara and Moscow", "MOSCOW (Sputnik) — Moscow is conducting the operation",
    "Pullout from Syria does not mean Moscow dislikes Assad's stance", "it seems Moscow does not like the plan",
])
def test_locate_skips_a_capital_standing_for_its_government(text):
    start = text.rindex("Moscow")
    assert locate(text, start, start + 6, MOSCOW) is None


@pytest.mark.parametrize("text", [
    "a press conference in Moscow on Thursday", "mortar fire on Moscow has killed dozens",
    "the Moscow talks ended", "Moscow suburbs were shelled",
])
def test_locate_keeps_a_capital_as_a_place(text):
    assert _locate(text, "Moscow", MOSCOW).precision == "town"


@pytest.mark.parametrize("a,b", [("Ar-Raqqah", "Raqqa"), ("Al Bāb", "al-Bab"), ("Ḩamāh", "Hama")])
def test_fold_matches_transliterations(a, b):
    assert fold(a) == fold(b)


def test_memory_gazetteer_lookup_prefers_first_entries():
    gaz = MemoryGazetteer(entries=[AL_BAB, DEIR], phrases=[], names={AL_BAB.id: ["al-Bab", "Al Bab"]})
    assert gaz.lookup("AL BAB") == [AL_BAB] and gaz.get(DEIR.id) == DEIR


def test_syria_pack_is_data_with_iso_codes():
    pack = load_pack("syria")
    codes = {a["code"] for a in pack["admin1"]}
    assert len(codes) == 14 and "SY-DI" in codes
    names = {n for f in pack["features"] for n in f["names"]}
    assert {"Eastern Ghouta", "Hmeimim", "حميميم"} <= names
