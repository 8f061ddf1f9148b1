"""The key ring: generate, rotate, revoke, and the use cases over a key store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.exchange.helpers import T0
from truceline.errors import TrucelineError
from truceline.exchange.keys import (
    MemoryKeyStore,
    generate_keys,
    key_id_for,
    load_ring,
    new_ring,
    revoke_key,
    rotate_keys,
)


def test_new_ring_has_one_active_key_whose_id_is_its_fingerprint():
    ring = new_ring("turkey", now=T0 + timedelta(microseconds=7))
    (key,) = ring.keys
    assert key.status == "active"
    assert key.key_id == key_id_for(key.public_key)
    assert len(key.key_id) == 64
    assert key.created_at == T0
    assert ring.signing_key()[0] == key.key_id


def test_new_ring_refuses_a_name_that_is_not_a_key():
    with pytest.raises(TrucelineError) as err:
        new_ring("Turkish Forces", now=T0)
    assert err.value.code == "E104"


def test_generate_keys_refuses_to_replace_a_ring_without_force():
    store = MemoryKeyStore()
    first = generate_keys(store, owner="turkey", now=T0)
    with pytest.raises(TrucelineError) as err:
        generate_keys(store, owner="turkey", now=T0)
    assert err.value.code == "E530"
    assert store.load() == first
    second = generate_keys(store, owner="turkey", now=T0, force=True)
    assert second.active().key_id != first.active().key_id


def test_rotate_keys_retires_the_active_key_at_rotation_time():
    store = MemoryKeyStore()
    first = generate_keys(store, owner="turkey", now=T0)
    ring = rotate_keys(store, now=T0 + timedelta(days=3))
    old, new = ring.keys
    assert old.key_id == first.active().key_id
    assert (old.status, old.retired_at) == ("retired", T0 + timedelta(days=3))
    assert (new.status, new.created_at) == ("active", T0 + timedelta(days=3))
    assert ring.signing_key()[0] == new.key_id
    assert ring.public_json()["keys"][0]["valid_until"] == "2017-11-02T09:00:00Z"


def test_revoke_key_records_time_and_reason_and_accepts_an_earlier_start():
    store = MemoryKeyStore()
    ring = generate_keys(store, owner="turkey", now=T0)
    key = revoke_key(store, ring.active().key_id[:10], now=T0 + timedelta(days=2), reason=" laptop stolen ",
                     at=T0 + timedelta(days=1))
    assert (key.status, key.revoked_at, key.revoked_reason) == ("revoked", T0 + timedelta(days=1), "laptop stolen")
    with pytest.raises(TrucelineError) as err:
        load_ring(store).signing_key()
    assert err.value.code == "E531"
    assert rotate_keys(store, now=T0 + timedelta(days=2)).active().status == "active"


@pytest.mark.parametrize(("key_id", "kwargs", "code"), [
    ("0000000000", {}, "E532"),
    ("abc", {}, "E532"),
    (None, {"reason": "  "}, "E104"),
    (None, {"at": T0 + timedelta(days=9)}, "E104"),
])
def test_revoke_key_refuses_bad_input_and_changes_nothing(key_id, kwargs, code):
    store = MemoryKeyStore()
    ring = generate_keys(store, owner="turkey", now=T0)
    options = {"now": T0 + timedelta(days=1), "reason": "compromised", **kwargs}
    with pytest.raises(TrucelineError) as err:
        revoke_key(store, key_id or ring.active().key_id, **options)  # type: ignore[arg-type]
    assert err.value.code == code
    assert store.load() == ring


def test_revoke_key_twice_is_refused():
    store = MemoryKeyStore()
    ring = generate_keys(store, owner="turkey", now=T0)
    revoke_key(store, ring.active().key_id, now=T0, reason="compromised")
    with pytest.raises(TrucelineError) as err:
        revoke_key(store, ring.keys[0].key_id, now=T0, reason="again")
    assert err.value.code == "E533"


@pytest.mark.parametrize("operation", [lambda s: rotate_keys(s, now=T0), load_ring,
                                       lambda s: revoke_key(s, "00000000", now=T0, reason="x")])
def test_operations_without_a_ring_say_how_to_make_one(operation):
    with pytest.raises(TrucelineError) as err:
        operation(MemoryKeyStore())
    assert err.value.code == "E531"
    assert "keys generate" in err.value.user_message
