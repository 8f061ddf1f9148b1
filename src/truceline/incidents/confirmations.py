"""The party-confirmation ledger: each monitoring party's position on an incident, with a deadline."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from truceline.common.context import Ctx
from truceline.common.paging import Page
from truceline.errors import InvalidValue, UnknownReference
from truceline.incidents.base import IncidentStore, check_lock, commit, get_incident
from truceline.incidents.models import Confirmation, Incident, IncidentQuery, IncidentStatus, Position
from truceline.registry.models import PartyKind

MONITORS = (PartyKind.guarantor, PartyKind.observer)


def _monitor(store: IncidentStore, key: str) -> str:
    party = store.parties.get_by_key(key)
    if party is None:
        raise UnknownReference(f"unknown party {key!r}", details=[{"field": "party", "value": key}])
    if party.kind not in MONITORS:
        raise InvalidValue(f"party '{key}' is a {party.kind}: only guarantors and observers confirm incidents",
                           details=[{"field": "party", "value": key}])
    return str(party.key)


def _with(incident: Incident, entry: Confirmation) -> list[Confirmation]:
    others = [c for c in incident.confirmations if c.party != entry.party]
    return sorted([*others, entry], key=lambda c: c.party)


def request_confirmation(store: IncidentStore, ctx: Ctx, ref: str | int, party: str, *,
                         deadline: date | None) -> Incident:
    """Ask a monitoring party for its position by ``deadline`` (changes the deadline if already asked)."""
    incident = get_incident(store, ref)
    check_lock(incident, ctx)
    key = _monitor(store, party)
    if deadline is not None and deadline < incident.start.date():
        raise InvalidValue(f"deadline {deadline} is before the incident ({incident.start.date()})",
                           details=[{"field": "deadline", "value": str(deadline)}])
    current = next((c for c in incident.confirmations if c.party == key), Confirmation(party=key))
    entry = current.model_copy(update={"deadline": deadline})
    return commit(store, ctx, incident, incident.model_copy(update={"confirmations": _with(incident, entry)}),
                  reason=f"confirmation requested from {key} by {deadline}")


def record_position(store: IncidentStore, ctx: Ctx, ref: str | int, party: str, position: Position, *,
                    counter_evidence: str | None = None) -> Incident:
    """Record a monitoring party's position; disputing needs counter-evidence."""
    incident = get_incident(store, ref)
    check_lock(incident, ctx)
    key = _monitor(store, party)
    position = Position(position)
    evidence = (counter_evidence or "").strip() or None
    if position == Position.disputes and evidence is None:
        raise InvalidValue("a party that disputes an incident must give its counter-evidence",
                           details=[{"field": "counter_evidence", "value": counter_evidence}])
    current = next((c for c in incident.confirmations if c.party == key), Confirmation(party=key))
    entry = current.model_copy(update={"position": position, "counter_evidence": evidence,
                                       "recorded_at": ctx.clock.now(), "recorded_by": ctx.actor})
    return commit(store, ctx, incident, incident.model_copy(update={"confirmations": _with(incident, entry)}),
                  reason=f"{key} {position}" + (f": {evidence}" if evidence else ""))


def confirmation_counts(store: IncidentStore, start: datetime, end: datetime) -> dict[str, Any]:
    """For bulletins: incidents reported in ``[start, end]`` and each party's positions on them."""
    incidents = [i for i in store.incidents.list(IncidentQuery(start=start, end=end), Page(limit=10**9)).items
                 if i.status != IncidentStatus.duplicate]
    by_party: dict[str, Counter[str]] = {}
    for incident in incidents:
        for c in incident.confirmations:
            by_party.setdefault(c.party, Counter())[str(c.position)] += 1
    return {"reported": len(incidents),
            "by_party": {p: dict(sorted(counts.items())) for p, counts in sorted(by_party.items())}}
