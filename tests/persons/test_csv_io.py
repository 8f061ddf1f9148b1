"""Reading person lists: encodings, and whole-list refusal with coded, line-numbered problems."""

from __future__ import annotations

import pytest

from truceline.errors import (
    DuplicatePersonId,
    InvalidBirthYear,
    MalformedPersonRow,
    MissingPersonField,
    PersonListColumns,
    PersonListEncoding,
    PersonListError,
)
from truceline.persons.csv_io import COLUMNS, decode_list_bytes, read_person_list
from truceline.persons.models import ListKind

HEADER = ",".join(COLUMNS)
ROWS = ["A1,محمد أحمد الحسن,محمد,أحمد,,الحسن,1985,دوما,", "A2,Fatima Ali,Fatima,,,Ali,,Homs,scar on left hand"]


def _csv(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_read_person_list_detects_the_encoding(encoding):
    plist = read_person_list(_csv(*ROWS).encode(encoding), kind=ListKind.detained, this_year=2026)
    assert [r.id for r in plist.records] == ["A1", "A2"]
    first = plist.records[0]
    assert (first.full_name, first.given_name, first.family_name, first.birth_year) == ("محمد أحمد الحسن", "محمد",
                                                                                     "الحسن", 1985)
    assert first.kind is ListKind.detained and plist.records[1].notes == "scar on left hand"


def test_decode_list_bytes_reads_utf16_without_bom():
    text, enc = decode_list_bytes(_csv(*ROWS).encode("utf-16-le"))
    assert enc == "utf-16-le" and "محمد" in text


def test_read_person_list_refuses_mixed_encodings_with_line_numbers():
    data = (_csv(ROWS[0]).encode("utf-8") + "A3,علي حسن,,,,,,,\n".encode("cp1256"))
    with pytest.raises(PersonListEncoding) as err:
        read_person_list(data)
    assert err.value.code == "E601" and "mixed encodings" in err.value.user_message
    assert [d["line"] for d in err.value.details] == [3]


def test_read_person_list_refuses_nul_bytes():
    with pytest.raises(PersonListEncoding):
        read_person_list(b"id,full_name\n" + b"\x00" * 3 + b"x\n")


@pytest.mark.parametrize(
    ("header", "needle"),
    [("id,given_name", "missing required column(s) full_name"), ("id,full_name,famly_name", "unknown column"),
     ("id,full_name,id", "more than once"), ("", "empty")],
)
def test_read_person_list_refuses_bad_headers(header, needle):
    with pytest.raises(PersonListColumns) as err:
        read_person_list((header + "\n").encode())
    assert needle in err.value.user_message and err.value.code == "E602"


def test_read_person_list_accepts_only_the_required_columns():
    plist = read_person_list(b"full_name,id\nAhmad Khalil,7\n")
    assert plist.records[0].id == "7" and plist.records[0].given_name == ""


@pytest.mark.parametrize(
    ("row", "cls", "needle"),
    [
        ("A1,Ahmad,,,,,1985,,", DuplicatePersonId, "already used on line 2"),
        (",Ahmad,,,,,,,", MissingPersonField, "id"),
        ("A9,,,,,,,,", MissingPersonField, "full_name"),
        ("A9,Ahmad,,,,,85,,", InvalidBirthYear, "four-digit"),
        ("A9,Ahmad,,,,,2090,,", InvalidBirthYear, "outside"),
        ("A9,Ahmad,,,,,1985", MalformedPersonRow, "7 fields"),
    ],
)
def test_read_person_list_refuses_the_whole_list_for_one_bad_row(row, cls, needle):
    with pytest.raises(cls) as err:
        read_person_list(_csv(ROWS[0], row).encode(), this_year=2026)
    assert needle in err.value.user_message
    assert err.value.details == [{"line": 3, "code": cls.code, "message": err.value.details[0]["message"]}]


def test_read_person_list_reports_every_problem_with_a_general_code_when_kinds_differ():
    with pytest.raises(PersonListError) as err:
        read_person_list(_csv(ROWS[0], ",x,,,,,,,", "A1,y,,,,,,,", "A5,z,,,,,19x5,,").encode())
    assert err.value.code == "E600"
    assert [(d["line"], d["code"]) for d in err.value.details] == [(3, "E604"), (4, "E603"), (5, "E605")]
    assert "and 2 more" in err.value.user_message


def test_read_person_list_accepts_arabic_indic_digits_and_skips_blank_lines():
    plist = read_person_list(_csv("A1,أحمد,,,,,١٩٨٥,,", "", ",,,,,,,,").encode(), this_year=2026)
    assert len(plist) == 1 and plist.records[0].birth_year == 1985



def test_optional_event_columns_are_read_and_checked():
    data = (b"id,full_name,event_date,event_place\nx1,Omar Haddad,2016-03,Sednaya\nx2,Ali Hasan,,\n")
    plist = read_person_list(data, this_year=2017)
    assert [(r.event_date, r.event_place) for r in plist.records] == [("2016-03", "Sednaya"), ("", "")]


def test_nisba_and_birth_date_columns_are_read_and_the_birth_year_follows_the_date():
    data = ("id,full_name,birth_year,nisba,birth_date\n"
            "x1,Omar Haddad,,al-Halabi,1985-04-12\n"
            "x2,علي حسن,1990,أبو علي,1990\n"
            "x3,Ali Hasan,1970,,\n").encode()
    records = read_person_list(data, this_year=2017).records
    assert [(r.nisba, r.birth_year, r.birth_date) for r in records] == [
        ("al-Halabi", 1985, "1985-04-12"), ("أبو علي", 1990, "1990"), ("", 1970, "")]


@pytest.mark.parametrize(("year", "born", "message"), [
    ("1984", "1985-04-12", "birth_year 1984 and birth_date 1985-04-12 disagree"),
    ("", "1985-02-30", "birth_date '1985-02-30' is not a real date"),
    ("", "12/04/1985", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("", "2019-01", "birth_date 2019-01 is outside 1900–2017")])
def test_a_birth_date_that_is_wrong_or_disagrees_with_the_year_refuses_the_list(year, born, message):
    data = f"id,full_name,birth_year,birth_date\nx1,Omar Haddad,{year},{born}\n".encode()
    with pytest.raises(PersonListError, match=message) as err:
        read_person_list(data, this_year=2017)
    assert err.value.code == InvalidBirthYear.code


@pytest.mark.parametrize(("value", "message"), [("2016-13", "not a real date"), ("16-03-2016", "not YYYY"),
                                                ("2019", "outside 1900–2017"), ("2016-02-30", "not a real date")])
def test_a_bad_event_date_refuses_the_list(value, message):
    data = f"id,full_name,event_date\nx1,Omar Haddad,{value}\n".encode()
    with pytest.raises(PersonListError, match=message) as err:
        read_person_list(data, this_year=2017)
    assert err.value.code == "E607"
