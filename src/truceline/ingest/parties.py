"""Who a speaker speaks for: an organisation or role name matched against the party register.

Two rules, in order:

1. **A name or alias of a party** appears in the phrase as whole words ("the Syrian army" → the party with
   the alias "Syrian army"; "Russia's top diplomat" → russia). The longest matching alias wins ("US-led
   coalition" beats "US"); aliases of three letters or fewer must be written in capitals ("US", "HTS"),
   so that "us" the pronoun is no party.
2. **A nationality adjective and a state body** ("the Russian Defence Ministry", "the Turkish army",
   "Iranian delegation"): the one guarantor, observer or state party whose country code the first such
   adjective names (``ingest/data/demonyms.json``; "Russian Center for Syrian Reconciliation" is Russian).
   None when several parties would fit.

Anything else is no party: a claim is linked only when the register says whose it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from truceline.common.models import normalise_name
from truceline.registry.models import Party, PartyKind

STATE_KINDS = frozenset({PartyKind.guarantor, PartyKind.observer, PartyKind.state_party})
SHORT_ALIAS = 3


@lru_cache(maxsize=1)
def _demonym_data() -> tuple[dict[str, str], re.Pattern[str]]:
    raw = json.loads(resources.files("truceline.ingest").joinpath("data/demonyms.json").read_text("utf-8"))
    bodies = re.compile(r"\b(?:" + "|".join(re.escape(b) for b in raw["state_bodies"]) + r")\b", re.I)
    return {normalise_name(k): v for k, v in raw["demonyms"].items()}, bodies


@dataclass
class PartyMatcher:
    """Built once from the parties of the register, then asked about many phrases."""

    aliases: list[tuple[str, str, str]]  # (normalised alias, original alias, party key), longest first
    states: dict[str, list[str]]  # country code -> keys of state-like parties

    @classmethod
    def from_parties(cls, parties: Iterable[Party]) -> PartyMatcher:
        aliases: list[tuple[str, str, str]] = []
        states: dict[str, list[str]] = {}
        for party in parties:
            for name in party.names():
                norm = normalise_name(name)
                if norm:
                    aliases.append((norm, name, party.key))
            if party.country_code and party.kind in STATE_KINDS:
                states.setdefault(party.country_code.upper(), []).append(party.key)
        aliases.sort(key=lambda a: -len(a[0]))
        return cls(aliases=aliases, states=states)

    def match(self, *phrases: str | None) -> str | None:
        """The party key the first phrase that names one stands for (organisation, then role, then name)."""
        for phrase in phrases:
            if phrase and phrase.strip():
                key = self._match_one(phrase)
                if key is not None:
                    return key
        return None

    def _match_one(self, phrase: str) -> str | None:
        padded = f" {normalise_name(phrase)} "
        best_len, keys = 0, set()
        for norm, original, key in self.aliases:
            if len(norm) < best_len:
                break
            if f" {norm} " not in padded:
                continue
            if len(norm.replace(" ", "")) <= SHORT_ALIAS and not _written_in_capitals(phrase, original):
                continue
            best_len = len(norm)
            keys.add(key)
        if len(keys) == 1:
            return keys.pop()
        if keys:
            return None  # two parties share that name: say nothing rather than guess
        return self._by_nationality(phrase, padded)

    def _by_nationality(self, phrase: str, padded: str) -> str | None:
        demonyms, bodies = _demonym_data()
        if not bodies.search(phrase):
            return None
        found = [(padded.find(f" {norm} "), code) for norm, code in demonyms.items() if f" {norm} " in padded]
        if not found:
            return None
        first = min(found)[1]  # the head adjective: "Russian Center for Syrian Reconciliation" is Russian
        candidates = self.states.get(first, [])
        return candidates[0] if len(candidates) == 1 else None


def _written_in_capitals(phrase: str, alias: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", alias)
    pattern = r"(?<![A-Za-z])" + r"[^A-Za-z\s]?".join(re.escape(c.upper()) for c in letters) + r"(?![A-Za-z])"
    return re.search(pattern, phrase) is not None


def matcher_for(store: Any) -> PartyMatcher:
    """A matcher over every party of the store's register."""
    from truceline.common.paging import Page
    from truceline.registry.models import PartyQuery

    parties: list[Party] = []
    offset = 0
    while True:
        paged = store.parties.list(PartyQuery(), Page(limit=500, offset=offset))
        parties.extend(paged.items)
        offset += 500
        if offset >= paged.count:
            return PartyMatcher.from_parties(parties)
