"""Verify an envelope from a peer before anything of its body is read, then record it once imported.

The order of checks (each refusal has its own code, see docs/exchange.md):

1. size, UTF-8, strict JSON of the envelope (duplicate keys, depth, numbers);
2. envelope shape, strict base64, ``payloadType``;
3. the payload: strict JSON, canonical bytes, ``{"header", "body"}``, the header's ``issuer`` alone;
4. the issuer is a configured peer; a signature by one of its keys exists; it verifies over the PAE
   (if it does not, whether another known key made it: wrong key, else bad signature);
5. the whole header (fields, types, version), then the key's state at ``issued_at``: revoked, outside its
   validity; then kind, audience, issue time against the clock (skew), expiry, lifetime;
6. the sequence number against the stream's state (read only);
7. countersignatures by known keys verify (unknown ones are listed, not trusted).

Nothing is recorded here: the caller imports the body, then calls ``record_accepted`` in the same
transaction, so a failed import leaves the sequence state as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature

from truceline.errors import (
    BadSignature,
    EnvelopeExpired,
    HeaderInvalid,
    IssuedInFuture,
    KeyNotValidAtIssue,
    NoIssuerSignature,
    PayloadNotCanonical,
    RevokedKey,
    SequenceOutOfOrder,
    UnexpectedKind,
    UnknownIssuer,
    UnknownKeyId,
    WrongAudience,
    WrongKey,
    WrongPayloadType,
)
from truceline.exchange.canonical import DEFAULT_MAX_DEPTH, canonical_bytes, format_time, parse_strict
from truceline.exchange.envelope import PAYLOAD_TYPE, Envelope, Signature, envelope_from_json, pae
from truceline.exchange.header import Header, header_from_json, issuer_of, split_payload
from truceline.exchange.peers import Peer, PeerKey, Peers
from truceline.exchange.sequences import SequenceMark, SequenceStore, StreamKey, check_next

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_SKEW = timedelta(minutes=5)
DEFAULT_MAX_TTL = timedelta(days=90)


@dataclass(frozen=True)
class VerifiedPayload:
    header: Header
    body: dict[str, Any]
    envelope: Envelope
    digest: str  # SHA-256 hex of the payload bytes
    key_id: str  # the issuer's key that signed
    countersigned_by: tuple[str, ...]  # peers whose countersignatures verified
    unknown_keyids: tuple[str, ...]  # signatures by keys no peer holds: not checked, not trusted
    previous_sequence: int | None  # the stream's last accepted number when verified

    @property
    def issuer(self) -> str:
        return self.header.issuer

    @property
    def sequence(self) -> int:
        return self.header.sequence

    @property
    def kind(self) -> str:
        return self.header.kind

    @property
    def stream(self) -> StreamKey:
        return StreamKey(self.header.issuer, self.header.kind, self.header.audience or "")


def verify(data: bytes, *, peers: Peers, sequences: SequenceStore, now: datetime, expected_kinds: Collection[str],
           receiver: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = DEFAULT_MAX_DEPTH,
           skew: timedelta = DEFAULT_SKEW, max_ttl: timedelta = DEFAULT_MAX_TTL) -> VerifiedPayload:
    """Check ``data`` completely (see the module doc); raise the first refusal, record nothing."""
    envelope = envelope_from_json(parse_strict(data, max_bytes=max_bytes, max_depth=max_depth, what="the envelope"))
    if envelope.payload_type != PAYLOAD_TYPE:
        raise WrongPayloadType(f"payloadType {envelope.payload_type!r}; expected {PAYLOAD_TYPE!r}")
    doc = parse_strict(envelope.payload, max_bytes=max_bytes, max_depth=max_depth, what="the payload")
    if canonical_bytes(doc) != envelope.payload:
        raise PayloadNotCanonical("the payload is not canonical JSON (sorted keys, no spaces, UTF-8): the issuer "
                                  "must sign exactly the canonical bytes")
    header_doc, body = split_payload(doc)
    peer = _issuer(peers, issuer_of(header_doc))
    key = _issuer_key(envelope, peer, peers)
    header = header_from_json(header_doc)
    _check_key_at(key, header, peer)
    _check_header(header, now=now, expected_kinds=expected_kinds, receiver=receiver, skew=skew, max_ttl=max_ttl)
    digest = hashlib.sha256(envelope.payload).hexdigest()
    stream = StreamKey(header.issuer, header.kind, header.audience or "")
    last = sequences.last(stream)
    check_next(stream, header.sequence, digest, last)
    countersigned, unknown = _countersignatures(envelope, peers, issuer=peer)
    return VerifiedPayload(header=header, body=body, envelope=envelope, digest=digest, key_id=key.key_id,
                           countersigned_by=countersigned, unknown_keyids=unknown,
                           previous_sequence=None if last is None else last.sequence)


def record_accepted(verified: VerifiedPayload, *, sequences: SequenceStore, now: datetime) -> SequenceMark:
    """Advance the stream to this envelope; call it with the import, in the same transaction."""
    mark = SequenceMark(sequence=verified.sequence, digest=verified.digest, accepted_at=now)
    if sequences.advance(verified.stream, previous=verified.previous_sequence, mark=mark):
        return mark
    check_next(verified.stream, verified.sequence, verified.digest, sequences.last(verified.stream))
    raise SequenceOutOfOrder(f"the {verified.kind} stream of {verified.issuer} moved on while envelope "
                             f"{verified.sequence} was being imported; verify it again")


def _issuer(peers: Peers, name: str) -> Peer:
    peer = peers.get(name)
    if peer is None:
        raise UnknownIssuer(f"issuer '{name}' is not a configured peer; add it with `truceline peers add {name} "
                            "--public-key FILE` once its key is confirmed out of band")
    return peer


def _issuer_key(envelope: Envelope, peer: Peer, peers: Peers) -> PeerKey:
    own = [(s, key) for s in envelope.signatures if (key := peer.key(s.keyid)) is not None]
    if not own:
        others = [found[0].name for s in envelope.signatures if (found := peers.owner_of(s.keyid)) is not None]
        if others:
            raise NoIssuerSignature(f"the envelope claims issuer '{peer.name}' but is signed only by keys of "
                                    f"{', '.join(sorted(set(others)))}")
        ids = ", ".join(s.keyid[:16] for s in envelope.signatures)
        raise UnknownKeyId(f"no signature by a known key of '{peer.name}' (key ids: {ids}); if it rotated keys, "
                           "import its new key file")
    for signature, key in own:
        _check_signature(envelope, signature, key, peers, who=peer.name)
    return own[0][1]


def _check_signature(envelope: Envelope, signature: Signature, key: PeerKey, peers: Peers, *, who: str) -> None:
    message = pae(envelope.payload_type, envelope.payload)
    if _valid(key, signature.sig, message):
        return
    for other in peers:
        for candidate in other.keys:
            if candidate.key_id != key.key_id and _valid(candidate, signature.sig, message):
                raise WrongKey(f"the signature under key id {key.key_id[:16]}... ({who}) was made by key "
                               f"{candidate.key_id[:16]}... of '{other.name}'")
    raise BadSignature(f"the signature by {who}'s key {key.key_id[:16]}... does not match the payload: the "
                       "envelope was altered after signing, or the signature is forged")


def _valid(key: PeerKey, sig: bytes, message: bytes) -> bool:
    try:
        key.verifier().verify(sig, message)
    except InvalidSignature:
        return False
    return True


def _check_key_at(key: PeerKey, header: Header, peer: Peer) -> None:
    at = header.issued_at
    name = f"key {key.key_id[:16]}... of '{peer.name}'"
    if key.revoked_at is not None and at >= key.revoked_at:
        raise RevokedKey(f"{name} is revoked since {format_time(key.revoked_at)} ({key.revoked_reason}); "
                         f"this envelope is dated {format_time(at)}")
    if key.valid_from is not None and at < key.valid_from:
        raise KeyNotValidAtIssue(f"{name} is valid from {format_time(key.valid_from)}; this envelope is dated "
                                 f"{format_time(at)}")
    if key.valid_until is not None and at >= key.valid_until:
        raise KeyNotValidAtIssue(f"{name} was rotated out at {format_time(key.valid_until)}; this envelope is "
                                 f"dated {format_time(at)}")


def _check_header(header: Header, *, now: datetime, expected_kinds: Collection[str], receiver: str | None,
                  skew: timedelta, max_ttl: timedelta) -> None:
    if header.kind not in expected_kinds:
        raise UnexpectedKind(f"a {header.kind!r} envelope where {', '.join(sorted(expected_kinds))} is expected")
    if header.audience is not None and header.audience != receiver:
        raise WrongAudience(f"the envelope is addressed to '{header.audience}', not to "
                            f"{repr(receiver) if receiver else 'this instance (no instance name given)'}")
    if header.issued_at > now + skew:
        raise IssuedInFuture(f"issued at {format_time(header.issued_at)}, more than {skew} after this clock "
                             f"({format_time(now)}); check either clock")
    if now >= header.expires_at:
        raise EnvelopeExpired(f"expired at {format_time(header.expires_at)} (now {format_time(now)}); ask the "
                              "issuer to send it again")
    if header.expires_at - header.issued_at > max_ttl:
        raise HeaderInvalid(f"a lifetime of {header.expires_at - header.issued_at}; at most {max_ttl} is accepted")


def _countersignatures(envelope: Envelope, peers: Peers, *,
                       issuer: Peer) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Signatures by keys of other peers (the issuer's were checked already)."""
    names: list[str] = []
    unknown: list[str] = []
    for signature in envelope.signatures:
        if issuer.key(signature.keyid) is not None:
            continue
        found = peers.owner_of(signature.keyid)
        if found is None:
            unknown.append(signature.keyid)
            continue
        _check_signature(envelope, signature, found[1], peers, who=found[0].name)
        names.append(found[0].name)
    return tuple(dict.fromkeys(names)), tuple(unknown)
