"""The authorization matrix: every role (and anonymous) × resource × action, against a spec written here.

The spec is typed out independently of ``policy.py``, so that a wrong edit of the table fails a test.
Letters: A admin, N analyst, F field reporter, L party liaison, P public reader; ``-`` nobody.
"""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest

from truceline.accounts.models import Role
from truceline.accounts.policy import (
    PERMISSIONS,
    Action,
    Principal,
    Resource,
    can,
    record_visible,
    visibility,
    visible_release_levels,
)
from truceline.common.models import ReleaseLevel

ACTIONS = ["read", "create", "update", "delete", "triage", "grade", "publish", "confirm", "import", "export",
           "history"]
SPEC_TEXT = """
resource        read   create update delete triage grade publish confirm import export history
parties         ANFLP  AN     AN     A      -      -     -       -       AN     ANFLP   AN
agreements      ANFLP  AN     AN     A      -      -     -       -       AN     ANFLP   AN
accessions      ANFLP  AN     AN     A      -      -     -       -       AN     ANFLP   AN
zones           ANFLP  AN     AN     A      -      -     -       -       AN     ANFLP   AN
posts           ANFLP  AN     AN     A      -      -     -       -       AN     ANFLP   AN
talks           ANFLP  AN     AN     A      -      -     -       -       AN     ANFLP   AN
sources         AN     AN     AN     A      -      -     -       -       AN     AN      AN
reports         ANFL   ANF    ANF    A      AN     -     -       -       AN     AN      AN
incidents       ANFLP  -      AN     A      AN     AN    AN      -       -      ANFLP   AN
confirmations   ANL    AN     -      A      -      -     -       ANL     -      -       -
users           A      A      A      A      -      -     -       -       -      -       -
tokens          ANFLP  ANFLP  -      ANFLP  -      -     -       -       -      -       -
bulletins       ANFLP  AN     AN     A      -      -     AN      -       -      ANFLP   -
exports         ANFLP  AN     -      A      -      -     -       -       -      ANFLP   -
person_lists    ANL    ANL    ANL    A      -      -     -       -       ANL    ANL     -
person_access_log A    -      -      -      -      -     -       -       -      A       -
person_matches  AN     AN     -      A      -      -     -       AN      -      -       -
exchange_operations ANL AN     AN     A      -      -     -       -       -      ANL     -
hazard_areas    ANFLP  AN     AN     A      -      -     -       -       AN     ANFLP   AN
windows         ANFLP  AN     AN     A      -      -     -       -       AN     ANFLP   AN
documents       ANF    ANF    -      A      -      -     -       -       -      -       -
statements      AN     -      -      A      AN     -     -       -       -      -       AN
"""
LETTER = {"admin": "A", "analyst": "N", "field_reporter": "F", "party_liaison": "L", "public_reader": "P"}


def _spec() -> dict[tuple[str, str], str]:
    lines = [ln.split() for ln in SPEC_TEXT.strip().splitlines()]
    assert lines[0][1:] == ACTIONS
    return {(row[0], action): cell for row in lines[1:] for action, cell in zip(ACTIONS, row[1:], strict=True)}


SPEC = _spec()


def user(role: str, *, name: str = "someone", party: str | None = None) -> Principal:
    return Principal(role=Role(role), username=name, user_id=1, party=party, via="session")


def test_spec_covers_every_resource_and_action_of_the_policy():
    assert {r for r, _ in SPEC} == {r.value for r in Resource} == {r.value for r in PERMISSIONS}
    assert [a.value for a in Action] == ACTIONS


@pytest.mark.parametrize(("resource", "action", "role"),
                         list(itertools.product([r.value for r in Resource], ACTIONS, list(LETTER))))
def test_role_level_matrix(resource, action, role):
    party = "turkey" if role == "party_liaison" else None
    expected = LETTER[role] in SPEC[(resource, action)]
    assert can(user(role, party=party), action, resource) is expected


@pytest.mark.parametrize(("resource", "action"), list(itertools.product([r.value for r in Resource], ACTIONS)))
def test_anonymous_may_only_read_what_public_readers_read(resource, action):
    expected = action in ("read", "export") and resource not in ("tokens", "users") and "P" in SPEC[(resource, action)]
    assert can(Principal.anonymous(), action, resource) is expected


def rec(**fields):
    return SimpleNamespace(**fields)


INCIDENTS = {
    "public_published": rec(release="public", published=True, released_to=[]),
    "public_unpublished": rec(release="public", published=False, released_to=[]),
    "mechanism": rec(release="mechanism", published=True, released_to=[]),
    "restricted_turkey": rec(release="party_restricted", published=False, released_to=["turkey"]),
    "restricted_russia": rec(release="party_restricted", published=True, released_to=["russia"]),
}
# who reads which incident: (role, party or username) -> visible record names
INCIDENT_READERS = {
    "anonymous": {"public_published"},
    "public_reader": {"public_published"},
    "field_reporter": {"public_published"},
    "party_liaison": {"public_published", "restricted_turkey"},
    "analyst": set(INCIDENTS),
    "admin": set(INCIDENTS),
}


def principal_for(who: str) -> Principal:
    if who == "anonymous":
        return Principal.anonymous()
    return user(who, name="fr1", party="turkey" if who == "party_liaison" else None)


@pytest.mark.parametrize(("who", "name"), list(itertools.product(INCIDENT_READERS, INCIDENTS)))
def test_incident_reads_follow_release_level_and_publication(who, name):
    expected = name in INCIDENT_READERS[who]
    assert can(principal_for(who), "read", "incidents", INCIDENTS[name]) is expected
    assert can(principal_for(who), "export", "incidents", INCIDENTS[name]) is expected


REPORTS = {
    "own_candidate": rec(release="mechanism", submitted_by="fr1", status="candidate"),
    "own_accepted": rec(release="mechanism", submitted_by="fr1", status="accepted"),
    "other_candidate": rec(release="mechanism", submitted_by="fr2", status="candidate"),
    "restricted_turkey": rec(release="party_restricted", released_to=["turkey"], submitted_by="x", status="accepted"),
}
# (who, action) -> reports allowed
REPORT_RULES = {
    ("field_reporter", "read"): {"own_candidate", "own_accepted"},
    ("field_reporter", "update"): {"own_candidate"},
    ("field_reporter", "create"): {"own_candidate", "own_accepted"},
    ("field_reporter", "triage"): set(),
    ("party_liaison", "read"): {"restricted_turkey"},
    ("party_liaison", "update"): set(),
    ("public_reader", "read"): set(),
    ("anonymous", "read"): set(),
    ("analyst", "update"): set(REPORTS),
    ("analyst", "triage"): set(REPORTS),
    ("admin", "delete"): set(REPORTS),
    ("analyst", "delete"): set(),
}


@pytest.mark.parametrize(("who", "action", "name"),
                         [(w, a, n) for (w, a) in REPORT_RULES for n in REPORTS])
def test_report_ownership_and_release(who, action, name):
    assert can(principal_for(who), action, "reports", REPORTS[name]) is (name in REPORT_RULES[(who, action)])


@pytest.mark.parametrize(("resource", "action"), [("confirmations", "confirm"), ("confirmations", "read"),
                                                  ("person_lists", "read"), ("person_lists", "update"),
                                                  ("person_lists", "create"), ("person_lists", "export")])
def test_liaison_handles_only_their_own_partys_records(resource, action):
    liaison = user("party_liaison", party="turkey")
    assert can(liaison, action, resource, {"party": "turkey"}) is True
    assert can(liaison, action, resource, {"party": "russia"}) is False
    assert can(user("analyst"), action, resource, {"party": "russia"}) is True
    assert can(user("party_liaison", party=None), action, resource, {"party": "turkey"}) is False
    for role in ("field_reporter", "public_reader"):
        assert can(user(role), action, resource, {"party": "turkey"}) is False
    assert can(Principal.anonymous(), action, resource, {"party": "turkey"}) is False


def test_person_lists_ignore_release_levels_for_liaisons():
    liaison = user("party_liaison", party="turkey")
    assert can(liaison, "read", "person_lists", {"party": "russia", "release": "public"}) is False


@pytest.mark.parametrize("action", ["read", "delete"])
def test_tokens_belong_to_their_holder_and_admins_see_all(action):
    token = {"username": "amal"}
    assert can(user("public_reader", name="amal"), action, "tokens", token) is True
    assert can(user("analyst", name="bob"), action, "tokens", token) is True  # staff: every record
    assert can(user("field_reporter", name="bob"), action, "tokens", token) is False
    assert can(user("admin", name="root"), action, "tokens", token) is True


def test_records_without_a_release_level_are_the_mechanisms_only():
    assert record_visible(user("public_reader"), {"name": "x"}) is False
    assert record_visible(user("analyst"), {"name": "x"}) is True
    assert record_visible(user("public_reader"), {"release": "public"}) is True  # a register record: no publishing


def test_visible_release_levels_by_role():
    P, M, R = ReleaseLevel.public, ReleaseLevel.mechanism, ReleaseLevel.party_restricted
    assert visible_release_levels(Principal.anonymous()) == {P}
    assert visible_release_levels(user("public_reader")) == {P}
    assert visible_release_levels(user("field_reporter")) == {P}
    assert visible_release_levels(user("party_liaison", party="turkey")) == {P, R}
    assert visible_release_levels(user("analyst")) == {P, M, R}
    assert visible_release_levels(user("admin")) == {P, M, R}
    assert visibility(user("field_reporter", name="fr1")).owner == "fr1"
    assert visibility(user("party_liaison", party="turkey")).party == "turkey"


def test_unknown_action_or_resource_is_an_error_not_a_refusal():
    with pytest.raises(ValueError):
        can(user("admin"), "fly", "incidents")
    with pytest.raises(ValueError):
        can(user("admin"), "read", "spaceships")
