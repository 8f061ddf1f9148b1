"""The file key store: layout, permissions, round trip, refusals."""

from __future__ import annotations

import json
import os
import stat
from datetime import timedelta

import pytest

from tests.exchange.helpers import T0
from truceline.errors import TrucelineError
from truceline.exchange.keyfiles import FileKeyStore
from truceline.exchange.keys import generate_keys, revoke_key, rotate_keys


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_key_store_writes_private_keys_0600_in_a_0700_folder(tmp_path):
    store = FileKeyStore(tmp_path / "keys")
    ring = generate_keys(store, owner="turkey", now=T0)
    pem = tmp_path / "keys" / f"{ring.active().key_id}.pem"
    assert mode(tmp_path / "keys") == 0o700
    assert mode(pem) == 0o600
    assert pem.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    meta = json.loads((tmp_path / "keys" / "ring.json").read_text())
    assert meta["owner"] == "turkey"
    assert "PRIVATE" not in (tmp_path / "keys" / "ring.json").read_text()


def test_file_key_store_round_trips_the_ring_with_its_lifecycle(tmp_path):
    store = FileKeyStore(tmp_path)
    generate_keys(store, owner="turkey", now=T0)
    rotate_keys(store, now=T0 + timedelta(days=1))
    revoke_key(store, store.load().keys[0].key_id, now=T0 + timedelta(days=2), reason="retired laptop")
    ring = FileKeyStore(tmp_path).load()
    assert [k.status for k in ring.keys] == ["revoked", "active"]
    assert ring.keys[0].revoked_reason == "retired laptop"
    assert ring.keys[0].retired_at == T0 + timedelta(days=1)
    key_id, private = ring.signing_key()
    assert key_id == ring.keys[1].key_id
    assert set(ring.private_keys) == {k.key_id for k in ring.keys}


def test_file_key_store_force_replaces_old_private_keys(tmp_path):
    store = FileKeyStore(tmp_path)
    old = generate_keys(store, owner="turkey", now=T0)
    new = generate_keys(store, owner="turkey", now=T0, force=True)
    assert sorted(p.stem for p in tmp_path.glob("*.pem")) == [new.active().key_id]
    assert old.active().key_id not in (tmp_path / "ring.json").read_text()


def test_file_key_store_is_empty_without_a_ring(tmp_path):
    assert FileKeyStore(tmp_path / "nothing").load() is None


def test_file_key_store_refuses_a_private_key_others_can_read(tmp_path):
    store = FileKeyStore(tmp_path)
    ring = generate_keys(store, owner="turkey", now=T0)
    os.chmod(tmp_path / f"{ring.active().key_id}.pem", 0o644)
    with pytest.raises(TrucelineError) as err:
        store.load()
    assert err.value.code == "E534"
    assert "chmod 600" in err.value.user_message


@pytest.mark.parametrize("damage", ["ring-not-json", "ring-wrong-format", "pem-garbage", "pem-of-another-key"])
def test_file_key_store_refuses_damaged_files(tmp_path, damage):
    store = FileKeyStore(tmp_path)
    ring = generate_keys(store, owner="turkey", now=T0)
    ring_path, pem = tmp_path / "ring.json", tmp_path / f"{ring.active().key_id}.pem"
    if damage == "ring-not-json":
        ring_path.write_text("{oops")
    elif damage == "ring-wrong-format":
        ring_path.write_text(ring_path.read_text().replace('"format": 1', '"format": 9'))
    elif damage == "pem-garbage":
        pem.write_bytes(b"not a key")
    else:
        other = generate_keys(FileKeyStore(tmp_path / "other"), owner="x", now=T0)
        pem.write_bytes((tmp_path / "other" / f"{other.active().key_id}.pem").read_bytes())
    with pytest.raises(TrucelineError) as err:
        store.load()
    assert err.value.code == "E534"
