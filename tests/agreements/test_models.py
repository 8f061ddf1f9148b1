"""Pure agreement logic: versions of the terms by amendment, being in force, list filters."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.agreements.seed import ASTANA_MEMORANDUM
from truceline.agreements.models import Agreement, AgreementQuery, Amendment, TermChanges

NOW = datetime(2017, 10, 30, tzinfo=UTC)


def _astana(**kw) -> Agreement:
    return Agreement.model_validate({**ASTANA_MEMORANDUM, "id": 1, "created_at": NOW, "updated_at": NOW, **kw})


AMENDMENTS = [
    {"number": 1, "adopted_on": "2017-10-31", "summary": "Extended for six months",
     "changes": {"expires_on": "2018-05-06"}},
    {"number": 2, "adopted_on": "2018-05-01", "summary": "Made open-ended, Iran leaves the guarantors",
     "changes": {"expires_on": None, "guarantors": ["russia", "turkey"]}},
]


@pytest.mark.parametrize("at, expires_on, guarantors, amendment", [
    (date(2017, 5, 4), date(2017, 11, 6), ["russia", "turkey", "iran"], 0),
    (date(2017, 10, 30), date(2017, 11, 6), ["russia", "turkey", "iran"], 0),
    (date(2017, 10, 31), date(2018, 5, 6), ["russia", "turkey", "iran"], 1),
    (date(2018, 5, 1), None, ["russia", "turkey"], 2),
])
def test_terms_on_applies_amendments_adopted_by_that_day(at, expires_on, guarantors, amendment):
    terms = _astana(amendments=AMENDMENTS).terms_on(at)
    assert (terms.expires_on, terms.guarantors, terms.amendment) == (expires_on, guarantors, amendment)
    assert terms.excluded_groups == ["isil", "jabhat-al-nusra"]  # never amended: the base terms hold
    assert [p.key for p in terms.provisions] == ["cessation", "access", "observers", "return"]


@pytest.mark.parametrize("at, in_force", [
    (date(2017, 5, 4), False),  # signed, not yet effective
    (date(2017, 5, 6), True),
    (date(2017, 11, 5), True),
    (date(2017, 11, 6), False),  # expires_on is the first day no longer in force
])
def test_in_force_on_uses_effective_from_and_expiry(at, in_force):
    assert _astana().in_force_on(at) is in_force


def test_in_force_on_follows_an_amended_expiry():
    astana = _astana(amendments=AMENDMENTS[:1])
    assert astana.in_force_on(date(2017, 12, 1)) and not astana.in_force_on(date(2018, 5, 6))


def test_in_force_on_without_any_date_is_false():
    assert not _astana(signed_on=None, effective_from=None).in_force_on(date(2017, 6, 1))


def test_as_of_shows_the_terms_and_amendments_of_that_day():
    then = _astana(amendments=AMENDMENTS).as_of(date(2017, 12, 1))
    assert then.expires_on == date(2018, 5, 6) and [a.number for a in then.amendments] == [1]
    assert then.extension_terms == ASTANA_MEMORANDUM["extension_terms"]


def test_term_changes_keep_what_was_given_through_json():
    changes = TermChanges.model_validate({"expires_on": None, "guarantors": ["russia"]})
    assert changes.changed() == ["expires_on", "guarantors"]
    dumped = Amendment(number=1, adopted_on=date(2018, 1, 1), summary="s", changes=changes).model_dump(mode="json")
    assert dumped["changes"] == {"expires_on": None, "guarantors": ["russia"]}
    assert Amendment.model_validate(dumped).changes.changed() == ["expires_on", "guarantors"]


@pytest.mark.parametrize("query, hit", [
    (AgreementQuery(kind="memorandum"), True),
    (AgreementQuery(kind="ceasefire"), False),
    (AgreementQuery(q="DE-ESCALATION areas"), True),
    (AgreementQuery(q="Geneva"), False),
    (AgreementQuery(party="iran"), True),  # a guarantor of the base terms
    (AgreementQuery(party="syria"), False),
    (AgreementQuery(party="iran", at=date(2018, 5, 2)), False),  # no longer a guarantor then
    (AgreementQuery(party="turkey", at=date(2018, 5, 2)), True),
    (AgreementQuery(at=date(2017, 1, 1)), False),
])
def test_query_matches(query, hit):
    assert query.matches(_astana(signatories=["russia", "turkey"], amendments=AMENDMENTS)) is hit
