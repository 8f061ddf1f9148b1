"""verify(): what it accepts, and every refusal with its own code, leaving the sequence state untouched."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.exchange.helpers import BODY, DROP, TTL, World, b64, envelope_bytes, make_world, payload_of, with_doc
from truceline.errors import ExchangeError
from truceline.exchange.canonical import canonical_bytes, format_time
from truceline.exchange.envelope import countersign, envelope_from_json, pae
from truceline.exchange.keys import revoked, rotated
from truceline.exchange.peers import Peers, ring_as_peer
from truceline.exchange.sequences import StreamKey
from truceline.exchange.verify import record_accepted, verify

KINDS = ("bulletin", "incident_bundle")


@pytest.fixture
def world() -> World:
    """Turkey's bulletin stream has envelope 1 accepted; the next good one is 2."""
    w = make_world()
    first = verify(w.envelope(sequence=1), peers=w.peers, sequences=w.sequences, now=w.now, expected_kinds=KINDS)
    record_accepted(first, sequences=w.sequences, now=w.now)
    return w


def check(world: World, data: bytes, **kwargs: object):
    options = {"peers": world.peers, "sequences": world.sequences, "now": world.now, "expected_kinds": KINDS,
               **kwargs}
    return verify(data, **options)  # type: ignore[arg-type]


def test_verify_accepts_a_good_envelope_and_reads_its_header(world):
    verified = check(world, world.envelope())
    assert (verified.issuer, verified.sequence, verified.kind) == ("turkey", 2, "bulletin")
    assert verified.body == BODY
    assert verified.key_id == world.turkey.active().key_id
    assert verified.previous_sequence == 1
    assert verified.countersigned_by == ()


def test_verify_records_nothing_until_record_accepted(world):
    verified = check(world, world.envelope())
    stream = StreamKey("turkey", "bulletin", "")
    assert world.sequences.last(stream).sequence == 1
    mark = record_accepted(verified, sequences=world.sequences, now=world.now)
    assert world.sequences.last(stream) == mark
    assert mark.sequence == 2


def test_verify_starts_a_new_stream_at_any_sequence(world):
    verified = check(world, world.envelope(sequence=41, kind="incident_bundle"))
    assert verified.previous_sequence is None
    record_accepted(verified, sequences=world.sequences, now=world.now)
    assert check(world, world.envelope(sequence=42, kind="incident_bundle")).sequence == 42


def test_verify_accepts_envelopes_addressed_to_the_receiver(world):
    data = world.envelope(sequence=1, audience="russia")
    verified = check(world, data, receiver="russia")
    assert verified.stream == StreamKey("turkey", "bulletin", "russia")


def test_verify_accepts_what_an_old_key_signed_before_rotation(world):
    old = world.turkey
    data = world.envelope(ring=old, issued=world.now - timedelta(hours=1))
    world.turkey = rotated(old, now=world.now)
    assert check(world, data).key_id == old.keys[0].key_id


def test_verify_accepts_what_a_key_signed_before_its_revocation(world):
    data = world.envelope(issued=world.now - timedelta(hours=2))
    world.turkey = revoked(world.turkey, world.turkey.active().key_id, now=world.now, reason="retired early",
                           at=world.now - timedelta(hours=1))
    assert check(world, data).sequence == 2


def test_verify_reports_countersignatures_by_known_peers(world):
    envelope = envelope_from_json(as_json(world.envelope()))
    both = countersign(envelope, key_ring=world.russia)
    verified = check(world, both.to_bytes())
    assert verified.countersigned_by == ("russia",)
    assert len(verified.envelope.signatures) == 2


def test_verify_lists_but_does_not_trust_signatures_by_unknown_keys(world):
    envelope = countersign(envelope_from_json(as_json(world.envelope())), key_ring=world.stranger)
    verified = check(world, envelope.to_bytes())
    assert verified.countersigned_by == ()
    assert verified.unknown_keyids == (world.stranger.active().key_id,)


def test_record_accepted_refuses_when_the_stream_moved_on(world):
    first = check(world, world.envelope())
    second = check(world, world.envelope())
    record_accepted(first, sequences=world.sequences, now=world.now)
    with pytest.raises(ExchangeError) as err:
        record_accepted(second, sequences=world.sequences, now=world.now)
    assert err.value.code == "E519"


def as_json(data: bytes) -> Any:
    return json.loads(data)


# --- refusals -------------------------------------------------------------------------------------------


def _deep(depth: int) -> bytes:
    return b'{"payload":' + b"[" * depth + b"]" * depth + b"}"


def _sig_tampered(w: World) -> bytes:
    doc = as_json(w.envelope())
    sig = bytearray(base64.b64decode(doc["signatures"][0]["sig"]))
    sig[10] ^= 0x01
    doc["signatures"][0]["sig"] = b64(bytes(sig))
    return canonical_bytes(doc)


def _payload_tampered(w: World) -> bytes:
    payload = payload_of(w.envelope()).replace(b'"shelling":12', b'"shelling":13')
    return with_doc(w.envelope(), payload=b64(payload))


def _signed_by_other_key_under_turkey_id(w: World) -> bytes:
    payload = canonical_bytes({"header": w.header(), "body": BODY})
    _, russia_private = w.russia.signing_key()
    return envelope_bytes(payload, [(w.turkey.active().key_id, russia_private.sign(pae(
        "application/vnd.truceline.exchange+json", payload)))])


def _rotated_then_signed_with_old(w: World) -> bytes:
    old = w.turkey
    w.turkey = rotated(old, now=w.now - timedelta(hours=1))
    return w.envelope(ring=old)


def _revoked_then_signed(w: World) -> bytes:
    data = w.envelope()
    w.turkey = revoked(w.turkey, w.turkey.active().key_id, now=w.now, reason="compromised")
    return data


def _backdated_before_key(w: World) -> bytes:
    return w.signed_header(issued_at=format_time(w.turkey.keys[0].created_at - timedelta(days=1)),
                           expires_at=format_time(w.now + TTL))


def _replayed(w: World) -> bytes:
    data = w.envelope()
    record_accepted(check(w, data), sequences=w.sequences, now=w.now)
    return data


def _lower(w: World) -> bytes:
    record_accepted(check(w, w.envelope()), sequences=w.sequences, now=w.now)
    return w.envelope(sequence=1, body={"other": 1})


def _conflicting(w: World) -> bytes:
    record_accepted(check(w, w.envelope()), sequences=w.sequences, now=w.now)
    return w.envelope(body={"counts": {"shelling": 99}})


def _countersigned(w: World) -> Any:
    return as_json(countersign(envelope_from_json(as_json(w.envelope())), key_ring=w.russia).to_bytes())


def _bad_countersignature(w: World) -> bytes:
    doc = _countersigned(w)
    sig = bytearray(base64.b64decode(doc["signatures"][1]["sig"]))
    sig[0] ^= 0x80
    doc["signatures"][1]["sig"] = b64(bytes(sig))
    return canonical_bytes(doc)


def _countersignature_copied(w: World) -> bytes:
    doc = _countersigned(w)
    doc["signatures"][1]["sig"] = doc["signatures"][0]["sig"]
    return canonical_bytes(doc)


def _non_canonical_payload(w: World) -> bytes:
    payload = canonical_bytes({"header": w.header(), "body": BODY}).replace(b'{"counts"', b'{ "counts"')
    return w.signed_raw(payload)


def _lone_surrogate(w: World) -> bytes:
    payload = canonical_bytes({"header": w.header(), "body": {"note": "x"}}).replace(b'"x"', b'"\\ud800"')
    return w.signed_raw(payload)


CASES: list[tuple[str, str, Callable[[World], bytes], dict[str, object]]] = [
    ("oversized", "E501", lambda w: w.envelope(), {"max_bytes": 200}),
    ("not-utf8", "E502", lambda w: w.envelope().replace(b'"payloadType"', b'"payload\xffType"'), {}),
    ("byte-order-mark", "E502", lambda w: b"\xef\xbb\xbf" + w.envelope(), {}),
    ("lone-surrogate-in-payload", "E502", _lone_surrogate, {}),
    ("not-json", "E503", lambda w: w.envelope()[:-5], {}),
    ("empty", "E503", lambda w: b"", {}),
    ("duplicate-envelope-key", "E504",
     lambda w: w.envelope().replace(b'{"payload":', b'{"payloadType":"x","payload":', 1), {}),
    ("duplicate-payload-key", "E504",
     lambda w: w.signed_raw(canonical_bytes({"header": w.header(), "body": BODY}).replace(
         b'"body":{', b'"body":{"note":"a",', 1)), {}),
    ("too-deep", "E505", lambda w: _deep(40), {}),
    ("float-in-envelope", "E506", lambda w: w.envelope().replace(b'"payload":', b'"x":1.5,"payload":', 1), {}),
    ("nan-in-envelope", "E506", lambda w: w.envelope().replace(b'"payload":', b'"x":NaN,"payload":', 1), {}),
    ("float-in-body", "E506", lambda w: w.signed_raw(canonical_bytes({"header": w.header(), "body": BODY}).replace(
        b'"shelling":12', b'"shelling":12.0')), {}),
    ("huge-integer-in-body", "E506", lambda w: w.signed_raw(canonical_bytes(
        {"header": w.header(), "body": BODY}).replace(b'"shelling":12', b'"shelling":9007199254740993')), {}),
    ("envelope-is-array", "E507", lambda w: b"[]", {}),
    ("no-signatures-field", "E507", lambda w: canonical_bytes(
        {k: v for k, v in as_json(w.envelope()).items() if k != "signatures"}), {}),
    ("empty-signatures", "E507", lambda w: with_doc(w.envelope(), signatures=[]), {}),
    ("unknown-envelope-field", "E507", lambda w: with_doc(w.envelope(), comment="hi"), {}),
    ("signature-without-keyid", "E507", lambda w: with_doc(w.envelope(), signatures=[{"sig": "AAAA"}]), {}),
    ("payload-not-string", "E507", lambda w: with_doc(w.envelope(), payload=12), {}),
    ("payload-without-body", "E507", lambda w: w.signed_doc({"header": w.header()}), {}),
    ("body-not-object", "E507", lambda w: w.signed_doc({"header": w.header(), "body": [1, 2]}), {}),
    ("payload-bad-base64", "E508", lambda w: with_doc(w.envelope(), payload="***not base64***"), {}),
    ("signature-unpadded-base64", "E508", lambda w: with_doc(w.envelope(), signatures=[
        {"keyid": w.turkey.active().key_id, "sig": as_json(w.envelope())["signatures"][0]["sig"].rstrip("=")}]), {}),
    ("wrong-payload-type", "E509", lambda w: w.signed_raw(
        canonical_bytes({"header": w.header(), "body": BODY}), payload_type="application/json"), {}),
    ("signed-only-by-another-peer", "E510",
     lambda w: w.signed_raw(canonical_bytes({"header": w.header(), "body": BODY}), ring=w.russia), {}),
    ("unknown-issuer", "E511", lambda w: w.signed_header(issuer="iran"), {}),
    ("unknown-key-id", "E512", lambda w: w.envelope(ring=w.stranger), {}),
    ("wrong-key", "E513", _signed_by_other_key_under_turkey_id, {}),
    ("tampered-payload-byte", "E514", _payload_tampered, {}),
    ("tampered-signature-byte", "E514", _sig_tampered, {}),
    ("truncated-signature", "E514", lambda w: with_doc(w.envelope(), signatures=[
        {"keyid": w.turkey.active().key_id, "sig": b64(b"\x01" * 63)}]), {}),
    ("payload-type-swapped-after-signing", "E509",
     lambda w: with_doc(w.envelope(), payloadType="application/vnd.other+json"), {}),
    ("bad-countersignature", "E514", _bad_countersignature, {}),
    ("countersignature-copied-from-issuer", "E513", _countersignature_copied, {}),
    ("revoked-key", "E515", _revoked_then_signed, {}),
    ("old-key-after-rotation", "E516", _rotated_then_signed_with_old, {}),
    ("dated-before-key-existed", "E516", _backdated_before_key, {}),
    ("expired", "E517", lambda w: w.envelope(issued=w.now - TTL - timedelta(seconds=1)), {}),
    ("expires-exactly-now", "E517", lambda w: w.envelope(issued=w.now - TTL), {}),
    ("issued-in-future", "E518", lambda w: w.envelope(issued=w.now + timedelta(minutes=6)), {}),
    ("replayed", "E519", _replayed, {}),
    ("lower-sequence", "E520", _lower, {}),
    ("sequence-gap", "E520", lambda w: w.envelope(sequence=4), {}),
    ("same-sequence-other-payload", "E521", _conflicting, {}),
    ("header-missing-sequence", "E522", lambda w: w.signed_header(sequence=DROP), {}),
    ("header-missing-issuer", "E522", lambda w: w.signed_header(issuer=DROP), {}),
    ("header-missing-expiry", "E522", lambda w: w.signed_header(expires_at=DROP), {}),
    ("sequence-is-string", "E523", lambda w: w.signed_header(sequence="2"), {}),
    ("sequence-is-boolean", "E523", lambda w: w.signed_header(sequence=True), {}),
    ("sequence-zero", "E523", lambda w: w.signed_header(sequence=0), {}),
    ("issued-at-not-utc", "E523", lambda w: w.signed_header(issued_at="2017-10-31T09:00:00+03:00"), {}),
    ("expiry-before-issue", "E523", lambda w: w.signed_header(expires_at=format_time(w.now - timedelta(1))), {}),
    ("unknown-header-field", "E523", lambda w: w.signed_header(priority=1), {}),
    ("issuer-not-a-name", "E523", lambda w: w.signed_header(issuer="Turkey Forces"), {}),
    ("kind-not-a-word", "E523", lambda w: w.signed_header(kind="Bulletin!"), {}),
    ("lifetime-too-long", "E523", lambda w: w.envelope(ttl=timedelta(days=365)), {}),
    ("non-canonical-payload", "E524", _non_canonical_payload, {}),
    ("unexpected-kind", "E525", lambda w: w.envelope(kind="confirmations"), {}),
    ("addressed-to-another", "E526", lambda w: w.envelope(audience="iran"), {"receiver": "russia"}),
    ("addressed-without-receiver", "E526", lambda w: w.envelope(audience="russia"), {}),
    ("header-version-2", "E527", lambda w: w.signed_header(version=2), {}),
]


@pytest.mark.parametrize(("name", "code", "build", "options"), CASES, ids=[c[0] for c in CASES])
def test_verify_refuses_with_its_code_and_records_nothing(world, name, code, build, options):
    data = build(world)
    before = copy.deepcopy(world.sequences.marks)
    with pytest.raises(ExchangeError) as err:
        check(world, data, **options)
    assert err.value.code == code, err.value.user_message
    assert err.value.user_message
    assert world.sequences.marks == before


def test_verify_has_at_least_thirty_distinct_refusals():
    assert len({name for name, *_ in CASES}) >= 30
    assert len({code for _, code, *_ in CASES}) >= 25


def test_verify_refuses_issuer_unknown_to_an_empty_peer_list(world):
    with pytest.raises(ExchangeError) as err:
        check(world, world.envelope(), peers=Peers())
    assert err.value.code == "E511"


def test_verify_refuses_a_peer_key_revoked_locally(world):
    from truceline.exchange.peers import MemoryPeerStore, revoke_peer_key

    store = MemoryPeerStore(Peers([ring_as_peer(world.turkey)]))
    revoke_peer_key(store, "turkey", world.turkey.active().key_id, now=world.now - timedelta(minutes=1),
                    reason="reported stolen")
    with pytest.raises(ExchangeError) as err:
        check(world, world.envelope(), peers=store.load())
    assert err.value.code == "E515"
