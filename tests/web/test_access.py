"""The authorization matrix, generated: every route × every role (and anonymous visitors) × its method.

For each route the expected answer comes from the route table (``web/access.py``) and the role table
(``accounts/policy.py``): a role the table lets through is never refused (no 401 or 403; a 422 for the
empty body or a 404 is fine), every other caller is refused (401 when anonymous, 403 with an account).
Path parameters name records each role may see (its own report, its party's confirmation), so that a
refusal can only come from the role rule. Record-level rules have their own tests below.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import bearer, grant_token, prepare_schema
from tests.incidents.seed import seed_registers
from truceline.accounts.models import Role
from truceline.accounts.policy import Principal, can
from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.config import Settings
from truceline.db.engine import make_engine
from truceline.db.store import store_scope
from truceline.web.access import OPEN, RULES, app_routes
from truceline.web.app import create_app

ROLES = [*Role, None]  # None: an anonymous visitor
REFUSALS = ("E801", "E807")  # log in first; not allowed (a failed login, E802, is not a refusal of access)
LIAISON_PARTY = "turkey"

REPORT = {"source": "sohr", "occurred_at": "2017-10-20T06:00:00Z", "lon": 36.63, "lat": 35.93,
          "event_type": "shelling", "place_precision": "town", "text": "Shelling reported near Idlib"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """One app over a seeded SQLite database, a token per role, and the records the paths name."""
    db = tmp_path_factory.mktemp("access") / "access.db"
    settings = Settings(database_url=f"sqlite:///{db}", data_dir=db.parent / "data")
    clock = FixedClock(datetime(2017, 10, 30, 9, 0, tzinfo=UTC))
    engine = make_engine(settings.database_url)
    prepare_schema(engine)
    engine.dispose()
    app = create_app(settings, clock=clock)
    with store_scope(app.state.sessionmaker) as store:
        seed_registers(store, Ctx(actor="seed", clock=clock))
    tokens = {role: grant_token(app, f"u-{role.value.replace('_', '-')}", role.value,
                                party=LIAISON_PARTY if role == Role.party_liaison else None) for role in Role}
    with TestClient(app) as client:
        admin = bearer(tokens[Role.admin])
        reporter = bearer(tokens[Role.field_reporter])
        # the field reporter's own candidate, released to the liaison's party too
        own = client.post("/api/v1/reports", json=REPORT, headers=reporter)
        assert own.status_code == 201, own.text
        report_id = own.json()["id"]
        # a second one of theirs that only their own requests name (the staff's decisions do not reach it)
        kept = client.post("/api/v1/reports", json=REPORT, headers=reporter)
        assert kept.status_code == 201, kept.text
        shared = client.patch(f"/api/v1/reports/{report_id}", headers=admin,
                              json={"release": "party_restricted", "released_to": [LIAISON_PARTY]})
        assert shared.status_code == 200, shared.text
        # an incident, graded and published (everyone may read it)
        other = client.post("/api/v1/reports", json={**REPORT, "text": "the same shelling"}, headers=admin).json()
        accepted = client.post(f"/api/v1/reports/{other['id']}/accept", headers=admin)
        assert accepted.status_code == 200, accepted.text
        incident_id = accepted.json()["incident_id"]
        for step in ({"status": "triaged"}, {"status": "under_verification"}):
            assert client.post(f"/api/v1/incidents/{incident_id}/status", json=step, headers=admin).status_code == 200
        graded = client.post(f"/api/v1/incidents/{incident_id}/grade", headers=admin,
                             json={"grade": "fair", "rationale": "two independent sources agree"})
        assert graded.status_code == 200, graded.text
        assert client.post(f"/api/v1/incidents/{incident_id}/publish", json={}, headers=admin).status_code == 200
        yield {"app": app, "client": client, "tokens": tokens, "report": report_id, "incident": incident_id,
               "reporter_report": kept.json()["id"]}
    app.state.engine.dispose()


def _path(template: str, world: dict, role: Role | None) -> str:
    report = world["reporter_report"] if role == Role.field_reporter else world["report"]
    values = {"ref": _ref(template, world, report), "report_id": str(report), "token_id": "999999",
              "sha256": "0" * 64, "party": LIAISON_PARTY,
              "collection_id": "zones", "feature_id": "idlib", "name": "nothing", "run_id": "999999",
              "pair_id": "999999", "number": "1", "statement_id": "999999"}
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


def _ref(template: str, world: dict, report: int) -> str:
    prefixes = {"/api/v1/parties": "turkey", "/api/v1/agreements": "astana-memorandum-2017",
                "/api/v1/zones": "idlib", "/api/v1/posts": "salwa", "/api/v1/sources": "sohr",
                "/api/v1/reports": str(report), "/api/v1/incidents": str(world["incident"]),
                "/incidents": str(world["incident"])}
    return next((v for p, v in sorted(prefixes.items(), key=lambda kv: -len(kv[0])) if template.startswith(p)),
                "nothing")


def _allowed(rule, role: Role | None) -> bool:
    if rule.open:
        return True
    principal = Principal.anonymous() if role is None else Principal(role=role, username="someone")
    return can(principal, rule.action, rule.resource)


def test_every_route_has_a_rule_and_every_rule_a_route():
    app = create_app(Settings(database_url="sqlite://"))
    routes = set(app_routes(app))
    table = set(app.state.access_rules)
    app.state.engine.dispose()
    assert sorted(routes - table) == [], "routes without an access rule (add them to web/access.py)"
    assert sorted(table - routes) == [], "access rules of routes that do not exist"


def test_a_route_without_a_rule_is_refused_to_everyone(client):
    client.app.state.access_rules.pop(("GET", "/api/v1/parties"))
    r = client.get("/api/v1/parties")
    assert (r.status_code, r.json()["code"]) == (403, "E807")
    assert "has no access rule" in r.json()["error"]


def _cases() -> list[tuple[str, str, Role | None]]:
    app = create_app(Settings(database_url="sqlite://"))
    keys = app_routes(app)
    app.state.engine.dispose()
    return [(method, path, role) for method, path in keys for role in ROLES]


@pytest.mark.parametrize(("method", "template", "role"), _cases(),
                         ids=lambda v: v.value if isinstance(v, Role) else str(v))
def test_role_matrix(world, method, template, role):
    app, client = world["app"], world["client"]
    rule = app.state.access_rules[(method, template)]
    headers = {} if role is None else bearer(world["tokens"][role])
    path = _path(template, world, role)
    body = None if method in ("GET", "DELETE") else {}
    r = client.request(method, path, headers=headers, json=body)
    code = r.json().get("code") if r.headers.get("content-type", "").startswith("application/json") else None
    if _allowed(rule, role):
        refused = r.status_code in (401, 403) and code in REFUSALS
        assert not refused, f"{role} wrongly refused {method} {path}: {r.text[:300]}"
    else:
        expected = 401 if role is None else 403
        assert r.status_code == expected, f"{role} not refused {method} {path}: {r.status_code} {r.text[:300]}"
        assert r.json()["code"] == ("E801" if role is None else "E807")


def test_open_rules_are_the_documented_few():
    opened = sorted(k for k, v in RULES.items() if v == OPEN)
    assert all(p.startswith(("/api/v1/auth/", "/api/v1/health", "/api/v1/errors", "/api/v1/exchange/", "/ogc",
                             "/openapi.json")) or p in ("/", "/incidents/{ref}") for _m, p in opened), opened
