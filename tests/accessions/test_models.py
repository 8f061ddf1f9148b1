"""Pure accession logic: being in force, overlaps, step dates and counts over time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from truceline.accessions.models import Accession, AccessionQuery, Step, counts_over_time, step_dates

NOW = datetime(2017, 10, 30, tzinfo=UTC)


def _accession(joined_on: date, withdrawn_on: date | None = None, **kw) -> Accession:
    subject = kw if kw else {"party": "jaysh-al-islam"}
    return Accession(id=1, key="k", agreement="astana-memorandum-2017", joined_on=joined_on,
                     withdrawn_on=withdrawn_on, created_at=NOW, updated_at=NOW, **subject)


DOUMA = {"settlement": {"name": "Douma", "lat": 33.57, "lon": 36.40, "admin_area": "Rif Dimashq"}}


@pytest.mark.parametrize("at, in_force", [
    (date(2017, 7, 21), False), (date(2017, 7, 22), True), (date(2017, 9, 30), True), (date(2017, 10, 1), False),
])
def test_accession_in_force_on_is_half_open(at, in_force):
    assert _accession(date(2017, 7, 22), date(2017, 10, 1)).in_force_on(at) is in_force


@pytest.mark.parametrize("other, overlaps", [
    (_accession(date(2017, 10, 1)), False),  # starts the day the first ends
    (_accession(date(2017, 9, 30)), True),
    (_accession(date(2017, 1, 1), date(2017, 7, 23)), True),
    (_accession(date(2017, 8, 1), date(2017, 8, 1)), False),  # an empty interval holds no day
])
def test_accession_overlaps(other, overlaps):
    assert _accession(date(2017, 7, 22), date(2017, 10, 1)).overlaps(other) is overlaps


def test_accession_subject_of_a_settlement_ignores_case_and_location():
    douma = _accession(date(2017, 7, 22), **DOUMA)
    other = _accession(date(2017, 7, 22), settlement={"name": "DOUMA", "lat": 0, "lon": 0,
                                                      "admin_area": "Rif Dimashq"})
    assert douma.subject() == other.subject() != _accession(date(2017, 7, 22)).subject()


@pytest.mark.parametrize("start, end, step, expected", [
    (date(2017, 7, 30), date(2017, 8, 2), Step.day,
     [date(2017, 7, 30), date(2017, 7, 31), date(2017, 8, 1), date(2017, 8, 2)]),
    (date(2017, 7, 1), date(2017, 7, 22), Step.week,
     [date(2017, 7, 1), date(2017, 7, 8), date(2017, 7, 15), date(2017, 7, 22)]),
    (date(2017, 12, 31), date(2018, 3, 31), Step.month,
     [date(2017, 12, 31), date(2018, 1, 31), date(2018, 2, 28), date(2018, 3, 31)]),
    (date(2017, 7, 2), date(2017, 7, 1), Step.day, []),
])
def test_step_dates(start, end, step, expected):
    assert step_dates(start, end, step=step) == expected


def test_counts_over_time_counts_groups_and_settlements_in_force():
    accessions = [
        _accession(date(2017, 7, 22)),
        _accession(date(2017, 8, 18), date(2017, 10, 1), party="faylaq-al-rahman"),
        _accession(date(2017, 7, 22), **DOUMA),
    ]
    points = counts_over_time(accessions, [date(2017, 7, 1), date(2017, 8, 1), date(2017, 9, 1), date(2017, 10, 1)])
    assert [(p.groups, p.settlements) for p in points] == [(0, 0), (1, 1), (2, 1), (1, 1)]


@pytest.mark.parametrize("query, hit", [
    (AccessionQuery(agreement="astana-memorandum-2017", at=date(2017, 8, 1)), True),
    (AccessionQuery(agreement="ceasefire-2016-12-29"), False),
    (AccessionQuery(party="jaysh-al-islam"), False),
    (AccessionQuery(q="dou"), True),
    (AccessionQuery(at=date(2017, 7, 1)), False),
])
def test_query_matches(query, hit):
    assert query.matches(_accession(date(2017, 7, 22), **DOUMA)) is hit
