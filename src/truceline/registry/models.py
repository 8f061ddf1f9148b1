"""Pure domain objects of the party register."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from truceline.common.models import ReleaseLevel, in_force, normalise_name
from truceline.common.visibility import Visibility


class PartyKind(StrEnum):
    guarantor = "guarantor"  # a state that guarantees and monitors a ceasefire
    observer = "observer"  # invited to watch, no guarantor duties
    mediator = "mediator"  # e.g. the UN Special Envoy
    state_party = "state_party"  # government forces
    armed_group = "armed_group"  # armed opposition group
    excluded_group = "excluded_group"  # designated group ceasefires do not cover
    foreign_force = "foreign_force"
    militia = "militia"
    organisation = "organisation"  # an international body or NGO that is not a mediator


class Script(StrEnum):
    latin = "latin"
    arabic = "arabic"
    cyrillic = "cyrillic"
    other = "other"


class Relation(StrEnum):
    supported_by = "supported_by"
    part_of = "part_of"
    allied_with = "allied_with"
    defected_to = "defected_to"


class Alias(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    script: Script | None = None  # detected from the text when not given
    lang: str | None = Field(default=None, max_length=10)


class Affiliation(BaseModel):
    relation: Relation
    party: str  # key of the other party
    valid_from: date | None = None
    valid_until: date | None = None
    note: str | None = None


class Party(BaseModel):
    id: int
    key: str
    name: str
    kind: PartyKind
    country_code: str | None = None
    description: str | None = None
    aliases: list[Alias] = []
    affiliations: list[Affiliation] = []
    active_from: date | None = None
    active_until: date | None = None
    release: ReleaseLevel = ReleaseLevel.public
    released_to: list[str] = []  # party keys a party_restricted record is released to
    version: int = 1
    created_at: datetime
    updated_at: datetime

    def names(self) -> list[str]:
        return [self.name, *(a.name for a in self.aliases)]

    def active_on(self, at: date) -> bool:
        return in_force(self.active_from, self.active_until, at)

    def affiliations_on(self, at: date) -> list[Affiliation]:
        return [a for a in self.affiliations if in_force(a.valid_from, a.valid_until, at)]


class PartyQuery(BaseModel):
    """Filters of the party list; ``matches`` is the reference meaning that repositories implement."""

    kind: PartyKind | None = None
    q: str | None = None  # matches the name or any alias, in any script
    at: date | None = None  # active on that date, with affiliations as they stood then
    view: Visibility | None = None  # only what this reader may see (None: everything)

    def matches(self, party: Party) -> bool:
        if self.view is not None and not self.view.admits_record(party):
            return False
        if self.kind is not None and party.kind != self.kind:
            return False
        if self.at is not None and not party.active_on(self.at):
            return False
        if self.q:
            needle = normalise_name(self.q)
            return any(needle in normalise_name(n) for n in party.names())
        return True


def detect_script(text: str) -> Script:
    """The script most letters of ``text`` are written in."""
    counts = {Script.latin: 0, Script.arabic: 0, Script.cyrillic: 0, Script.other: 0}
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            counts[Script.latin] += 1
        elif name.startswith("ARABIC"):
            counts[Script.arabic] += 1
        elif name.startswith("CYRILLIC"):
            counts[Script.cyrillic] += 1
        else:
            counts[Script.other] += 1
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] else Script.other
