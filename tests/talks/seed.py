"""Parties and rounds of the seeds (Astana 2017), created through the services, for the talks tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from truceline.common.context import Ctx
from truceline.registry import service as parties
from truceline.registry.schemas import PartyCreate
from truceline.talks import service
from truceline.talks.models import TalksRound
from truceline.talks.schemas import TalksRoundCreate

PARTIES: list[dict[str, Any]] = [
    {"name": "Russia", "kind": "guarantor", "country_code": "RU"},
    {"name": "Turkey", "kind": "guarantor", "country_code": "TR"},
    {"name": "Iran", "kind": "guarantor", "country_code": "IR"},
    {"key": "syrian-government", "name": "Government of the Syrian Arab Republic", "kind": "state_party"},
    {"key": "armed-opposition", "name": "Syrian armed opposition", "kind": "armed_group"},
    {"key": "un-special-envoy", "name": "UN Special Envoy for Syria", "kind": "mediator"},
    {"key": "united-states", "name": "United States", "kind": "observer", "country_code": "US"},
]

GUARANTORS = [{"party": k, "standing": "guarantor"} for k in ("russia", "turkey", "iran")]
SIDES = [{"party": "syrian-government", "standing": "party", "head": "Bashar al-Jaafari"},
         {"party": "armed-opposition", "standing": "party"}]

ASTANA_1: dict[str, Any] = {
    "key": "astana-1", "name": "First round of the Astana talks", "track": "astana", "number": 1,
    "starts_on": "2017-01-23", "ends_on": "2017-01-24", "place": "Astana, Kazakhstan", "status": "held",
    "delegations": [*GUARANTORS, *SIDES]}
ASTANA_2: dict[str, Any] = {
    "key": "astana-2", "name": "Second round of the Astana talks", "track": "astana", "number": 2,
    "starts_on": "2017-02-15", "ends_on": "2017-02-16", "place": "Astana, Kazakhstan", "status": "held",
    "delegations": [*GUARANTORS, *SIDES, {"party": "un-special-envoy", "standing": "mediator",
                                          "head": "Staffan de Mistura"},
                    {"party": "united-states", "standing": "observer"}],
    "source_note": "seed 002 (TASS, 13 February 2017)"}
ASTANA_6: dict[str, Any] = {
    "key": "astana-6", "name": "Sixth round of the Astana talks", "track": "astana", "number": 6,
    "starts_on": "2017-09-14", "ends_on": "2017-09-15", "place": "Astana, Kazakhstan", "status": "held",
    "delegations": [*GUARANTORS, *SIDES],
    "outcomes": [{"summary": "Guarantors agree on the fourth de-escalation zone, in Idlib", "on": "2017-09-15"}]}
ASTANA_7: dict[str, Any] = {
    "key": "astana-7", "name": "Seventh round of the Astana talks", "track": "astana", "number": 7,
    "starts_on": "2017-10-30", "ends_on": "2017-10-31", "place": "Astana, Kazakhstan", "status": "planned",
    "delegations": [{"party": "russia", "standing": "guarantor", "head": "Alexander Lavrentiev"}],
    "working_groups": [{"name": "Expert consultations", "level": "expert", "topic": "de-escalation zones"},
                       {"name": "High-level meeting", "level": "high"}]}
ROUNDS = [ASTANA_1, ASTANA_2, ASTANA_6, ASTANA_7]


def seed_parties(store: Any, ctx: Ctx) -> None:
    for data in PARTIES:
        parties.create_party(store, ctx, PartyCreate(**data))


def seed_rounds(store: Any, ctx: Ctx) -> list[TalksRound]:
    return [service.create_talks_round(store, ctx, TalksRoundCreate(**data)) for data in ROUNDS]


def day(text: str) -> date:
    return date.fromisoformat(text)
