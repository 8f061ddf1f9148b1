"""Envelopes: PAE, signing, countersigning, shape checks."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.exchange.helpers import BODY, T0, make_world
from truceline.errors import ExchangeError, TrucelineError
from truceline.exchange.canonical import parse_strict
from truceline.exchange.envelope import PAYLOAD_TYPE, countersign, envelope_from_json, pae, sign, strict_b64decode
from truceline.exchange.keys import revoked


def test_pae_matches_the_dsse_definition():
    assert pae("http://example.com/HelloWorld", b"hello world") == \
        b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
    assert pae("t", "é".encode()) == b"DSSEv1 1 t 2 " + "é".encode()


def test_sign_writes_a_canonical_payload_with_the_header():
    world = make_world()
    envelope = sign(BODY, kind="bulletin", key_ring=world.turkey, sequence=7, now=T0 + timedelta(microseconds=5),
                    ttl=timedelta(days=2), audience="russia")
    doc = parse_strict(envelope.payload)
    assert doc["header"] == {"version": 1, "issuer": "turkey", "sequence": 7, "kind": "bulletin",
                             "issued_at": "2017-10-30T09:00:00Z", "expires_at": "2017-11-01T09:00:00Z",
                             "audience": "russia"}
    assert doc["body"] == BODY
    assert envelope.payload_type == PAYLOAD_TYPE


def test_sign_signature_verifies_over_the_pae():
    world = make_world()
    envelope = sign(BODY, kind="bulletin", key_ring=world.turkey, sequence=1, now=T0, ttl=timedelta(days=1))
    (signature,) = envelope.signatures
    assert signature.keyid == world.turkey.active().key_id
    Ed25519PublicKey.from_public_bytes(world.turkey.active().public_key).verify(
        signature.sig, pae(PAYLOAD_TYPE, envelope.payload))


def test_envelope_round_trips_through_bytes():
    world = make_world()
    envelope = sign(BODY, kind="bulletin", key_ring=world.turkey, sequence=1, now=T0, ttl=timedelta(days=1))
    data = envelope.to_bytes()
    assert set(json.loads(data)) == {"payload", "payloadType", "signatures"}
    assert envelope_from_json(parse_strict(data)) == envelope


def test_countersign_keeps_the_issuer_signature_and_adds_one():
    world = make_world()
    envelope = sign(BODY, kind="bulletin", key_ring=world.turkey, sequence=1, now=T0, ttl=timedelta(days=1))
    both = countersign(envelope, key_ring=world.russia)
    assert both.signatures[0] == envelope.signatures[0]
    assert both.signatures[1].keyid == world.russia.active().key_id
    assert both.payload == envelope.payload
    assert countersign(both, key_ring=world.russia) == both


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"body": {"lat": 36.2}}, "E506"),
    ({"ttl": timedelta(0)}, "E104"),
    ({"sequence": 0}, "E523"),
    ({"kind": "Not A Kind"}, "E523"),
    ({"audience": "Somebody Else"}, "E523"),
])
def test_sign_refuses_what_verify_would_refuse(kwargs, code):
    world = make_world()
    options = {"body": BODY, "kind": "bulletin", "key_ring": world.turkey, "sequence": 1, "now": T0,
               "ttl": timedelta(days=1), **kwargs}
    with pytest.raises(TrucelineError) as err:
        sign(**options)  # type: ignore[arg-type]
    assert err.value.code == code


def test_sign_refuses_without_an_active_key():
    world = make_world()
    ring = revoked(world.turkey, world.turkey.active().key_id, now=T0, reason="lost laptop")
    with pytest.raises(ExchangeError) as err:
        sign(BODY, kind="bulletin", key_ring=ring, sequence=1, now=T0, ttl=timedelta(days=1))
    assert err.value.code == "E531"


@pytest.mark.parametrize("text", ["QQ", "QQ=", "QR==", "Q Q==", "QQ==\n", "é"])
def test_strict_b64decode_refuses_non_canonical_base64(text):
    with pytest.raises(ExchangeError) as err:
        strict_b64decode(text, what="x")
    assert err.value.code == "E508"


def test_strict_b64decode_reads_standard_base64():
    assert strict_b64decode(base64.b64encode(b"\xfb\xff").decode(), what="x") == b"\xfb\xff"
