"""The agreement-in-force check's pure core: one row per situation."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from truceline.agreements.models import Provision
from truceline.incidents.models import Scope
from truceline.incidents.scope import AgreementFacts, ScopeFacts, classify

ON = date(2017, 10, 20)
NOW = datetime(2017, 10, 30, tzinfo=UTC)
CESSATION = Provision(key="cessation", type="cessation_of_hostilities", text="Cessation of hostilities.")
ACCESS = Provision(key="access", type="humanitarian_access", text="Access.")
ASTANA = AgreementFacts(key="astana", nationwide=False, excluded_groups=("isil", "nusra"),
                        provisions=(ACCESS, CESSATION), covered=frozenset({"syria", "jaysh-al-islam"}))
DECEMBER = AgreementFacts(key="december", nationwide=True, excluded_groups=("isil",), provisions=(CESSATION,),
                          covered=frozenset({"syria"}))
NO_PROVISION = AgreementFacts(key="bare", nationwide=True, covered=frozenset({"syria"}))
IN_IDLIB = (("idlib", "astana"),)

CASES = [
    # (name, facts, scope, agreement, provision)
    ("covered perpetrator in a zone", dict(perpetrators=["syria"], zones=IN_IDLIB, agreements=[ASTANA]),
     Scope.violation, "astana", "cessation"),
    ("zone agreement extending a ceasefire covers its signatories",
     dict(perpetrators=["ahrar"], zones=IN_IDLIB, agreements=[
         replace(ASTANA, extends="december"),
         replace(DECEMBER, covered=frozenset({"ahrar"}))]),
     Scope.violation, "december", "cessation"),
    ("excluded perpetrator", dict(perpetrators=["isil"], zones=IN_IDLIB, agreements=[ASTANA]),
     Scope.excluded_party, "astana", None),
    ("excluded target", dict(perpetrators=["syria"], targets=["nusra"], zones=IN_IDLIB, agreements=[ASTANA]),
     Scope.excluded_party, "astana", None),
    ("unknown perpetrator", dict(zones=IN_IDLIB, agreements=[ASTANA]), Scope.undetermined, None, None),
    ("uncovered perpetrator", dict(perpetrators=["ahrar"], zones=IN_IDLIB, agreements=[ASTANA]),
     Scope.undetermined, None, None),
    ("no zone, no nationwide agreement", dict(perpetrators=["syria"], agreements=[ASTANA]),
     Scope.outside_zones, None, None),
    ("no zone, nationwide ceasefire", dict(perpetrators=["syria"], agreements=[ASTANA, DECEMBER]),
     Scope.violation, "december", "cessation"),
    ("zone agreement not in force falls back to nationwide", dict(perpetrators=["syria"], zones=IN_IDLIB,
                                                                  agreements=[DECEMBER]),
     Scope.violation, "december", "cessation"),
    ("zone whose agreement is not in force, nothing nationwide", dict(perpetrators=["syria"], zones=IN_IDLIB),
     Scope.outside_zones, None, None),
    ("non-violent event", dict(event_type="withdrawal", perpetrators=["syria"], zones=IN_IDLIB,
                               agreements=[ASTANA]), Scope.undetermined, None, None),
    ("agreement without a hostilities provision", dict(perpetrators=["syria"], agreements=[NO_PROVISION]),
     Scope.violation, "bare", None),
]


@pytest.mark.parametrize(("facts", "scope", "agreement", "provision"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_classify_table(facts, scope, agreement, provision):
    data = {"on": ON, "event_type": "shelling", **facts}
    check = classify(ScopeFacts(**data), now=NOW)
    assert (check.scope, check.agreement, check.provision) == (scope, agreement, provision)
    assert check.reasons and all(isinstance(r, str) and r for r in check.reasons)
    assert check.evaluated_on == ON


def test_classify_keeps_zones_and_posts():
    posts = [{"post": "salwa", "distance_km": 4.2, "state": "deployed"}]
    check = classify(ScopeFacts(on=ON, event_type="shelling", perpetrators=["syria"], zones=IN_IDLIB,
                                posts_nearby=posts, agreements=[ASTANA]), now=NOW)
    assert check.zones == ["idlib"] and check.posts_nearby == posts
    assert any("salwa (4.2 km, deployed)" in r for r in check.reasons)
