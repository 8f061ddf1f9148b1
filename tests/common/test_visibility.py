"""A reader's view means the same in memory (``Visibility.admits``) and in SQL (``db/visibility.py``)."""

from __future__ import annotations

import itertools

import pytest

from tests.reports.helpers import T0, report, seed
from truceline.common.models import ReleaseLevel
from truceline.common.paging import Page
from truceline.common.visibility import Visibility, check_released_to
from truceline.errors import InvalidValue
from truceline.registry.models import Party, PartyKind, PartyQuery
from truceline.reports.models import ReportQuery

ALL = Page(limit=1000, offset=0)
VIEWS = {
    "staff": Visibility.all(),
    "public": Visibility.public(),
    "turkey": Visibility(levels=frozenset({ReleaseLevel.public, ReleaseLevel.party_restricted}), party="turkey"),
    "russia": Visibility(levels=frozenset({ReleaseLevel.public, ReleaseLevel.party_restricted}), party="russia"),
    "reporter": Visibility(owner="fr1"),
}
RELEASES = [(ReleaseLevel.public, []), (ReleaseLevel.mechanism, []), (ReleaseLevel.party_restricted, ["turkey"]),
            (ReleaseLevel.party_restricted, ["russia", "turkey"]), (ReleaseLevel.party_restricted, ["russia"])]


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_party_list_matches_admits(any_store, name):
    view = VIEWS[name]
    for n, (release, released_to) in enumerate(RELEASES):
        any_store.parties.add(Party(id=0, key=f"p{n}", name=f"Party {n}", kind=PartyKind.armed_group,
                                    release=release, released_to=released_to, created_at=T0, updated_at=T0))
    expected = sorted(f"p{n}" for n, (release, released_to) in enumerate(RELEASES)
                      if view.admits(release=release, released_to=released_to))
    listed = any_store.parties.list(PartyQuery(view=view), ALL)
    assert sorted(p.key for p in listed.items) == expected and listed.count == len(expected)


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_report_list_matches_admits_with_owners(any_store, name):
    view = VIEWS[name]
    seed(any_store)
    cases = list(itertools.product(RELEASES[:3], [None, "fr1", "fr2"]))
    for n, ((release, released_to), owner) in enumerate(cases):
        any_store.reports.add(report(hours=n, uid=f"r{n}", release=release, released_to=released_to,
                                     submitted_by=owner))
    expected = sorted(f"r{n}" for n, ((release, released_to), owner) in enumerate(cases)
                      if view.admits(release=release, released_to=released_to, submitted_by=owner))
    assert sorted(r.uid for r in any_store.reports.list(ReportQuery(view=view), ALL).items) == expected


def test_public_view_hides_unpublished_records_that_can_be_published():
    view = Visibility.public()
    assert view.admits(release="public", published=True)
    assert not view.admits(release="public", published=False)
    assert view.admits(release="public")  # a record without publication
    assert not view.admits(release="mechanism", published=True)
    assert Visibility.all().admits(release="mechanism", published=False)


def test_released_to_only_with_party_restricted():
    assert check_released_to(ReleaseLevel.party_restricted, ["turkey", "russia", "turkey"]) == ["russia", "turkey"]
    assert check_released_to(ReleaseLevel.public, []) == []
    with pytest.raises(InvalidValue, match="only party_restricted"):
        check_released_to(ReleaseLevel.mechanism, ["turkey"])
