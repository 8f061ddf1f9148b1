"""`truceline keys ...` and `truceline peers ...` against a temporary data directory."""

from __future__ import annotations

import json
import stat

import pytest
from typer.testing import CliRunner

from truceline.cli.main import app
from truceline.config import get_settings

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUCELINE_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_keys_generate_show_rotate_revoke(data_dir):
    r = invoke("keys", "generate", "--name", "turkey")
    assert r.exit_code == 0, r.output
    assert "instance: turkey" in r.output
    ring = json.loads(invoke("keys", "show", "--json").stdout)
    first = ring["keys"][0]["key_id"]
    pem = data_dir / "keys" / f"{first}.pem"
    assert stat.S_IMODE(pem.stat().st_mode) == 0o600
    assert "PRIVATE" not in invoke("keys", "show").output
    assert first in invoke("keys", "show").output

    r = invoke("keys", "rotate")
    assert r.exit_code == 0, r.output
    ring = json.loads(invoke("keys", "show", "--json").stdout)
    assert len(ring["keys"]) == 2 and ring["keys"][0]["valid_until"] is not None

    r = invoke("keys", "revoke", first[:12], "--reason", "old laptop", "--since", "2017-10-30T09:00:00Z")
    assert r.exit_code == 0, r.output
    ring = json.loads(invoke("keys", "show", "--json").stdout)
    assert ring["keys"][0]["revoked_at"] == "2017-10-30T09:00:00Z"
    assert ring["keys"][0]["revoked_reason"] == "old laptop"


def test_keys_generate_refuses_to_replace_without_force(data_dir):
    invoke("keys", "generate", "--name", "turkey")
    before = (data_dir / "keys" / "ring.json").read_text()
    r = invoke("keys", "generate", "--name", "turkey")
    assert r.exit_code == 2
    assert "E530" in r.stderr and "--force" in r.stderr
    assert (data_dir / "keys" / "ring.json").read_text() == before
    assert invoke("keys", "generate", "--name", "turkey", "--force").exit_code == 0


@pytest.mark.parametrize(("args", "code"), [
    (("keys", "show"), "E531"),
    (("keys", "rotate"), "E531"),
    (("keys", "generate", "--name", "Not A Key"), "E104"),
])
def test_keys_commands_without_a_ring_explain(data_dir, args, code):
    r = invoke(*args)
    assert r.exit_code != 0
    assert code in r.stderr


@pytest.mark.parametrize(("args", "code"), [
    (("keys", "revoke", "0123456789", "--reason", "x"), "E532"),
    (("keys", "revoke", "012", "--reason", "x"), "E532"),
    (("keys", "revoke", "{first}", "--reason", "x", "--since", "yesterday"), "E104"),
    (("keys", "revoke", "{first}", "--reason", "x", "--since", "2017-10-30T09:00:00"), "E104"),
    (("keys", "revoke", "{first}", "--reason", "x", "--since", "2999-01-01T00:00:00Z"), "E104"),
])
def test_keys_revoke_refuses_bad_input(data_dir, args, code):
    invoke("keys", "generate", "--name", "turkey")
    first = json.loads(invoke("keys", "show", "--json").stdout)["keys"][0]["key_id"]
    before = (data_dir / "keys" / "ring.json").read_text()
    r = invoke(*(a.format(first=first) for a in args))
    assert r.exit_code == 2
    assert code in r.stderr
    assert (data_dir / "keys" / "ring.json").read_text() == before


def test_peers_add_list_revoke_key(data_dir, tmp_path):
    invoke("keys", "generate", "--name", "turkey")
    key_file = tmp_path / "turkey.json"
    invoke("keys", "show", "--json", "--out", str(key_file))
    r = invoke("peers", "add", "turkey", "--public-key", str(key_file))
    assert r.exit_code == 0, r.output
    key_id = json.loads(key_file.read_text())["keys"][0]["key_id"]
    public = json.loads(key_file.read_text())["keys"][0]["public_key"]
    r = invoke("peers", "add", "russia", "--public-key", public)
    assert r.exit_code == 2 and "E537" in r.stderr  # that key is turkey's
    listing = json.loads(invoke("peers", "list", "--json").stdout)
    assert [p["name"] for p in listing["peers"]] == ["turkey"]
    r = invoke("peers", "revoke-key", "turkey", key_id[:10], "--reason", "reported stolen")
    assert r.exit_code == 0, r.output
    assert "revoked" in invoke("peers", "list").output
    assert json.loads((data_dir / "peers.json").read_text())["peers"][0]["keys"][0]["revoked_reason"] == \
        "reported stolen"


@pytest.mark.parametrize(("args", "code"), [
    (("peers", "add", "iran", "--public-key", "missing/file.json"), "E107"),
    (("peers", "add", "iran", "--public-key", "bm90IGEga2V5"), "E535"),
    (("peers", "revoke-key", "iran", "0123456789", "--reason", "x"), "E536"),
])
def test_peers_commands_refuse_bad_input(data_dir, args, code):
    r = invoke(*args)
    assert r.exit_code == 2
    assert code in r.stderr
    assert not (data_dir / "peers.json").exists()


def test_peers_list_without_peers(data_dir):
    r = invoke("peers", "list")
    assert r.exit_code == 0
    assert "no peers configured" in r.output
