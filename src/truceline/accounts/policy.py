"""Who may do what: THE authorization table, as data, and the record-level rules on top of it.

Two questions, in this order:

1. **Role level** (``PERMISSIONS``): may a role do ``action`` on ``resource`` at all? A route asks this
   before it touches anything (``can(principal, action, resource)``, no record).
2. **Record level** (``can(..., record=...)``): may this principal do it to this record? Admins and
   analysts may do to every record what their role allows. Others see a record by its release level
   (``visibility``): public records (and, where records have ``published``, only published ones); a party
   liaison also the party-restricted records whose ``released_to`` lists their party; a field reporter also
   their own submissions (``submitted_by``). A field reporter edits only their own reports while they are
   candidates; a party liaison handles only their own party's confirmations and person lists, and reads
   the exchange operations their party is part of; an API
   token belongs to its holder (admins see all).

Anonymous visitors are public readers who may only read (``read``, ``export``): every write, and anything
about tokens, needs an account. Records are read by field name from objects or mappings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from truceline.accounts.models import STAFF_ROLES, Role, User
from truceline.common.models import ReleaseLevel
from truceline.common.visibility import Visibility


class Resource(StrEnum):
    parties = "parties"
    agreements = "agreements"
    accessions = "accessions"
    zones = "zones"
    posts = "posts"
    talks = "talks"
    sources = "sources"
    reports = "reports"
    incidents = "incidents"
    confirmations = "confirmations"
    users = "users"
    tokens = "tokens"
    bulletins = "bulletins"
    exports = "exports"
    person_lists = "person_lists"
    person_access_log = "person_access_log"
    person_matches = "person_matches"
    exchange_operations = "exchange_operations"
    hazard_areas = "hazard_areas"
    windows = "windows"
    documents = "documents"  # ingested texts with their provenance (pushed by staff and field reporters)
    statements = "statements"  # who said what in a document: reviewed by the staff, like candidate reports


class Action(StrEnum):
    read = "read"
    create = "create"
    update = "update"
    delete = "delete"
    triage = "triage"
    grade = "grade"
    publish = "publish"
    confirm = "confirm"
    import_ = "import"
    export = "export"
    history = "history"  # read a record's change history (who changed what, before and after)


READ_ACTIONS = frozenset({Action.read, Action.export})
ACCOUNT_ONLY = frozenset({Resource.tokens, Resource.users})  # never for anonymous visitors, not even reads

_A, _N, _F, _L, _P = Role.admin, Role.analyst, Role.field_reporter, Role.party_liaison, Role.public_reader
ADMIN = frozenset({_A})
STAFF = frozenset({_A, _N})
EVERYONE = frozenset(Role)


def _register() -> dict[Action, frozenset[Role]]:
    """Parties, agreements, zones... mostly public reference data that the mechanism's staff keep."""
    return {Action.read: EVERYONE, Action.export: EVERYONE, Action.create: STAFF, Action.update: STAFF,
            Action.import_: STAFF, Action.history: STAFF, Action.delete: ADMIN}


PERMISSIONS: dict[Resource, dict[Action, frozenset[Role]]] = {
    Resource.parties: _register(),
    Resource.agreements: _register(),
    Resource.accessions: _register(),
    Resource.zones: _register(),
    Resource.posts: _register(),
    Resource.talks: _register(),
    Resource.hazard_areas: _register(),
    Resource.windows: _register(),
    Resource.sources: {Action.read: STAFF, Action.export: STAFF, Action.create: STAFF, Action.update: STAFF,
                       Action.import_: STAFF, Action.history: STAFF, Action.delete: ADMIN},
    Resource.reports: {Action.read: STAFF | {_F, _L}, Action.create: STAFF | {_F}, Action.update: STAFF | {_F},
                       Action.triage: STAFF, Action.import_: STAFF, Action.export: STAFF, Action.history: STAFF,
                       Action.delete: ADMIN},
    Resource.incidents: {Action.read: EVERYONE, Action.export: EVERYONE, Action.update: STAFF,
                         Action.triage: STAFF, Action.grade: STAFF, Action.publish: STAFF, Action.history: STAFF,
                         Action.delete: ADMIN},
    Resource.confirmations: {Action.read: STAFF | {_L}, Action.create: STAFF, Action.confirm: STAFF | {_L},
                             Action.delete: ADMIN},
    Resource.users: {Action.read: ADMIN, Action.create: ADMIN, Action.update: ADMIN, Action.delete: ADMIN},
    Resource.tokens: {Action.read: EVERYONE, Action.create: EVERYONE, Action.delete: EVERYONE},
    Resource.bulletins: {Action.read: EVERYONE, Action.export: EVERYONE, Action.create: STAFF,
                         Action.update: STAFF, Action.publish: STAFF, Action.delete: ADMIN},
    Resource.exports: {Action.read: EVERYONE, Action.export: EVERYONE, Action.create: STAFF,
                       Action.delete: ADMIN},
    Resource.documents: {Action.read: STAFF | {_F}, Action.create: STAFF | {_F}, Action.delete: ADMIN},
    Resource.statements: {Action.read: STAFF, Action.triage: STAFF, Action.history: STAFF, Action.delete: ADMIN},
    Resource.person_lists: {Action.read: STAFF | {_L}, Action.export: STAFF | {_L}, Action.create: STAFF | {_L},
                            Action.update: STAFF | {_L}, Action.import_: STAFF | {_L}, Action.delete: ADMIN},
    Resource.person_access_log: {Action.read: ADMIN, Action.export: ADMIN},
    Resource.person_matches: {Action.read: STAFF, Action.create: STAFF, Action.confirm: STAFF, Action.delete: ADMIN},
    Resource.exchange_operations: {Action.read: STAFF | {_L}, Action.export: STAFF | {_L}, Action.create: STAFF,
                                   Action.update: STAFF, Action.delete: ADMIN},
}


@dataclass(frozen=True, kw_only=True)
class Principal:
    """Who is asking: an account (through a session or an API token) or an anonymous visitor."""

    role: Role = Role.public_reader
    username: str | None = None
    user_id: int | None = None
    party: str | None = None
    display_name: str | None = None
    via: str = "anonymous"  # "session", "token" or "anonymous"

    @property
    def authenticated(self) -> bool:
        return self.username is not None

    @classmethod
    def anonymous(cls) -> Principal:
        return cls()

    @classmethod
    def for_user(cls, user: User, *, via: str) -> Principal:
        return cls(role=user.role, username=user.username, user_id=user.id, party=user.party,
                   display_name=user.display_name, via=via)


def roles_for(resource: Resource | str, action: Action | str) -> frozenset[Role]:
    return PERMISSIONS[Resource(resource)].get(Action(action), frozenset())


def visibility(principal: Principal) -> Visibility:
    if principal.role in STAFF_ROLES:
        return Visibility.all()
    if principal.role == Role.party_liaison and principal.party:
        return Visibility(everything=False, levels=frozenset({ReleaseLevel.public, ReleaseLevel.party_restricted}),
                          party=principal.party)
    owner = principal.username if principal.role == Role.field_reporter else None
    return Visibility(everything=False, levels=frozenset({ReleaseLevel.public}), owner=owner)


def visible_release_levels(principal: Principal) -> frozenset[ReleaseLevel]:
    return visibility(principal).levels


def _get(record: Any, name: str) -> Any:
    if isinstance(record, Mapping):
        return record.get(name)
    return getattr(record, name, None)


def record_visible(principal: Principal, record: Any) -> bool:
    return visibility(principal).admits_record(record)


def _record_allows(principal: Principal, action: Action, resource: Resource, record: Any) -> bool:
    if principal.role in STAFF_ROLES:
        return True
    if resource == Resource.tokens:
        return _get(record, "username") == principal.username
    if resource == Resource.exchange_operations:  # a liaison reads the operations their party is part of
        return principal.role == Role.party_liaison and principal.party is not None \
            and principal.party in (_get(record, "parties") or [])
    if resource in (Resource.person_lists, Resource.confirmations):
        return principal.role == Role.party_liaison and principal.party is not None \
            and _get(record, "party") == principal.party
    if resource == Resource.reports and action in (Action.create, Action.update):
        own = _get(record, "submitted_by") == principal.username
        return own and (action == Action.create or _get(record, "status") == "candidate")
    if action in READ_ACTIONS:
        return record_visible(principal, record)
    return False  # the table grants no other write to roles outside the staff


def can(principal: Principal, action: Action | str, resource: Resource | str, record: Any = None) -> bool:
    """May ``principal`` do ``action`` on ``resource`` (on ``record``, when given)?"""
    action, resource = Action(action), Resource(resource)
    if not principal.authenticated and (action not in READ_ACTIONS or resource in ACCOUNT_ONLY):
        return False
    if principal.role not in roles_for(resource, action):
        return False
    return record is None or _record_allows(principal, action, resource, record)


ROLE_LETTERS: dict[Role, str] = {_A: "A", _N: "N", _F: "F", _L: "L", _P: "P"}


def matrix_markdown() -> str:
    """The role-level table as Markdown: one row per resource, one column per action (docs/access.md)."""
    head = "| Resource | " + " | ".join(f"`{a.value}`" for a in Action) + " |"
    rule = "|---|" + "---|" * len(Action)
    rows = []
    for resource in Resource:
        cells = []
        for action in Action:
            roles = roles_for(resource, action)
            cells.append("".join(ROLE_LETTERS[r] for r in Role if r in roles) or "·")
        rows.append(f"| `{resource.value}` | " + " | ".join(cells) + " |")
    return "\n".join([head, rule, *rows])
