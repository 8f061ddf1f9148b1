"""Two instances on files: keys and peers set up as the CLI does, a bulletin signed, verified, countersigned."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.exchange.helpers import BODY, T0
from truceline.errors import ExchangeError
from truceline.exchange import countersign, record_accepted, sign, verify
from truceline.exchange.canonical import parse_strict
from truceline.exchange.envelope import envelope_from_json
from truceline.exchange.keyfiles import FileKeyStore
from truceline.exchange.keys import generate_keys, load_ring, rotate_keys
from truceline.exchange.peers import FilePeerStore, add_peer, ring_as_peer
from truceline.exchange.sequences import MemorySequenceStore


def instance(root, name):
    keys, peers = FileKeyStore(root / name / "keys"), FilePeerStore(root / name / "peers.json")
    generate_keys(keys, owner=name, now=T0)
    return keys, peers


def introduce(keys_of, peers_at, name):
    add_peer(peers_at, name, json.dumps(load_ring(keys_of).public_json()).encode())


def test_bulletin_travels_between_two_instances_and_comes_back_countersigned(tmp_path):
    turkey_keys, turkey_peers = instance(tmp_path, "turkey")
    russia_keys, russia_peers = instance(tmp_path, "russia")
    introduce(turkey_keys, russia_peers, "turkey")
    introduce(russia_keys, turkey_peers, "russia")
    now = T0 + timedelta(days=1)

    data = sign(BODY, kind="bulletin", key_ring=load_ring(turkey_keys), sequence=1, now=now,
                ttl=timedelta(days=7)).to_bytes()
    at_russia = MemorySequenceStore()
    verified = verify(data, peers=russia_peers.load(), sequences=at_russia, now=now, expected_kinds={"bulletin"})
    record_accepted(verified, sequences=at_russia, now=now)
    receipt = countersign(verified.envelope, key_ring=load_ring(russia_keys)).to_bytes()

    at_turkey = MemorySequenceStore()  # turkey checks its own bulletin with russia's countersignature
    own = turkey_peers.load().with_peer(ring_as_peer(load_ring(turkey_keys)))
    back = verify(receipt, peers=own, sequences=at_turkey, now=now, expected_kinds={"bulletin"})
    assert back.countersigned_by == ("russia",)
    assert back.digest == verified.digest

    with pytest.raises(ExchangeError) as err:  # the same file again at russia
        verify(data, peers=russia_peers.load(), sequences=at_russia, now=now, expected_kinds={"bulletin"})
    assert err.value.code == "E519"


def test_rotation_reaches_the_peer_through_the_key_file(tmp_path):
    turkey_keys, _ = instance(tmp_path, "turkey")
    _, russia_peers = instance(tmp_path, "russia")
    introduce(turkey_keys, russia_peers, "turkey")
    rotate_keys(turkey_keys, now=T0 + timedelta(days=2))
    now = T0 + timedelta(days=3)
    data = sign(BODY, kind="bulletin", key_ring=load_ring(turkey_keys), sequence=1, now=now,
                ttl=timedelta(days=1)).to_bytes()
    with pytest.raises(ExchangeError) as err:
        verify(data, peers=russia_peers.load(), sequences=MemorySequenceStore(), now=now, expected_kinds={"bulletin"})
    assert err.value.code == "E512"
    introduce(turkey_keys, russia_peers, "turkey")
    verified = verify(data, peers=russia_peers.load(), sequences=MemorySequenceStore(), now=now,
                      expected_kinds={"bulletin"})
    assert verified.key_id == load_ring(turkey_keys).active().key_id
    assert envelope_from_json(parse_strict(data)) == verified.envelope
