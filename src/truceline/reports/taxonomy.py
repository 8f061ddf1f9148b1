"""Event types of reports and incidents: ACLED-style, snake_case identifiers, grouped in families.

The family says which types may describe the same happening when sources disagree (one outlet's
"shelling" is another's "air strike"); non-violent types only match themselves.
"""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    air_strike = "air_strike"  # air or drone strike
    shelling = "shelling"  # shelling, artillery, missile or rocket attack
    remote_explosive = "remote_explosive"  # IED, landmine, car bomb
    armed_clash = "armed_clash"
    ground_advance = "ground_advance"  # attempt to take or taking ground
    attack_on_civilians = "attack_on_civilians"
    abduction = "abduction"  # abduction or forced disappearance
    sniper_fire = "sniper_fire"
    deployment = "deployment"  # non-violent: forces or observers deployed
    withdrawal = "withdrawal"
    handover = "handover"  # territory or positions handed over
    defection = "defection"
    ceasefire_violation_claim = "ceasefire_violation_claim"  # an unspecified claim of a violation


class Family(StrEnum):
    remote_violence = "remote_violence"
    battle = "battle"
    violence_against_civilians = "violence_against_civilians"
    strategic = "strategic"
    unspecified = "unspecified"


FAMILY: dict[EventType, Family] = {
    EventType.air_strike: Family.remote_violence,
    EventType.shelling: Family.remote_violence,
    EventType.remote_explosive: Family.remote_violence,
    EventType.armed_clash: Family.battle,
    EventType.ground_advance: Family.battle,
    EventType.sniper_fire: Family.battle,
    EventType.attack_on_civilians: Family.violence_against_civilians,
    EventType.abduction: Family.violence_against_civilians,
    EventType.deployment: Family.strategic,
    EventType.withdrawal: Family.strategic,
    EventType.handover: Family.strategic,
    EventType.defection: Family.strategic,
    EventType.ceasefire_violation_claim: Family.unspecified,
}

VIOLENT = {t for t, f in FAMILY.items() if f not in (Family.strategic,)}

# Sub-types refine a type; free text is allowed too, these are the documented ones.
SUB_TYPES: dict[EventType, tuple[str, ...]] = {
    EventType.air_strike: ("aircraft", "helicopter", "drone"),
    EventType.shelling: ("artillery", "mortar", "rocket", "missile", "tank"),
    EventType.remote_explosive: ("ied", "landmine", "vbied", "suicide_bomb"),
    EventType.armed_clash: ("exchange_of_fire", "assault"),
}


def compatible(a: EventType, b: EventType) -> bool:
    """May reports of types ``a`` and ``b`` describe one happening?"""
    if a == b:
        return True
    fa, fb = FAMILY[a], FAMILY[b]
    if Family.strategic in (fa, fb):
        return False
    if Family.unspecified in (fa, fb):
        return True  # "a violation" matches any violent type
    return fa == fb
