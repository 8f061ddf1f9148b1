"""Neutral-intermediary mode: keyed hashes only, overlaps found without names."""

from __future__ import annotations

import json
import re

import pytest

from truceline.errors import PersonHashFileError, PersonSecretError, PersonSecretMismatch
from truceline.persons.models import PersonRecord as P
from truceline.persons.names import name_key, tokens
from truceline.persons.privacy import dump_hash_file, find_overlaps, hash_list, load_hash_file

SECRET = b"0123456789abcdef0123456789abcdef-shared"
A = [P("a1", "محمد أحمد حسن الأحمد", birth_year=1985, place_of_origin="دوما", notes="scar"),
     P("a2", "Zainab Khalil al-Hariri", birth_year=1992)]
B = [P("b1", "Mohammed Ahmad al-Ahmad", birth_year=1986, place_of_origin="Douma"),
     P("b2", "Hiba Nasser al-Kurdi", birth_year=1970)]


def test_hash_file_contains_no_name_text():
    text = dump_hash_file(hash_list(A + B, secret=SECRET, party="p"))
    assert text.isascii()
    lowered = text.lower()
    for record in A + B:
        words = tokens(record.full_name) + [record.place_of_origin.lower(), record.notes, str(record.birth_year)]
        for word in words:
            if len(word) >= 3:
                # a year may turn up inside a hex digest by chance; as a value of its own it must not
                pattern = rf"(?<![0-9a-f]){re.escape(word.lower())}(?![0-9a-f])" if word.isdigit() else re.escape(
                    word.lower())
                assert not re.search(pattern, lowered), word
        for part in record.full_name.split():
            key = name_key(part)
            if len(key.skeleton) >= 3:
                assert f"|{key.skeleton}" not in lowered and f"{key.skeleton}|" not in lowered


def test_find_overlaps_pairs_the_same_person_across_scripts():
    overlaps = find_overlaps(hash_list(A, secret=SECRET), hash_list(B, secret=SECRET))
    matches = [(o.a, o.b) for o in overlaps if o.match]
    assert matches == [("a1", "b1")]
    candidate = next(o for o in overlaps if o.match).to_candidate()
    assert "given and family name with birth year agree (hash)" in candidate.why


def test_find_overlaps_refuses_files_made_with_other_secrets():
    with pytest.raises(PersonSecretMismatch):
        find_overlaps(hash_list(A, secret=SECRET), hash_list(B, secret=SECRET + b"x"))


def test_hash_list_refuses_a_short_secret():
    with pytest.raises(PersonSecretError) as err:
        hash_list(A, secret=b"  short\n")
    assert err.value.code == "E611"


@pytest.mark.parametrize("text", ["not json", "[]", '{"format": "other"}',
                                  '{"format": "truceline-person-hashes/1", "fingerprint": "x", "records": [{}]}'])
def test_load_hash_file_refuses_other_files(text):
    with pytest.raises(PersonHashFileError):
        load_hash_file(text)


def test_load_hash_file_reads_what_dump_wrote():
    data = hash_list(A, secret=SECRET, party="north", kind="detained")
    assert load_hash_file(dump_hash_file(data)) == json.loads(dump_hash_file(data))
