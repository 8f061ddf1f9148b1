"""`truceline bulletin issue|verify|render|diff` with signed files and `truceline exchange ...` between
instances on SQLite files: each refusal exits non-zero with its code, and nothing is half-written."""

from __future__ import annotations

import base64
import json

import pytest
from typer.testing import CliRunner

from tests.exchange.instances import NOW, Instance, guarantors_and_observer
from truceline.cli import bulletin_cli, exchange_cli
from truceline.cli.main import app
from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.config import get_settings
from truceline.exchange.canonical import canonical_bytes
from truceline.exchange.inbox import ExchangeInboxRow, ExchangeReceivedIncidentRow
from truceline.exchange.outbox import ExchangeOutboxRow

runner = CliRunner()
PERIOD = ["--from", "2017-10-20", "--to", "2017-10-26"]


@pytest.fixture
def world(tmp_path, monkeypatch):
    clock = FixedClock(NOW)
    for module in (bulletin_cli, exchange_cli):
        monkeypatch.setattr(module, "cli_ctx", lambda: Ctx(actor="cli", clock=clock))
    yield guarantors_and_observer(tmp_path)
    get_settings.cache_clear()


def cli(monkeypatch, instance: Instance, *args: str):
    for key, value in instance.env().items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    return runner.invoke(app, list(args))


def _tamper(path, old: bytes, new: bytes) -> None:
    doc = json.loads(path.read_bytes())
    payload = base64.b64decode(doc["payload"])
    assert old in payload
    doc["payload"] = base64.b64encode(payload.replace(old, new, 1)).decode()
    path.write_bytes(canonical_bytes(doc))


def test_bulletin_issue_signs_and_numbers_the_stream(world, monkeypatch, tmp_path):
    a = world[0]
    for n in (1, 2):
        r = cli(monkeypatch, a, "bulletin", "issue", *PERIOD, "--out", str(tmp_path / f"b{n}.json"))
        assert r.exit_code == 0, r.output
        assert f"signed by turkey, sequence {n}" in r.output
    assert a.count(ExchangeOutboxRow) == 2
    r = cli(monkeypatch, a, "bulletin", "verify", str(tmp_path / "b2.json"))
    assert r.exit_code == 0, r.output
    assert "good: bulletin by turkey, sequence 2" in r.output and "3 incident(s)" in r.output


def test_bulletin_verify_on_a_peer_and_render_and_diff_signed_files(world, monkeypatch, tmp_path):
    a, b, _ = world
    for name in ("s1.json", "s2.json"):
        assert cli(monkeypatch, a, "bulletin", "issue", *PERIOD, "--out", str(tmp_path / name)).exit_code == 0
    assert cli(monkeypatch, a, "bulletin", "issue", "--unsigned", *PERIOD, "--out",
               str(tmp_path / "plain.json")).exit_code == 0
    r = cli(monkeypatch, b, "bulletin", "verify", str(tmp_path / "s1.json"))
    assert r.exit_code == 0 and "sequence 1" in r.output
    r = cli(monkeypatch, b, "bulletin", "render", str(tmp_path / "s1.json"), "--format", "json")
    assert r.exit_code == 0 and r.stdout_bytes == (tmp_path / "plain.json").read_bytes()
    r = cli(monkeypatch, b, "bulletin", "diff", str(tmp_path / "s1.json"), str(tmp_path / "plain.json"))
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize(("change", "code"), [
    ("tamper", "E514"),
    ("garbage", "E503"),
    ("duplicate", "E504"),
    ("unknown", "E511"),
])
def test_bulletin_verify_refuses_a_bad_file_with_its_code(world, monkeypatch, tmp_path, change, code):
    a, b, _ = world
    path = tmp_path / "b.json"
    assert cli(monkeypatch, a, "bulletin", "issue", *PERIOD, "--out", str(path)).exit_code == 0
    reader = b
    if change == "tamper":
        _tamper(path, b'"36.630000"', b'"36.630001"')
    elif change == "garbage":
        path.write_bytes(b'{"payloadType": ')
    elif change == "duplicate":
        path.write_bytes(path.read_bytes().replace(b'{"payload":', b'{"payloadType":"x","payload":', 1))
    else:
        (b.data_dir / "peers.json").unlink()
    r = cli(monkeypatch, reader, "bulletin", "verify", str(path))
    assert r.exit_code == 2 and f"error {code}" in r.output, r.output
    r = cli(monkeypatch, reader, "bulletin", "render", str(path))
    render_code = "E551" if change == "garbage" else code  # not recognisable as an envelope: read as a bulletin
    assert r.exit_code == 2 and f"error {render_code}" in r.output


def test_exchange_export_import_position_confirmations_round(world, monkeypatch, tmp_path):
    a, b, o = world
    bundle = tmp_path / "bundle.json"
    r = cli(monkeypatch, a, "exchange", "export", *PERIOD, "--out", str(bundle))
    assert r.exit_code == 0 and "incident bundle signed by turkey, sequence 1" in r.output, r.output
    r = cli(monkeypatch, b, "exchange", "import", str(bundle))
    assert r.exit_code == 0 and "imported incident_bundle 1 from turkey: incidents 1" in r.output, r.output
    r = cli(monkeypatch, b, "exchange", "import", str(bundle))
    assert r.exit_code == 2 and "error E519" in r.output
    assert b.count(ExchangeInboxRow) == 1 and b.count(ExchangeReceivedIncidentRow) == 1
    with b.exchange() as ex:
        uid = ex.inbox.incidents()[0].uid
    r = cli(monkeypatch, b, "exchange", "position", "turkey", uid, "--position", "disputes")
    assert r.exit_code == 2 and "E104" in r.output and "counter-evidence" in r.output
    r = cli(monkeypatch, b, "exchange", "position", "turkey", uid, "--position", "disputes",
            "--counter-evidence", "our post at Salwa logged no fire")
    assert r.exit_code == 0 and "disputes" in r.output
    back = tmp_path / "positions.json"
    r = cli(monkeypatch, b, "exchange", "confirmations", "--to", "turkey", "--out", str(back))
    assert r.exit_code == 0 and "confirmations signed by russia to turkey, sequence 1" in r.output
    r = cli(monkeypatch, o, "exchange", "import", str(back))
    assert r.exit_code == 2 and "error E526" in r.output  # addressed to turkey only
    r = cli(monkeypatch, a, "exchange", "import", str(back))
    assert r.exit_code == 0 and "positions 1" in r.output, r.output
    with a.store() as store:
        entry = next(c for c in store.incidents.get_by_uid(uid).confirmations if c.party == "russia")
    assert (entry.position, entry.counter_evidence) == ("disputes", "our post at Salwa logged no fire")


def test_exchange_import_of_a_tampered_bundle_writes_nothing(world, monkeypatch, tmp_path):
    a, b, _ = world
    bundle = tmp_path / "bundle.json"
    assert cli(monkeypatch, a, "exchange", "export", *PERIOD, "--out", str(bundle)).exit_code == 0
    _tamper(bundle, b'"fair"', b'"weak"')
    r = cli(monkeypatch, b, "exchange", "import", str(bundle))
    assert r.exit_code == 2 and "error E514" in r.output
    assert b.count(ExchangeInboxRow) == 0 and b.count(ExchangeReceivedIncidentRow) == 0


def test_exchange_import_of_a_missing_file(world, monkeypatch, tmp_path):
    r = cli(monkeypatch, world[1], "exchange", "import", str(tmp_path / "none.json"))
    assert r.exit_code == 2 and "E107" in r.output


def test_exchange_push_to_an_unreachable_peer(world, monkeypatch, tmp_path):
    a = world[0]
    bundle = tmp_path / "bundle.json"
    assert cli(monkeypatch, a, "exchange", "export", *PERIOD, "--out", str(bundle)).exit_code == 0
    r = cli(monkeypatch, a, "exchange", "push", "http://127.0.0.1:9", str(bundle), "--timeout", "2")
    assert r.exit_code == 1 and "error E541" in r.output
    r = cli(monkeypatch, a, "exchange", "pull", "ftp://example", "--timeout", "2")
    assert r.exit_code == 1 and "error E541" in r.output


def test_bulletin_verify_of_a_plain_bulletin_says_there_is_no_signature(world, monkeypatch, tmp_path):
    a = world[0]
    path = tmp_path / "plain.json"
    assert cli(monkeypatch, a, "bulletin", "issue", "--unsigned", *PERIOD, "--out", str(path)).exit_code == 0
    r = cli(monkeypatch, a, "bulletin", "verify", str(path))
    assert r.exit_code == 2 and "error E507" in r.output and "carries no signature" in r.output


def test_bulletin_issue_signed_refuses_the_issuer_option_and_a_missing_ring(world, monkeypatch, tmp_path):
    a = world[0]
    r = cli(monkeypatch, a, "bulletin", "issue", *PERIOD, "--issuer", "iran", "--out", str(tmp_path / "b.json"))
    assert r.exit_code == 2 and "E104" in r.output and not (tmp_path / "b.json").exists()
    (a.data_dir / "keys" / "ring.json").unlink()
    r = cli(monkeypatch, a, "bulletin", "issue", *PERIOD, "--out", str(tmp_path / "b.json"))
    assert r.exit_code == 2 and "E531" in r.output and not (tmp_path / "b.json").exists()
    assert a.count(ExchangeOutboxRow) == 0
