"""Parties, hazard areas and windows near Harasta (Eastern Ghouta) shared by the humanitarian tests."""

from __future__ import annotations

from typing import Any

from truceline.registry import service as parties
from truceline.registry.schemas import PartyCreate

SQUARE = {"type": "Polygon", "coordinates": [[[36.30, 33.50], [36.40, 33.50], [36.40, 33.60], [36.30, 33.60],
                                               [36.30, 33.50]]]}
ROAD = {"type": "LineString", "coordinates": [[36.50, 33.50], [36.60, 33.50]]}  # about 9.3 km east-west


def seed_parties(store: Any, ctx: Any) -> None:
    for name, kind, cc in [("Russia", "guarantor", "RU"), ("Turkey", "guarantor", "TR"),
                           ("Jaysh al-Islam", "armed_group", None)]:
        parties.create_party(store, ctx, PartyCreate(name=name, kind=kind, country_code=cc))


def minefield(**over: Any) -> dict[str, Any]:
    data = {"name": "Harasta minefield", "type": "minefield", "geometry": SQUARE,
            "history": [{"status": "suspected", "on": "2017-08-01", "by": "survey team 3",
                         "reason": "reports by shepherds"}]}
    return {**data, **over}


def convoy(**over: Any) -> dict[str, Any]:
    data = {"name": "Wafideen aid convoy", "purpose": "aid_convoy", "route": ROAD, "buffer_m": 500,
            "start": "2017-10-30T06:00:00+03:00", "end": "2017-10-30T18:00:00+03:00", "status": "agreed",
            "parties_notified": ["jaysh-al-islam"],
            "guarantees": [{"text": "no fire on the convoy route", "guarantors": ["russia"]}]}
    return {**data, **over}


def repairs(**over: Any) -> dict[str, Any]:
    data = {"name": "Harasta water repairs", "purpose": "repairs", "area": SQUARE,
            "start": "2017-10-29T05:00:00Z", "end": "2017-10-31T05:00:00Z", "status": "agreed",
            "parties_notified": ["russia", "jaysh-al-islam"]}
    return {**data, **over}
