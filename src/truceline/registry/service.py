"""Use-cases of the party register: plain functions over domain objects and the ``Store`` port."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from truceline.audit.models import Change
from truceline.audit.service import ChangeLog, record_change
from truceline.common.context import Ctx
from truceline.common.models import check_key, check_order, normalise_name, slugify
from truceline.common.paging import Page, Paged
from truceline.common.service import apply_update, check_version, fetch
from truceline.errors import DuplicateName, InvalidValue, UnknownReference
from truceline.registry.models import Affiliation, Alias, Party, PartyQuery, detect_script
from truceline.registry.schemas import PartyCreate, PartyUpdate

ENTITY = "party"


class PartyRepository(Protocol):
    def get(self, party_id: int) -> Party | None: ...

    def get_by_key(self, key: str) -> Party | None: ...

    def find_by_name(self, name: str) -> list[Party]:
        """Parties whose name or an alias has the same normalised form as ``name``."""
        ...

    def add(self, party: Party) -> Party:
        """Store a new party (its ``id`` is ignored) and return it with its id."""
        ...

    def save(self, party: Party) -> None: ...

    def list(self, query: PartyQuery, page: Page) -> Paged[Party]: ...


class PartyStore(Protocol):
    @property
    def parties(self) -> PartyRepository: ...

    @property
    def changes(self) -> ChangeLog: ...


def get_party(store: PartyStore, ref: str | int) -> Party:
    """A party by id or key."""
    return fetch(store.parties, ref, what="party")


def resolve_party(store: PartyStore, ref: str) -> Party:
    """A party named by key, name or alias, in any script; ``UnknownReference`` when none or ambiguous."""
    party = store.parties.get_by_key(ref)
    if party is not None:
        return party
    found = store.parties.find_by_name(ref)
    if not found:
        raise UnknownReference(f"unknown party {ref!r}: no party has that key, name or alias",
                               details=[{"field": "party", "value": ref}])
    if len(found) > 1:
        keys = ", ".join(sorted(p.key for p in found))
        raise UnknownReference(f"party {ref!r} is ambiguous: it names {keys}; use a key",
                               details=[{"field": "party", "value": ref}])
    return found[0]


def list_parties(store: PartyStore, query: PartyQuery, page: Page) -> Paged[Party]:
    paged = store.parties.list(query, page)
    if query.at is None:
        return paged
    # point-in-time view: only the affiliations that stood on that date
    at: date = query.at
    return Paged([p.model_copy(update={"affiliations": p.affiliations_on(at)}) for p in paged.items],
                 paged.count)


def create_party(store: PartyStore, ctx: Ctx, data: PartyCreate) -> Party:
    key = check_key(data.key) if data.key else slugify(data.name)
    if store.parties.get_by_key(key) is not None:
        raise DuplicateName(f"a party with key '{key}' already exists",
                            details=[{"field": "key", "value": key}])
    now = ctx.clock.now()
    party = Party(id=0, key=key, created_at=now, updated_at=now,
                  **data.model_dump(exclude={"key", "aliases", "affiliations"}),
                  aliases=data.aliases, affiliations=data.affiliations)
    party = _checked(store, party)
    party = store.parties.add(party)
    record_change(store.changes, ctx, entity=ENTITY, before=None, after=party)
    return party


def update_party(store: PartyStore, ctx: Ctx, ref: str | int, data: PartyUpdate) -> Party:
    before = get_party(store, ref)
    check_version(before, data.expected_version, what=f"party '{before.key}'")
    after = _checked(store, apply_update(before, data, updated_at=ctx.clock.now()))
    store.parties.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=data.reason)
    return after


def party_history(store: PartyStore, ref: str | int) -> list[Change]:
    party = get_party(store, ref)
    return store.changes.for_record(ENTITY, party.id)


def _checked(store: PartyStore, party: Party) -> Party:
    """Validate the domain rules of a party about to be stored; fill in alias scripts."""
    check_order(party.active_from, party.active_until, what=f"party '{party.name}'",
                start_name="active_from", end_name="active_until")
    for other in store.parties.find_by_name(party.name):
        if other.id != party.id:
            raise DuplicateName(f"the name '{party.name}' is already used by party '{other.key}'",
                                details=[{"field": "name", "value": party.name}])
    aliases: list[Alias] = []
    seen = {normalise_name(party.name)}
    for alias in party.aliases:
        norm = normalise_name(alias.name)
        if not norm:
            raise InvalidValue(f"alias {alias.name!r} has no letters or digits")
        if norm in seen:
            continue  # the same name twice adds nothing
        seen.add(norm)
        aliases.append(alias if alias.script else alias.model_copy(update={"script": detect_script(alias.name)}))
    for aff in party.affiliations:
        _check_affiliation(store, party, aff)
    return party.model_copy(update={"aliases": aliases})


def _check_affiliation(store: PartyStore, party: Party, aff: Affiliation) -> None:
    check_order(aff.valid_from, aff.valid_until, what=f"affiliation {aff.relation} {aff.party}",
                start_name="valid_from", end_name="valid_until")
    if aff.party == party.key:
        raise InvalidValue(f"party '{party.key}' cannot be affiliated with itself")
    if store.parties.get_by_key(aff.party) is None:
        raise UnknownReference(f"affiliation names unknown party '{aff.party}'",
                               details=[{"field": "affiliations.party", "value": aff.party}])
