"""Any single changed byte of a good envelope is refused with an exchange error, never accepted or crashing.

The one exception is by design: signatures are not covered by each other, so a changed countersignature
key id turns that countersignature into one by an unknown key, which is listed and not trusted.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.exchange.helpers import make_world
from truceline.errors import ExchangeError
from truceline.exchange.canonical import parse_strict
from truceline.exchange.envelope import countersign, envelope_from_json
from truceline.exchange.sequences import MemorySequenceStore
from truceline.exchange.verify import verify


@pytest.mark.parametrize("mask", [0x01, 0x20, 0x80])
@pytest.mark.parametrize("countersigned", [False, True])
def test_verify_refuses_every_single_byte_change(mask, countersigned):
    world = make_world()
    data = world.envelope(sequence=1)
    if countersigned:
        data = countersign(envelope_from_json(parse_strict(data)), key_ring=world.russia).to_bytes()
    peers = world.peers
    good = verify(data, peers=peers, sequences=world.sequences, now=world.now, expected_kinds={"bulletin"})
    countersigner_keyid = world.russia.active().key_id.encode()
    keyid_at = data.find(countersigner_keyid) if countersigned else -1
    before = copy.deepcopy(world.sequences.marks)
    for position in range(len(data)):
        changed = bytearray(data)
        changed[position] ^= mask
        try:
            verified = verify(bytes(changed), peers=peers, sequences=world.sequences, now=world.now,
                              expected_kinds={"bulletin"})
        except ExchangeError:
            continue
        assert countersigned and keyid_at <= position < keyid_at + len(countersigner_keyid), \
            f"accepted a change at byte {position}"
        assert verified.digest == good.digest
        assert verified.countersigned_by == ()
        assert len(verified.unknown_keyids) == 1
    assert world.sequences.marks == before


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**60), 2**60) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["payload", "payloadType", "signatures", "keyid", "sig", "header", "body", "x"]), inner,
        max_size=4),
    max_leaves=15)

WORLD = make_world()


@given(st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_verify_answers_any_input_with_an_exchange_error(data):
    with pytest.raises(ExchangeError):
        verify(data, peers=WORLD.peers, sequences=MemorySequenceStore(), now=WORLD.now, expected_kinds={"bulletin"})
