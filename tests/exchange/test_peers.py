"""Peers: adding from key files, PEM or base64; merging updates; local revocation; the file store."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import generate_private_key
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.exchange.helpers import T0, b64
from truceline.errors import TrucelineError
from truceline.exchange.keys import new_ring, revoked, rotated
from truceline.exchange.peers import FilePeerStore, MemoryPeerStore, add_peer, revoke_peer_key


def key_file(ring) -> bytes:
    return json.dumps(ring.public_json()).encode()


def test_add_peer_from_its_key_file_keeps_validity():
    ring = rotated(new_ring("turkey", now=T0), now=T0 + timedelta(days=1))
    peer = add_peer(MemoryPeerStore(), "turkey", key_file(ring))
    assert [k.key_id for k in peer.keys] == [k.key_id for k in ring.keys]
    assert peer.keys[0].valid_until == T0 + timedelta(days=1)
    assert peer.keys[1].valid_from == T0 + timedelta(days=1)


def test_add_peer_from_pem_and_from_base64():
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    pem = private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    store = MemoryPeerStore()
    assert add_peer(store, "iran", pem).keys[0].public_key == raw
    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    peer = add_peer(store, "iran", b64(other).encode() + b"\n", valid_from=T0)
    assert [k.public_key for k in peer.keys] == [raw, other]
    assert peer.keys[1].valid_from == T0


def test_add_peer_again_takes_over_rotation_and_revocation_but_never_lifts_them():
    ring = new_ring("turkey", now=T0)
    store = MemoryPeerStore()
    add_peer(store, "turkey", key_file(ring))
    revoke_peer_key(store, "turkey", ring.keys[0].key_id, now=T0 + timedelta(days=5), reason="seen misused",
                    at=T0 + timedelta(days=4))
    later = revoked(rotated(ring, now=T0 + timedelta(days=1)), ring.keys[0].key_id, now=T0 + timedelta(days=6),
                    reason="rotated and revoked")
    peer = add_peer(store, "turkey", key_file(later))
    first = peer.keys[0]
    assert (first.valid_until, first.revoked_at, first.revoked_reason) == \
        (T0 + timedelta(days=1), T0 + timedelta(days=4), "seen misused")
    assert len(peer.keys) == 2
    undo = add_peer(store, "turkey", key_file(ring))  # the original file, with no revocation in it
    assert undo.keys[0].revoked_at == T0 + timedelta(days=4)


@pytest.mark.parametrize(("name", "source", "code"), [
    ("turkey", b"not a key", "E535"),
    ("turkey", b64(b"\x01" * 31).encode(), "E535"),
    ("turkey", b'{"name": "turkey"}', "E535"),
    ("turkey", b'{"name": "turkey", "keys": [{"public_key": "AAAA"}]}', "E535"),
    ("turkey", b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "E535"),
    ("Turkey!", None, "E104"),
    ("russia", None, "E104"),  # the key file names turkey
])
def test_add_peer_refuses_bad_input_and_stores_nothing(name, source, code):
    store = MemoryPeerStore()
    with pytest.raises(TrucelineError) as err:
        add_peer(store, name, source if source is not None else key_file(new_ring("turkey", now=T0)))
    assert err.value.code == code
    assert list(store.load()) == []


def test_add_peer_refuses_an_rsa_key():
    pem = generate_private_key(public_exponent=65537, key_size=1024).public_key().public_bytes(
        Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(TrucelineError) as err:
        add_peer(MemoryPeerStore(), "turkey", pem)
    assert err.value.code == "E535"


def test_add_peer_refuses_a_key_held_by_another_peer_or_twice():
    ring = new_ring("turkey", now=T0)
    store = MemoryPeerStore()
    add_peer(store, "turkey", b64(ring.keys[0].public_key).encode())
    for name in ("russia", "turkey"):
        with pytest.raises(TrucelineError) as err:
            add_peer(store, name, b64(ring.keys[0].public_key).encode())
        assert err.value.code == "E537"


@pytest.mark.parametrize(("name", "key_id", "reason", "code"), [
    ("iran", None, "x", "E536"),
    ("turkey", "ffffffffff", "x", "E532"),
    ("turkey", None, " ", "E104"),
])
def test_revoke_peer_key_refuses_bad_input(name, key_id, reason, code):
    ring = new_ring("turkey", now=T0)
    store = MemoryPeerStore()
    add_peer(store, "turkey", key_file(ring))
    before = store.load().to_json()
    with pytest.raises(TrucelineError) as err:
        revoke_peer_key(store, name, key_id or ring.keys[0].key_id, now=T0, reason=reason)
    assert err.value.code == code
    assert store.load().to_json() == before


def test_file_peer_store_round_trips(tmp_path):
    ring = rotated(new_ring("turkey", now=T0), now=T0 + timedelta(days=1))
    store = FilePeerStore(tmp_path / "peers.json")
    assert list(store.load()) == []
    add_peer(store, "turkey", key_file(ring))
    revoke_peer_key(store, "turkey", ring.keys[0].key_id[:12], now=T0 + timedelta(days=2), reason="old laptop")
    peers = FilePeerStore(tmp_path / "peers.json").load()
    peer = peers.get("turkey")
    assert peer is not None and len(peer.keys) == 2
    assert peer.keys[0].revoked_reason == "old laptop"
    assert peers.owner_of(ring.keys[1].key_id)[0].name == "turkey"


def test_file_peer_store_refuses_a_damaged_file(tmp_path):
    path = tmp_path / "peers.json"
    path.write_text('{"peers": [{"name": "a", "name": "b", "keys": []}]}')
    with pytest.raises(TrucelineError) as err:
        FilePeerStore(path).load()
    assert err.value.code == "E534"
