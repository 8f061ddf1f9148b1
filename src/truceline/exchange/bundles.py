"""The bodies that travel in envelopes, built from domain objects and read back with every check. Pure.

* ``bulletin`` — ``{"bulletin": <the bulletin document>}``; coordinates (the only floats of a bulletin,
  rounded to 6 decimals when it is frozen) travel as fixed decimal strings and come back as the same
  floats, so the bulletin's content hash still verifies;
* ``incident_bundle`` — ``{"period": {"from", "to"}, "incidents": [<claim>...]}``: each claim an incident
  version with its reports' claims summarised;
* ``confirmations`` — ``{"party": <the issuer>, "positions": [{"uid", "version", "position",
  "counter_evidence"}]}``: the sending party's positions on incidents the receiver issued.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from truceline.bulletins import codec
from truceline.bulletins.models import Bulletin
from truceline.errors import BodyInvalid, PartyMismatch, TrucelineError
from truceline.exchange.canonical import format_time, to_fixed
from truceline.incidents.models import Incident, Position
from truceline.reports.models import Report

PLACES = 6
SNAPSHOT_LISTS = ("incidents", "previous_incidents")
COORDINATES = ("lon", "lat")
MAX_POSITIONS = 10_000


def _fixed(value: Any) -> str:
    return to_fixed(value, places=PLACES)


def bulletin_body(bulletin: Bulletin) -> dict[str, Any]:
    doc = bulletin.model_dump(mode="json")
    for name in SNAPSHOT_LISTS:
        for snap in doc[name]:
            for field in COORDINATES:
                snap[field] = _fixed(snap[field])
    return {"bulletin": doc}


def bulletin_from_body(body: dict[str, Any], *, issuer: str) -> Bulletin:
    """The bulletin inside a verified body, checked as a bulletin file is (hash, format, tables)."""
    doc = body.get("bulletin")
    if set(body) != {"bulletin"} or not isinstance(doc, dict):
        raise BodyInvalid("a bulletin envelope's body is exactly {'bulletin': {...}}")
    try:
        for name in SNAPSHOT_LISTS:
            for snap in doc.get(name) or []:
                for field in COORDINATES:
                    snap[field] = float(snap[field])
    except (TypeError, ValueError, KeyError) as exc:
        raise BodyInvalid(f"a bulletin envelope holds a coordinate that is not a decimal string ({exc})") from None
    bulletin = codec.loads(codec.canonical_json(doc), name="the signed bulletin")
    if bulletin.issuer != issuer:
        raise BodyInvalid(f"the bulletin names issuer {bulletin.issuer!r} but is signed by '{issuer}'")
    return bulletin


def incident_claim(incident: Incident, reports: list[Report], *, source_party: dict[str, str | None]) -> dict[str, Any]:
    """What a bundle says of one incident version: the incident and its reports' claims summarised."""
    parties = Counter(p for r in reports if (p := source_party.get(r.source)))
    scope = incident.scope
    return {
        "uid": incident.uid, "version": incident.version, "event_type": str(incident.event_type),
        "status": str(incident.status), "grade": None if incident.grade is None else str(incident.grade),
        "grade_rationale": incident.grade_rationale,
        "scope": None if scope is None else str(scope.scope), "agreement": None if scope is None else scope.agreement,
        "provision": None if scope is None else scope.provision,
        "start": format_time(incident.start), "end": format_time(incident.end),
        "lon": _fixed(round(incident.lon, PLACES)), "lat": _fixed(round(incident.lat, PLACES)),
        "killed_min": incident.killed_min, "killed_max": incident.killed_max,
        "perpetrators": sorted(set(incident.perpetrators)), "targets": sorted(set(incident.targets)),
        "zones": sorted(set(incident.zone_keys())),
        "reports": {"count": len(reports), "sources": sorted({r.source for r in reports}),
                    "by_party": dict(sorted(parties.items())),
                    "killed_min": min((r.casualties.killed_min for r in reports
                                       if r.casualties.killed_min is not None), default=None),
                    "killed_max": max((r.casualties.killed_max for r in reports
                                       if r.casualties.killed_max is not None), default=None)},
        "confirmations": [{"party": c.party, "position": str(c.position)}
                          for c in sorted(incident.confirmations, key=lambda c: c.party)],
    }


def bundle_body(claims: list[dict[str, Any]], *, start: date, end: date) -> dict[str, Any]:
    return {"period": {"from": start.isoformat(), "to": end.isoformat()},
            "incidents": sorted(claims, key=lambda c: (c["start"], c["uid"]))}


def claims_from_body(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The incident claims of a verified bundle body; each has a uid and a positive version, once."""
    claims = body.get("incidents")
    if set(body) != {"period", "incidents"} or not isinstance(claims, list):
        raise BodyInvalid("an incident bundle's body is exactly {'period': {...}, 'incidents': [...]}")
    seen: set[tuple[str, int]] = set()
    for index, claim in enumerate(claims):
        uid, version = (claim.get("uid"), claim.get("version")) if isinstance(claim, dict) else (None, None)
        if not isinstance(uid, str) or not uid or len(uid) > 64:
            raise BodyInvalid(f"incident {index + 1} of the bundle has no uid")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise BodyInvalid(f"incident {uid} of the bundle has no positive integer version")
        if (uid, version) in seen:
            raise BodyInvalid(f"incident {uid} version {version} appears twice in the bundle")
        seen.add((uid, version))
    return claims


def confirmations_body(party: str, positions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"party": party, "positions": sorted(positions, key=lambda p: (p["uid"], p["version"]))}


def positions_from_body(body: dict[str, Any], *, issuer: str) -> list[dict[str, Any]]:
    """The positions of a verified confirmations body; they must be the issuer's own."""
    positions = body.get("positions")
    if set(body) != {"party", "positions"} or not isinstance(positions, list):
        raise BodyInvalid("a confirmations body is exactly {'party': ..., 'positions': [...]}")
    if body["party"] != issuer:
        raise PartyMismatch(f"the positions claim to be those of {body['party']!r}, but '{issuer}' signed them: "
                            "a party sends only its own positions")
    if len(positions) > MAX_POSITIONS:
        raise BodyInvalid(f"{len(positions)} positions; at most {MAX_POSITIONS} in one envelope")
    for index, item in enumerate(positions):
        if not isinstance(item, dict) or set(item) != {"uid", "version", "position", "counter_evidence"}:
            raise BodyInvalid(f"position {index + 1} must have exactly uid, version, position, counter_evidence")
        try:
            Position(item["position"])
        except (ValueError, TypeError):
            raise BodyInvalid(f"position {index + 1}: {item['position']!r} is not a position") from None
        if not isinstance(item["uid"], str) or not isinstance(item["version"], int):
            raise BodyInvalid(f"position {index + 1}: uid must be a string and version an integer")
        if item["counter_evidence"] is not None and not isinstance(item["counter_evidence"], str):
            raise BodyInvalid(f"position {index + 1}: counter_evidence must be a string or null")
    return positions


def reason_of(err: TrucelineError) -> str:
    return f"{err.code}: {err.user_message}"
