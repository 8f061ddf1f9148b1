"""Real records from the seeds (2016-17 Syria), shared by the agreement and accession tests.

The 29 December 2016 ceasefire (seed 002) and the Astana memorandum of 4 May 2017 on de-escalation
areas (seed 004), with guarantors Russia, Turkey and Iran and excluded groups ISIL and Jabhat al-Nusra.
"""

from __future__ import annotations

from typing import Any

from truceline.agreements import service as agreements
from truceline.agreements.schemas import AgreementCreate
from truceline.common.context import Ctx
from truceline.registry import service as parties
from truceline.registry.schemas import PartyCreate

PARTIES: list[dict[str, Any]] = [
    {"name": "Russia", "kind": "guarantor", "country_code": "RU"},
    {"name": "Turkey", "kind": "guarantor", "country_code": "TR"},
    {"name": "Iran", "kind": "guarantor", "country_code": "IR"},
    {"key": "united-states", "name": "United States", "kind": "observer", "country_code": "US"},
    {"key": "syria", "name": "Syrian Arab Republic", "kind": "state_party", "country_code": "SY"},
    {"name": "Jaysh al-Islam", "kind": "armed_group"},
    {"name": "Faylaq al-Rahman", "kind": "armed_group"},
    {"name": "Ahrar al-Sham", "kind": "armed_group"},
    {"key": "isil", "name": "Islamic State", "kind": "excluded_group", "aliases": [{"name": "ISIL"}]},
    {"name": "Jabhat al-Nusra", "kind": "excluded_group"},
]

DECEMBER_CEASEFIRE: dict[str, Any] = {
    "key": "ceasefire-2016-12-29",
    "name": "Ceasefire agreement of 29 December 2016",
    "kind": "ceasefire",
    "signed_on": "2016-12-29",
    "effective_from": "2016-12-30",
    "signatories": ["syria", "jaysh-al-islam", "ahrar-al-sham"],
    "guarantors": ["russia", "turkey"],
    "excluded_groups": ["isil", "jabhat-al-nusra"],
    "provisions": [{"key": "cessation", "type": "cessation_of_hostilities",
                    "text": "A nationwide cessation of hostilities between the government and the armed "
                            "opposition groups that signed the deal."}],
    "source_note": "seed 002 (TASS, 13 February 2017)",
}

ASTANA_MEMORANDUM: dict[str, Any] = {
    "key": "astana-memorandum-2017",
    "name": "Memorandum on the creation of de-escalation areas in the Syrian Arab Republic",
    "kind": "memorandum",
    "extends": "ceasefire-2016-12-29",
    "signed_on": "2017-05-04",
    "effective_from": "2017-05-06",
    "expires_on": "2017-11-06",
    "extension_terms": "six months, extended automatically on the consensus of the guarantors",
    "signatories": ["russia", "turkey", "iran"],
    "guarantors": ["russia", "turkey", "iran"],
    "excluded_groups": ["isil", "jabhat-al-nusra"],
    "place": "Astana",
    "provisions": [
        {"key": "cessation", "type": "cessation_of_hostilities", "article": "3",
         "text": "Cessation of hostilities between the conflicting parties within the de-escalation areas."},
        {"key": "access", "type": "humanitarian_access", "article": "3",
         "text": "Rapid, safe and unhindered humanitarian access."},
        {"key": "observers", "type": "deployment_of_observers", "article": "4",
         "text": "Checkpoints and observation posts along the lines of the security zones."},
        {"key": "return", "type": "return_of_displaced",
         "text": "Conditions for the safe and voluntary return of refugees and internally displaced."},
    ],
    "source_note": "seed 004 (TASS, 30 October 2017)",
}

# Illustrative, not from the seeds: an amendment extending the memorandum at the seventh Astana round.
EXTENSION: dict[str, Any] = {
    "adopted_on": "2017-10-31",
    "summary": "Extended for six months",
    "changes": {"expires_on": "2018-05-06"},
}


def seed_parties(store: Any, ctx: Ctx) -> None:
    for data in PARTIES:
        parties.create_party(store, ctx, PartyCreate(**data))


def seed_agreements(store: Any, ctx: Ctx) -> None:
    seed_parties(store, ctx)
    agreements.create_agreement(store, ctx, AgreementCreate(**DECEMBER_CEASEFIRE))
    agreements.create_agreement(store, ctx, AgreementCreate(**ASTANA_MEMORANDUM))

