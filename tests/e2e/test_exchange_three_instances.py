"""Three instances on loopback as real processes (uvicorn), two guarantors and an observer, each with its
own SQLite file, data dir, key ring and peers file: bulletins, bundles and confirmations move by HTTP pull
and push; a tampered envelope is refused with its code and nothing is imported."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tests.exchange.instances import Instance, guarantors_and_observer
from truceline.cli.main import app as cli_app
from truceline.config import get_settings
from truceline.exchange.canonical import canonical_bytes
from truceline.exchange.inbox import ExchangeInboxRow, ExchangeReceivedIncidentRow

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
START_DEADLINE = 30.0
runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, instance: Instance, log: Path) -> None:
        self.instance = instance
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **instance.env(), "PYTHONPATH": str(ROOT)}
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "truceline.web.app:create_app", "--host", "127.0.0.1",
             "--port", str(self.port), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, deadline: float) -> None:
        """Poll the outbox until it answers; between polls wait on the process itself (it may exit)."""
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/v1/exchange/outbox", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            try:
                self.process.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"{self.instance.name} exited with {self.process.returncode}")
        raise TimeoutError(f"{self.instance.name} not ready on {self.url} within {START_DEADLINE} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def servers(tmp_path) -> Iterator[tuple[Server, Server, Server]]:
    instances = guarantors_and_observer(tmp_path)
    started: list[Server] = []
    try:
        for instance in instances:
            started.append(Server(instance, tmp_path / f"{instance.name}.log"))
        deadline = time.monotonic() + START_DEADLINE
        for server in started:
            server.wait_ready(deadline)
        yield started[0], started[1], started[2]
    finally:
        for server in started:
            server.stop()
        get_settings.cache_clear()


def cli(monkeypatch: pytest.MonkeyPatch, instance: Instance, *args: str):
    for key, value in instance.env().items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    return runner.invoke(cli_app, list(args))


def test_two_guarantors_and_an_observer_exchange_bulletins_bundles_and_confirmations(servers, monkeypatch,
                                                                                     tmp_path):
    turkey, russia, observer = servers
    a, b, o = turkey.instance, russia.instance, observer.instance
    period = ["--from", "2017-10-20", "--to", "2017-10-26"]
    bulletin, bundle = tmp_path / "bulletin.json", tmp_path / "bundle.json"
    assert cli(monkeypatch, a, "bulletin", "issue", *period, "--out", str(bulletin)).exit_code == 0
    assert cli(monkeypatch, a, "exchange", "export", *period, "--out", str(bundle)).exit_code == 0

    r = cli(monkeypatch, b, "exchange", "pull", turkey.url)  # russia pulls turkey's outbox
    assert r.exit_code == 0, r.output
    assert "imported bulletin 1 from turkey" in r.output and "imported incident_bundle 1 from turkey" in r.output
    assert "2 imported, 0 already held" in r.output
    r = cli(monkeypatch, b, "exchange", "pull", turkey.url)
    assert r.exit_code == 0 and "0 imported, 2 already held" in r.output

    r = cli(monkeypatch, a, "exchange", "push", observer.url, str(bundle))  # turkey pushes to the observer
    assert r.exit_code == 0 and json.loads(r.stdout)["imported"] == {"incidents": 1, "already_held": 0}
    r = cli(monkeypatch, o, "exchange", "pull", turkey.url, "--kind", "bulletin")
    assert r.exit_code == 0 and "1 imported" in r.output
    r = cli(monkeypatch, o, "bulletin", "verify", str(bulletin))
    assert r.exit_code == 0 and "good: bulletin by turkey, sequence 1" in r.output

    with b.exchange() as ex:
        [received] = ex.inbox.incidents()
    assert received.issuer == "turkey"
    r = cli(monkeypatch, b, "exchange", "position", "turkey", received.uid, "--position", "confirms")
    assert r.exit_code == 0, r.output
    positions = tmp_path / "positions.json"
    assert cli(monkeypatch, b, "exchange", "confirmations", "--to", "turkey", "--out", str(positions)).exit_code == 0
    r = cli(monkeypatch, b, "exchange", "push", turkey.url, str(positions))
    assert r.exit_code == 0 and json.loads(r.stdout)["imported"] == {"positions": 1}, r.output

    assert cli(monkeypatch, a, "users", "add", "amal", "--role", "analyst", "--generate").exit_code == 0
    made = cli(monkeypatch, a, "users", "token", "create", "amal", "--name", "test")
    token = made.output.splitlines()[1].strip()
    staff = {"authorization": f"Bearer {token}"}  # who recorded a position is the mechanism's working data
    incident = httpx.get(f"{turkey.url}/api/v1/incidents/{received.uid}", headers=staff, timeout=10).json()
    ledger = {c["party"]: c for c in incident["confirmations"]}
    assert ledger["russia"]["position"] == "confirms" and ledger["russia"]["recorded_by"] == "peer:russia"
    public = httpx.get(f"{turkey.url}/api/v1/incidents/{received.uid}", timeout=10).json()
    assert {c["party"]: c["position"] for c in public["confirmations"]}["russia"] == "confirms"
    assert ledger["turkey"]["position"] == "confirms"

    doc = json.loads(bundle.read_bytes())
    doc["payload"] = base64.b64encode(base64.b64decode(doc["payload"]).replace(b'"fair"', b'"weak"')).decode()
    before = [b.count(t) for t in (ExchangeInboxRow, ExchangeReceivedIncidentRow)]
    reply = httpx.post(f"{russia.url}/api/v1/exchange/inbox", content=canonical_bytes(doc), timeout=10)
    assert (reply.status_code, reply.json()["code"]) == (422, "E514")
    tampered = tmp_path / "tampered.json"
    tampered.write_bytes(canonical_bytes(doc))
    r = cli(monkeypatch, a, "exchange", "push", russia.url, str(tampered))
    assert r.exit_code == 1 and "error E542" in r.output and "E514" in r.output
    assert [b.count(t) for t in (ExchangeInboxRow, ExchangeReceivedIncidentRow)] == before
