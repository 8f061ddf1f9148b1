"""Name keys across Arabic, Latin and Cyrillic script, and splitting full names into parts."""

from __future__ import annotations

import pytest

from truceline.persons.names import detect_script, name_key, normalize_arabic, split_full_name


@pytest.mark.parametrize(
    "variants",
    [
        ["محمد", "Mohammed", "Muhammad", "Mohamad", "Mohamed", "Мухаммед", "Mhd"],
        ["عبد الرحمن", "عبدالرحمن", "Abdulrahman", "Abd al-Rahman", "Abdel Rahman", "Abdurrahman", "Абдуррахман"],
        ["الحسن", "al-Hassan", "Al Hasan", "El Hassan", "Alhassan", "аль-Хасан"],
        ["عبد الله", "Abdullah", "Abdallah", "Abd Allah", "Абдулла"],
        ["فاطمة", "فاطمه", "Fatima", "Fatmeh", "Фатима"],
        ["يوسف", "Yusuf", "Youssef", "Юсуф"],
        ["مصطفى", "Mustafa", "Moustafa", "Мустафа"],
        ["خالد", "Khaled", "Khalid", "Халид"],
        ["وليد", "Walid", "Oualid", "Валид"],
        ["جمال", "Jamal", "Gamal", "Djamal", "Джамаль"],
        ["نور الدين", "Nour al-Din", "Nureddin", "Нуреддин"],
    ],
)
def test_name_key_gives_one_skeleton_for_every_rendering(variants):
    skeletons = {name_key(v).skeleton for v in variants}
    assert len(skeletons) == 1, {v: name_key(v).skeleton for v in variants}


@pytest.mark.parametrize(("a", "b"), [("أحمد", "احمد"), ("إبراهيم", "ابراهيم"), ("مصطفى", "مصطفي"),
                                      ("فاطمة", "فاطمه"), ("مُحَمَّد", "محمد"), ("محـــمد", "محمد"), ("مؤمن", "مومن")])
def test_normalize_arabic_folds_spelling_variants(a, b):
    assert normalize_arabic(a) == normalize_arabic(b)


@pytest.mark.parametrize(("a", "b"), [("Mohammed", "Ahmed"), ("Hassan", "Khalil"), ("Omar", "Amer"),
                                      ("عمر", "عامر")])
def test_name_key_keeps_different_names_apart(a, b):
    assert name_key(a).skeleton != name_key(b).skeleton or name_key(a).form != name_key(b).form


@pytest.mark.parametrize(("text", "script"), [("محمد", "arabic"), ("Mohammed", "latin"), ("Мухаммед", "cyrillic"),
                                              ("Mohammed محمد", "mixed"), ("123", "")])
def test_detect_script_names_the_script(text, script):
    assert detect_script(text) == script


@pytest.mark.parametrize(
    ("full", "parts"),
    [
        ("Mohammed bin Ahmed al-Hassan", ("Mohammed", "Ahmed", "", "al-Hassan")),
        ("محمد أحمد حسن الأحمد", ("محمد", "أحمد", "حسن", "الأحمد")),
        ("Abd al-Rahman Khalid Abu Bakr al-Shami", ("Abd al-Rahman", "Khalid", "Abu Bakr", "al-Shami")),
        ("Nour al-Din Zaki", ("Nour al-Din", "", "", "Zaki")),
        ("Ahmad bin Khalid", ("Ahmad", "Khalid", "", "")),
        ("Мухаммед Ахмед аль-Хасан", ("Мухаммед", "Ахмед", "", "аль-Хасан")),
        ("Fatima", ("Fatima", "", "", "")),
    ],
)
def test_split_full_name_follows_arab_naming_order(full, parts):
    s = split_full_name(full)
    assert (s.given, s.father, s.grandfather, s.family) == parts


def test_name_key_of_empty_text_is_empty():
    assert not name_key("") and not name_key("   ")


@pytest.mark.parametrize("text", ["'", "ʿ-ʾ", "ال", "ь", "al-", "Abd", "بن"])
def test_name_key_survives_fragments(text):
    assert isinstance(name_key(text).skeleton, str)


@pytest.mark.parametrize(
    ("a", "b"),
    [("عثمان", "Osman"), ("عثمان", "Усман"), ("Othman", "Osman"), ("معاذ", "Muath"), ("معاذ", "Moaz"),
     ("حسن", "Гасан"), ("غسان", "Гассан"), ("إبراهيم", "Ибрагим"), ("هيثم", "Haitham")],
)
def test_letters_read_two_ways_give_meeting_readings(a, b):
    x, y = name_key(a), name_key(b)
    assert x.skeleton in x.alts and y.skeleton in y.alts
    assert x.alts & y.alts, (x.alts, y.alts)


@pytest.mark.parametrize(("a", "b"), [("Гасан", "Hussein"), ("عثمان", "Tamim"), ("حسن", "غسان")])
def test_readings_do_not_join_other_names(a, b):
    from truceline.persons.scoring import _level

    assert _level(name_key(a), name_key(b))[0] != "agree"


@pytest.mark.parametrize(
    ("full", "family"),
    [("علي علي الحاج علي", "الحاج علي"), ("Ali Ali al-Hajj Ali", "al-Hajj Ali"),
     ("Али Али аль-Хадж Али", "аль-Хадж Али"), ("Hassan Mohammed Hajj", "Hajj")],
)
def test_hajj_joins_the_family_name(full, family):
    assert split_full_name(full).family == family
