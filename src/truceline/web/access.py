"""THE table of who may call which route, and the one dependency that enforces it on every route.

Every route of the application is listed here as ``(METHOD, path template) -> Rule``. The dependency
``enforce`` runs before each route: it finds the route's rule, asks ``accounts.policy.can`` whether the
caller's role may do the rule's action on its resource, checks the CSRF token of a browser session on an
unsafe method, and leaves the principal in ``request.state.principal`` for the route and the templates.
A route missing from the table is refused to everyone (fail closed) and the test of the table fails.

Role-level rules only: record-level rules (release levels, the owner of a report, a liaison's party) are
applied by the routes themselves through ``visibility`` and ``can(..., record=...)``.

``OPEN`` routes need no account and check nothing here: logging in, who-am-I, health, the error catalogue,
the signed exchange (envelopes carry their own proof, docs/exchange.md) and the OGC API and pages, which
show public, published records only unless the principal may see more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request

from truceline.accounts.policy import Action, Principal, Resource, can
from truceline.accounts.web_deps import PrincipalDep, check_csrf, refuse
from truceline.errors import NotAllowed


@dataclass(frozen=True)
class Rule:
    action: Action | None = None  # None: open to everyone
    resource: Resource | None = None

    @property
    def open(self) -> bool:
        return self.action is None


OPEN = Rule()
A, R = Action, Resource


def _register(prefix: str, resource: Resource, *, history: bool = True) -> dict[tuple[str, str], Rule]:
    """The five routes every register has: list, create, get, update, history."""
    rules = {("GET", prefix): Rule(A.read, resource), ("POST", prefix): Rule(A.create, resource),
             ("GET", f"{prefix}/{{ref}}"): Rule(A.read, resource),
             ("PATCH", f"{prefix}/{{ref}}"): Rule(A.update, resource)}
    if history:
        rules[("GET", f"{prefix}/{{ref}}/history")] = Rule(A.history, resource)
    return rules


V1 = "/api/v1"

RULES: dict[tuple[str, str], Rule] = {
    # meta and accounts
    ("GET", f"{V1}/health"): OPEN,
    ("GET", f"{V1}/errors"): OPEN,
    ("POST", f"{V1}/auth/login"): OPEN,
    ("POST", f"{V1}/auth/logout"): OPEN,  # ends the caller's own session; CSRF-checked by the route
    ("GET", f"{V1}/auth/me"): OPEN,
    ("GET", f"{V1}/auth/tokens"): Rule(A.read, R.tokens),
    ("POST", f"{V1}/auth/tokens"): Rule(A.create, R.tokens),
    ("DELETE", f"{V1}/auth/tokens/{{token_id}}"): Rule(A.delete, R.tokens),
    # registers
    **_register(f"{V1}/parties", R.parties),
    **_register(f"{V1}/agreements", R.agreements),
    ("POST", f"{V1}/agreements/{{ref}}/amendments"): Rule(A.update, R.agreements),
    ("GET", f"{V1}/agreements/{{ref}}/provisions"): Rule(A.read, R.agreements),
    **_register(f"{V1}/accessions", R.accessions),
    ("GET", f"{V1}/accessions/counts"): Rule(A.read, R.accessions),
    ("POST", f"{V1}/accessions/{{ref}}/withdraw"): Rule(A.update, R.accessions),
    **_register(f"{V1}/zones", R.zones),
    ("GET", f"{V1}/zones/containing"): Rule(A.read, R.zones),
    ("POST", f"{V1}/zones/{{ref}}/versions"): Rule(A.update, R.zones),
    **_register(f"{V1}/posts", R.posts),
    ("GET", f"{V1}/posts/near"): Rule(A.read, R.posts),
    ("POST", f"{V1}/posts/{{ref}}/events"): Rule(A.update, R.posts),
    **_register(f"{V1}/talks", R.talks),
    ("GET", f"{V1}/talks/timeline"): Rule(A.read, R.talks),
    **_register(f"{V1}/sources", R.sources),
    **_register(f"{V1}/hazards", R.hazard_areas),
    ("POST", f"{V1}/hazards/{{ref}}/status"): Rule(A.update, R.hazard_areas),
    ("POST", f"{V1}/hazards/{{ref}}/clearances"): Rule(A.update, R.hazard_areas),
    ("POST", f"{V1}/hazards/{{ref}}/accidents"): Rule(A.update, R.hazard_areas),
    **_register(f"{V1}/accidents", R.hazard_areas),
    **_register(f"{V1}/windows", R.windows),
    ("POST", f"{V1}/windows/{{ref}}/status"): Rule(A.update, R.windows),
    # reports: field reporters submit and edit their own candidates (checked on the record by the routes)
    **_register(f"{V1}/reports", R.reports),
    ("POST", f"{V1}/reports/{{ref}}/accept"): Rule(A.triage, R.reports),
    ("POST", f"{V1}/reports/{{ref}}/reject"): Rule(A.triage, R.reports),
    ("POST", f"{V1}/reports/{{ref}}/lock"): Rule(A.triage, R.reports),
    ("POST", f"{V1}/reports/{{ref}}/unlock"): Rule(A.triage, R.reports),
    ("POST", f"{V1}/reports/{{ref}}/attachments"): Rule(A.update, R.reports),
    ("GET", f"{V1}/reports/{{ref}}/attachments/{{sha256}}"): Rule(A.read, R.reports),
    # person lists: personal values are read through routes that log each read; a liaison is held to their
    # own party's lists and to the operations their party is a side of (checked on the record by the routes)
    ("GET", f"{V1}/persons/lists"): Rule(A.read, R.person_lists),
    ("POST", f"{V1}/persons/lists"): Rule(A.create, R.person_lists),
    ("POST", f"{V1}/persons/lists/upload"): Rule(A.import_, R.person_lists),
    ("GET", f"{V1}/persons/lists/{{ref}}"): Rule(A.read, R.person_lists),
    ("PATCH", f"{V1}/persons/lists/{{ref}}"): Rule(A.update, R.person_lists),
    ("GET", f"{V1}/persons/lists/{{ref}}/records"): Rule(A.read, R.person_lists),
    ("GET", f"{V1}/persons/lists/{{ref}}/export"): Rule(A.export, R.person_lists),
    ("GET", f"{V1}/persons/lists/{{ref}}/history"): Rule(A.read, R.person_lists),  # free of personal values
    ("GET", f"{V1}/persons/access-log"): Rule(A.read, R.person_access_log),
    ("POST", f"{V1}/persons/matches"): Rule(A.create, R.person_matches),
    ("GET", f"{V1}/persons/matches"): Rule(A.read, R.person_matches),
    ("GET", f"{V1}/persons/matches/{{run_id}}"): Rule(A.read, R.person_matches),
    ("GET", f"{V1}/persons/matches/{{run_id}}/pairs"): Rule(A.read, R.person_matches),
    ("POST", f"{V1}/persons/matches/{{run_id}}/pairs/{{pair_id}}/review"): Rule(A.confirm, R.person_matches),
    ("GET", f"{V1}/persons/matches/{{run_id}}/pairs/{{pair_id}}/history"): Rule(A.read, R.person_matches),
    ("GET", f"{V1}/exchange-operations"): Rule(A.read, R.exchange_operations),
    ("POST", f"{V1}/exchange-operations"): Rule(A.create, R.exchange_operations),
    ("GET", f"{V1}/exchange-operations/{{ref}}"): Rule(A.read, R.exchange_operations),
    ("PATCH", f"{V1}/exchange-operations/{{ref}}"): Rule(A.update, R.exchange_operations),
    ("POST", f"{V1}/exchange-operations/{{ref}}/status"): Rule(A.update, R.exchange_operations),
    ("POST", f"{V1}/exchange-operations/{{ref}}/batches"): Rule(A.update, R.exchange_operations),
    ("POST", f"{V1}/exchange-operations/{{ref}}/batches/{{number}}/releases"): Rule(A.update, R.exchange_operations),
    ("POST", f"{V1}/exchange-operations/{{ref}}/batches/{{number}}/outcomes"): Rule(A.update, R.exchange_operations),
    ("GET", f"{V1}/exchange-operations/{{ref}}/history"): Rule(A.read, R.exchange_operations),
    # ingested documents (a field reporter reads their own: the route narrows the list)
    ("GET", f"{V1}/documents"): Rule(A.read, R.documents),
    ("POST", f"{V1}/documents"): Rule(A.create, R.documents),
    ("GET", f"{V1}/documents/{{ref}}"): Rule(A.read, R.documents),
    # statements extracted from documents, reviewed by the staff like candidate reports
    ("GET", f"{V1}/statements"): Rule(A.read, R.statements),
    ("GET", f"{V1}/statements/{{ref}}"): Rule(A.read, R.statements),
    ("POST", f"{V1}/statements/{{ref}}/accept"): Rule(A.triage, R.statements),
    ("POST", f"{V1}/statements/{{ref}}/reject"): Rule(A.triage, R.statements),
    ("GET", f"{V1}/statements/{{ref}}/history"): Rule(A.history, R.statements),
    # incidents
    ("GET", f"{V1}/incidents"): Rule(A.read, R.incidents),
    ("GET", f"{V1}/incidents/{{ref}}"): Rule(A.read, R.incidents),
    ("GET", f"{V1}/incidents/{{ref}}/history"): Rule(A.history, R.incidents),
    ("POST", f"{V1}/incidents/reevaluate"): Rule(A.update, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/status"): Rule(A.triage, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/grade"): Rule(A.grade, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/publish"): Rule(A.publish, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/release"): Rule(A.publish, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/assign"): Rule(A.triage, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/lock"): Rule(A.triage, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/unlock"): Rule(A.triage, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/split"): Rule(A.triage, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/merge"): Rule(A.triage, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/move"): Rule(A.triage, R.incidents),
    ("POST", f"{V1}/incidents/{{ref}}/confirmations"): Rule(A.create, R.confirmations),
    ("POST", f"{V1}/incidents/{{ref}}/confirmations/{{party}}"): Rule(A.confirm, R.confirmations),
    ("GET", f"{V1}/coverage"): Rule(A.read, R.incidents),
    # exports (what each caller gets is narrowed by the export routes to what they may read)
    ("GET", f"{V1}/exports"): Rule(A.read, R.exports),
    **{("GET", f"{V1}/exports/incidents.{ext}"): Rule(A.export, R.incidents)
       for ext in ("csv", "hxl.csv", "geojson", "acled.csv")},
    **{("GET", f"{V1}/exports/reports.{ext}"): Rule(A.export, R.reports)
       for ext in ("csv", "hxl.csv", "geojson", "acled.csv")},
    ("GET", f"{V1}/feed/incidents"): Rule(A.export, R.incidents),
    ("GET", f"{V1}/feed/reports"): Rule(A.export, R.reports),
    ("GET", f"{V1}/exports/{{name}}"): Rule(A.read, R.exports),
    # the signed exchange between instances: envelopes are verified, not logged in (docs/exchange.md)
    ("POST", f"{V1}/exchange/inbox"): OPEN,
    ("GET", f"{V1}/exchange/outbox"): OPEN,
    # OGC API - Features: public, published records only
    ("GET", "/ogc"): OPEN,
    ("GET", "/ogc/conformance"): OPEN,
    ("GET", "/ogc/collections"): OPEN,
    ("GET", "/ogc/collections/{collection_id}"): OPEN,
    ("GET", "/ogc/collections/{collection_id}/items"): OPEN,
    ("GET", "/ogc/collections/{collection_id}/items/{feature_id}"): OPEN,
    ("GET", "/openapi.json"): OPEN,
    # pages: each shows what the visitor may see
    ("GET", "/"): OPEN,
    ("GET", "/incidents/{ref}"): OPEN,
}


def add_rules(app: FastAPI, rules: dict[tuple[str, str], Rule]) -> None:
    """Add the rules of routes an application includes beyond the built-in ones; a clash is a bug."""
    table = app.state.access_rules
    for key, rule in rules.items():
        if key in table and table[key] != rule:
            raise ValueError(f"conflicting access rules for {key}: {table[key]} and {rule}")
        table[key] = rule


def route_key(request: Request) -> tuple[str, str] | None:
    route = request.scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return None
    method = "GET" if request.method == "HEAD" else request.method
    return method, path


async def enforce(request: Request, principal: PrincipalDep) -> Principal:
    """Refuse the request unless the route's rule lets the principal through (fail closed)."""
    key = route_key(request)
    rule = request.app.state.access_rules.get(key) if key is not None else None
    if rule is None:
        raise NotAllowed(f"{request.method} {request.url.path} has no access rule: refused to everyone")
    request.state.principal = principal  # set before refusing: an error page still shows who is logged in
    if not rule.open:
        assert rule.action is not None and rule.resource is not None
        if not can(principal, rule.action, rule.resource):
            refuse(principal, rule.action, rule.resource)
        await check_csrf(request, principal)
    request.state.principal = principal
    return principal


def app_routes(app: FastAPI) -> list[tuple[str, str]]:
    """Every (method, path template) the application answers, HEAD folded into GET; static mounts left out."""
    found: set[tuple[str, str]] = set()

    def walk(routes: list[Any]) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                walk(inner.routes)
                continue
            methods = getattr(route, "methods", None)
            if methods is None:  # a mount (static files) or a websocket
                continue
            found.update((method, route.path) for method in methods if method != "HEAD")

    walk(list(app.router.routes))
    return sorted(found)
