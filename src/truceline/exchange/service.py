"""Exchange use-cases: sign into the outbox, export bundles and positions, verify and import what peers send.

Every import verifies the envelope completely before any of its body is read (``verify.verify``), imports
the body beside this instance's own records (``inbox.py``; confirmation positions go to the ledger of this
instance's own incidents, as the issuing party's positions), and advances the stream's sequence state
(``record_accepted``) in the same transaction: the caller commits once, or nothing is written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from truceline.bulletins.models import Bulletin, Period
from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.common.paging import Page
from truceline.errors import InvalidValue, NoKeyRing, NotFound, UnknownIncident
from truceline.exchange import bundles
from truceline.exchange.envelope import countersign, sign
from truceline.exchange.inbox import Accepted, Inbox, ReceivedIncident
from truceline.exchange.keys import KeyRing
from truceline.exchange.outbox import Issued, Outbox
from truceline.exchange.peers import Peers, ring_as_peer
from truceline.exchange.sequences import MemorySequenceStore, SequenceStore, StreamKey
from truceline.exchange.verify import VerifiedPayload, record_accepted, verify
from truceline.incidents import confirmations
from truceline.incidents.models import IncidentQuery, Position

BULLETIN, BUNDLE, CONFIRMATIONS = "bulletin", "incident_bundle", "confirmations"
KINDS = (BULLETIN, BUNDLE, CONFIRMATIONS)
DEFAULT_TTL = timedelta(days=30)
ALL = Page(limit=10**9, offset=0)


@dataclass
class Exchange:
    """The ports one exchange use-case works over, all in one transaction."""

    name: str  # this instance's name: the issuer of what it signs, the audience of what it receives
    ring: KeyRing | None
    peers: Peers
    sequences: SequenceStore
    outbox: Outbox
    inbox: Inbox
    store: Any  # the domain store: incidents, reports, sources, parties, changes


@dataclass(frozen=True)
class Receipt:
    issuer: str
    kind: str
    sequence: int
    digest: str
    imported: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"ok": True, "issuer": self.issuer, "kind": self.kind, "sequence": self.sequence,
                "digest": self.digest, "imported": self.imported}


def _ring(ex: Exchange) -> KeyRing:
    if ex.ring is None:
        raise NoKeyRing("this instance has no key ring; run `truceline keys generate --name YOUR-PARTY-KEY`")
    return ex.ring


def issue(ex: Exchange, body: dict[str, Any], *, kind: str, now: datetime, ttl: timedelta = DEFAULT_TTL,
          audience: str | None = None) -> Issued:
    """Sign ``body`` with the next number of its stream and keep it in the outbox."""
    ring = _ring(ex)
    stream = StreamKey(ring.owner, kind, audience or "")
    sequence = ex.outbox.next_sequence(stream)
    envelope = sign(body, kind=kind, key_ring=ring, sequence=sequence, now=now, ttl=ttl, audience=audience)
    issued = Issued(stream=stream, sequence=sequence, digest=hashlib.sha256(envelope.payload).hexdigest(),
                    issued_at=now.replace(microsecond=0), expires_at=(now + ttl).replace(microsecond=0),
                    envelope=envelope.to_bytes())
    ex.outbox.add(issued)
    return issued


def sign_bulletin(ex: Exchange, bulletin: Bulletin, *, now: datetime, ttl: timedelta = DEFAULT_TTL) -> Issued:
    if bulletin.issuer != _ring(ex).owner:
        raise InvalidValue(f"a signed bulletin is issued by this instance's key ring owner '{_ring(ex).owner}', "
                           f"not {bulletin.issuer!r}", details=[{"field": "issuer", "value": bulletin.issuer}])
    return issue(ex, bundles.bulletin_body(bulletin), kind=BULLETIN, now=now, ttl=ttl)


def export_bundle(ex: Exchange, *, start: date, end: date, now: datetime, audience: str | None = None,
                  ttl: timedelta = DEFAULT_TTL) -> Issued:
    """Sign the published incidents that started in ``start``..``end`` with their reports' claims."""
    period = Period.of(start, end)
    if audience is not None and ex.peers.get(audience) is None:
        raise InvalidValue(f"audience '{audience}' is not a configured peer",
                           details=[{"field": "audience", "value": audience}])
    query = IncidentQuery(start=period.starts_at, end=period.ends_at, published=True)
    incidents = [i for i in ex.store.incidents.list(query, ALL).items if period.contains(i.start)]
    claims = []
    for incident in incidents:
        reports = ex.store.reports.by_incident(incident.id)
        parties: dict[str, str | None] = {}
        for key in {r.source for r in reports}:
            source = ex.store.sources.get_by_key(key)
            parties[key] = None if source is None else source.party
        claims.append(bundles.incident_claim(incident, reports, source_party=parties))
    body = bundles.bundle_body(claims, start=period.start, end=period.end)
    return issue(ex, body, kind=BUNDLE, now=now, ttl=ttl, audience=audience)


def record_received_position(ex: Exchange, issuer: str, uid: str, position: Position | str, *, now: datetime,
                             counter_evidence: str | None = None) -> ReceivedIncident:
    """This instance's position on an incident a peer shared (the latest version received)."""
    position = Position(position)
    evidence = (counter_evidence or "").strip() or None
    if position == Position.disputes and evidence is None:
        raise InvalidValue("a party that disputes an incident must give its counter-evidence",
                           details=[{"field": "counter_evidence", "value": counter_evidence}])
    found = [r for r in ex.inbox.incidents(issuer=issuer) if r.uid == uid]
    if not found:
        raise NotFound(f"no incident {uid!r} received from '{issuer}'")
    ex.inbox.set_position(issuer, uid, found[0].version, position=str(position), counter_evidence=evidence, at=now)
    return next(r for r in ex.inbox.incidents(issuer=issuer) if r.uid == uid)


def send_confirmations(ex: Exchange, *, to: str, now: datetime, ttl: timedelta = DEFAULT_TTL) -> Issued:
    """Sign this instance's positions on the incidents ``to`` shared, addressed to ``to``."""
    if ex.peers.get(to) is None:
        raise InvalidValue(f"'{to}' is not a configured peer", details=[{"field": "to", "value": to}])
    positions = [{"uid": r.uid, "version": r.version, "position": r.position, "counter_evidence": r.counter_evidence}
                 for r in ex.inbox.incidents(issuer=to) if r.position is not None]
    if not positions:
        raise InvalidValue(f"no positions recorded on incidents received from '{to}' "
                           "(`truceline exchange position` records one)")
    return issue(ex, bundles.confirmations_body(_ring(ex).owner, positions), kind=CONFIRMATIONS, now=now, ttl=ttl,
                 audience=to)


def verify_file(data: bytes, *, peers: Peers, ring: KeyRing | None, now: datetime,
                kinds: Collection[str] = KINDS, receiver: str | None = None) -> VerifiedPayload:
    """Verify an envelope alone (nothing recorded): the peers and this instance's own key ring are trusted,
    the sequence state is fresh."""
    trusted = peers if ring is None else peers.with_peer(ring_as_peer(ring))
    return verify(data, peers=trusted, sequences=MemorySequenceStore(), now=now, expected_kinds=kinds,
                  receiver=receiver or (None if ring is None else ring.owner))


def receive(ex: Exchange, data: bytes, *, now: datetime, kinds: Collection[str] = KINDS) -> Receipt:
    """Verify ``data``, then import it by kind and advance its stream; raises the first refusal."""
    verified = verify(data, peers=ex.peers, sequences=ex.sequences, now=now, expected_kinds=kinds,
                      receiver=ex.name)
    if verified.kind == BULLETIN:
        bulletin = bundles.bulletin_from_body(verified.body, issuer=verified.issuer)
        imported = {"bulletins": 1, "incidents": len(bulletin.incidents)}
    elif verified.kind == BUNDLE:
        imported = _import_bundle(ex, verified, now=now)
    else:
        imported = _import_positions(ex, verified, now=now)
    envelope = verified.envelope if ex.ring is None else countersign(verified.envelope, key_ring=ex.ring)
    ex.inbox.add_accepted(Accepted(issuer=verified.issuer, kind=verified.kind, audience=verified.stream.audience,
                                   sequence=verified.sequence, digest=verified.digest, accepted_at=now,
                                   envelope=envelope.to_bytes()))
    record_accepted(verified, sequences=ex.sequences, now=now)
    return Receipt(issuer=verified.issuer, kind=verified.kind, sequence=verified.sequence, digest=verified.digest,
                   imported=imported)


def _import_bundle(ex: Exchange, verified: VerifiedPayload, *, now: datetime) -> dict[str, int]:
    added = kept = 0
    for claim in bundles.claims_from_body(verified.body):
        if ex.inbox.has_incident(verified.issuer, claim["uid"], claim["version"]):
            kept += 1
            continue
        ex.inbox.add_incident(ReceivedIncident(issuer=verified.issuer, uid=claim["uid"], version=claim["version"],
                                               sequence=verified.sequence, digest=verified.digest,
                                               received_at=now, claim=claim))
        added += 1
    return {"incidents": added, "already_held": kept}


def _import_positions(ex: Exchange, verified: VerifiedPayload, *, now: datetime) -> dict[str, int]:
    """The issuer's positions, recorded in the ledger of this instance's own incidents as the issuer's."""
    positions = bundles.positions_from_body(verified.body, issuer=verified.issuer)
    ctx = Ctx(actor=f"peer:{verified.issuer}", clock=FixedClock(now))
    for item in positions:
        incident = ex.store.incidents.get_by_uid(item["uid"])
        if incident is None:
            raise UnknownIncident(f"'{verified.issuer}' sent a position on incident {item['uid']!r}, which this "
                                  "instance does not hold", details=[{"field": "uid", "value": item["uid"]}])
        confirmations.record_position(ex.store, ctx, incident.id, verified.issuer, item["position"],
                                      counter_evidence=item["counter_evidence"])
    return {"positions": len(positions)}
