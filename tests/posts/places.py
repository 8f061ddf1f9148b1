"""Parties, zones and posts of autumn 2017 shared by the post tests."""

from __future__ import annotations

from typing import Any

from tests.zones.places import ghouta_zone, homs_zone, idlib_zone
from truceline.registry import service as parties
from truceline.registry.schemas import PartyCreate
from truceline.zones import service as zones
from truceline.zones.schemas import ZoneCreate

IDLIB_KEY = "idlib"


def point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


SALWA = point(36.76, 36.27)  # first Turkish observation post in Idlib, October 2017
WAFIDEEN = point(36.36, 33.55)  # Russian military police checkpoint at al-Wafideen, Eastern Ghouta
RASTAN = point(36.73, 34.93)
DAMASCUS = point(36.29, 33.51)
KABANA = point(36.18, 35.75)  # in the May sketch of the Idlib zone only


def seed_parties(store: Any, ctx: Any) -> None:
    for name, kind, cc in [("Russia", "guarantor", "RU"), ("Turkey", "guarantor", "TR"),
                           ("United States", "observer", "US"), ("Jaysh al-Islam", "armed_group", None)]:
        parties.create_party(store, ctx, PartyCreate(name=name, kind=kind, country_code=cc))


def seed_zones(store: Any, ctx: Any) -> None:
    for data in (idlib_zone(key=IDLIB_KEY), ghouta_zone(), homs_zone()):
        zones.create_zone(store, ctx, ZoneCreate.model_validate(data))


def salwa(**over: Any) -> dict[str, Any]:
    data = {"name": "Salwa observation post", "kind": "observation_post", "location": SALWA, "zone": IDLIB_KEY,
            "guarantor": "turkey", "staffed_by": "Turkish Armed Forces",
            "lifecycle": [{"state": "agreed", "on": "2017-09-15"}, {"state": "deployed", "on": "2017-10-13"}]}
    return {**data, **over}


def wafideen(**over: Any) -> dict[str, Any]:
    data = {"name": "Wafideen checkpoint", "kind": "checkpoint", "location": WAFIDEEN,
            "zone": "eastern-ghouta", "guarantor": "russia", "staffed_by": "Russian military police",
            "lifecycle": [{"state": "deployed", "on": "2017-07-24"}]}
    return {**data, **over}


def rastan(**over: Any) -> dict[str, Any]:
    data = {"name": "Rastan checkpoint", "kind": "checkpoint", "location": RASTAN, "zone": "northern-homs",
            "guarantor": "russia", "staffed_by": "Russian military police",
            "lifecycle": [{"state": "proposed", "on": "2017-08-03"}, {"state": "deployed", "on": "2017-08-15"},
                          {"state": "withdrawn", "on": "2017-10-01"}]}
    return {**data, **over}
