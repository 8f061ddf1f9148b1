from __future__ import annotations

from datetime import date

import pytest

from truceline.extract.dateline import find_dateline, header_date, infer_year

REF = date(2017, 11, 1)


@pytest.mark.parametrize("text,place,when,outlet", [
    ("MOSCOW, February 13. /TASS/. Moscow expects", "Moscow", date(2017, 2, 13), "TASS"),
    ("ASTANA, October 30./TASS/. Russia is ready", "Astana", date(2017, 10, 30), "TASS"),
    ("Moscow, SANA – Russia’s actions", "Moscow", None, "SANA"),
    ("MOSCOW (Sputnik) — Moscow is conducting", "Moscow", None, "Sputnik"),
    ("BEIRUT, March 4, 2018 (Reuters) - Government shelling", "Beirut", date(2018, 3, 4), "Reuters"),
    ("GENEVA, 5 March 2018 – An inter-agency convoy", "Geneva", date(2018, 3, 5), None),
    ("Headline\n\n   ANKARA (AA) – The Turkish Armed Forces", "Ankara", None, "AA"),
])
def test_find_dateline_styles(text, place, when, outlet):
    dl = find_dateline(text, reference_date=REF)
    assert (dl.place, dl.date, dl.outlet) == (place, when, outlet)


def test_find_dateline_takes_garbled_header_date():
    text = "21:47 GMT +316 September 2017\n  Title\n\n MOSCOW (Sputnik) — Text."
    assert find_dateline(text, reference_date=None).date == date(2017, 9, 16)


@pytest.mark.parametrize("header,when", [
    ("21:47 GMT +316 September 2017", date(2017, 9, 16)),
    ("14:05 GMT +322 October 2017", date(2017, 10, 22)),
    ("Date: 2017-08-09", date(2017, 8, 9)),
    ("Published: 22 February 2018", date(2018, 2, 22)),
])
def test_header_date(header, when):
    assert header_date(f"Title\n{header}\n\nBody.", reference_date=None) == when


def test_infer_year_never_after_the_reference_date():
    assert infer_year(12, 29, reference_date=date(2017, 2, 13)) == date(2016, 12, 29)
    assert infer_year(2, 13, reference_date=date(2017, 2, 13)) == date(2017, 2, 13)
    assert infer_year(2, 13, reference_date=None) is None
