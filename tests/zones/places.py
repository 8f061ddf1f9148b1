"""Real places and simplified boundaries of the 2017 de-escalation zones, shared by zone and post tests.

Boundaries are rough sketches ([lon, lat], WGS84), drawn so the named places fall clearly in or out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from shapely.geometry import Point

# places (lon, lat)
IDLIB = Point(36.63, 35.93)
DOUMA = Point(36.40, 33.57)
DAMASCUS = Point(36.29, 33.51)
KHAN_SHAYKHUN = Point(36.65, 35.44)
JISR_AL_SHUGHUR = Point(36.32, 35.81)
KABANA = Point(36.18, 35.75)  # Latakia hills: in the May sketch of the Idlib zone, not in September's
RASTAN = Point(36.73, 34.93)
ALEPPO = Point(37.16, 36.20)

MEMORANDUM = date(2017, 5, 6)  # the Astana memorandum of 4 May 2017 in force
ASTANA_6 = date(2017, 9, 15)  # Idlib zone boundaries agreed at the sixth Astana round


def polygon(*ring: tuple[float, float]) -> dict[str, Any]:
    coords = [list(p) for p in ring]
    return {"type": "Polygon", "coordinates": [[*coords, coords[0]]]}


IDLIB_MAY = polygon((35.95, 35.30), (37.05, 35.25), (37.10, 36.05), (36.60, 36.45), (35.95, 36.30))
IDLIB_SEPT = polygon((36.25, 35.30), (37.05, 35.25), (37.10, 36.05), (36.60, 36.45), (36.25, 36.30))
GHOUTA = polygon((36.33, 33.46), (36.55, 33.45), (36.56, 33.62), (36.34, 33.63))
NORTH_HOMS = polygon((36.60, 34.75), (36.95, 34.76), (36.94, 35.02), (36.61, 35.01))


def idlib_zone(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Idlib de-escalation zone", "kind": "de_escalation_zone", "approximate": True,
        "admin_areas": ["SY-ID Idlib", "SY-HL Aleppo (part)", "SY-LA Latakia (part)", "SY-HM Hama (part)"],
        "versions": [
            {"valid_from": MEMORANDUM, "valid_until": ASTANA_6, "status": "proposed", "geometry": IDLIB_MAY},
            {"valid_from": ASTANA_6, "status": "active", "geometry": IDLIB_SEPT, "note": "Astana 6"},
        ],
    }
    return {**data, **over}


def ghouta_zone(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Eastern Ghouta", "kind": "de_escalation_zone", "admin_areas": ["SY-RD Rif Dimashq (part)"],
        "versions": [{"valid_from": date(2017, 7, 22), "status": "active", "geometry": GHOUTA}],
    }
    return {**data, **over}


def homs_zone(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Northern Homs", "kind": "de_escalation_zone", "admin_areas": ["SY-HI Homs (part)"],
        "versions": [{"valid_from": date(2017, 8, 3), "status": "active", "geometry": NORTH_HOMS}],
    }
    return {**data, **over}
