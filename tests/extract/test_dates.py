from __future__ import annotations

from datetime import date

import pytest

from truceline.extract.dates import find_dates

ANCHOR = date(2017, 10, 30)  # a Monday


@pytest.mark.parametrize("text,first,until,precision", [
    ("said on Saturday that", date(2017, 10, 28), None, "day"),
    ("was held on Thursday and Friday.", date(2017, 10, 26), date(2017, 10, 27), "days"),
    ("being established since the start of May in line", date(2017, 5, 1), ANCHOR, "month"),
    ("signed the December 29 ceasefire deal", date(2016, 12, 29), None, "day"),
    ("the meeting on February 15-16", date(2017, 2, 15), date(2017, 2, 16), "days"),
    ("the meeting on November 3", date(2017, 11, 3), None, "day"),
    ("On 20 February 2018, warplanes", date(2018, 2, 20), None, "day"),
    ("clashes yesterday", date(2017, 10, 29), None, "day"),
    ("said on Monday", ANCHOR, None, "day"),
])
def test_find_dates_resolves_against_the_dateline(text, first, until, precision):
    found = find_dates(text, anchor=ANCHOR)
    assert len(found) == 1
    d = found[0]
    assert (d.date, d.until, d.precision) == (first, until, precision)
    assert text[d.start:d.end] == d.text


def test_find_dates_without_anchor_finds_nothing():
    assert find_dates("on Saturday", anchor=None) == []
