"""`POST /api/v1/exchange/inbox` and `GET /api/v1/exchange/outbox` in process, and the HTTP client's
handling of refusals and garbage (httpx mock transport)."""

from __future__ import annotations

import base64
import json
from datetime import date

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.exchange.instances import NOW, Instance, guarantors_and_observer
from truceline.clock import FixedClock
from truceline.errors import PeerRefused, PeerUnreachable
from truceline.exchange import http, service
from truceline.exchange.canonical import canonical_bytes
from truceline.exchange.inbox import ExchangeInboxRow, ExchangeReceivedIncidentRow
from truceline.web.app import create_app

START, END = date(2017, 10, 20), date(2017, 10, 26)


@pytest.fixture
def world(tmp_path):
    return guarantors_and_observer(tmp_path)


def client_of(instance: Instance) -> TestClient:
    return TestClient(create_app(instance.settings, clock=FixedClock(NOW)))


def _bundle(a: Instance, *, audience: str | None = None) -> bytes:
    with a.exchange() as ex:
        return service.export_bundle(ex, start=START, end=END, now=NOW, audience=audience).envelope


def test_inbox_imports_a_pushed_bundle_and_refuses_the_replay(world):
    a, b, _ = world
    data = _bundle(a)
    with client_of(b) as client:
        r = client.post("/api/v1/exchange/inbox", content=data)
        assert r.status_code == 202, r.text
        assert r.json()["imported"] == {"incidents": 1, "already_held": 0}
        assert (r.json()["issuer"], r.json()["sequence"]) == ("turkey", 1)
        again = client.post("/api/v1/exchange/inbox", content=data)
    assert again.status_code == 409 and again.json()["code"] == "E519" and again.json()["ok"] is False
    assert b.count(ExchangeInboxRow) == 1


@pytest.mark.parametrize(("mutate", "status", "code"), [
    (lambda d: d[:-1], 422, "E503"),
    (lambda d: d.replace(b'{"payload"', b'{"payload":"","payload"', 1), 422, "E504"),
    (lambda d: b" " * (8 * 1024 * 1024 + 1), 413, "E501"),
])
def test_inbox_refuses_bad_bytes_with_the_error_shape(world, mutate, status, code):
    a, b, _ = world
    with client_of(b) as client:
        r = client.post("/api/v1/exchange/inbox", content=mutate(_bundle(a)))
    assert (r.status_code, r.json()["code"]) == (status, code)
    assert b.count(ExchangeReceivedIncidentRow) == 0


def test_inbox_refuses_a_tampered_envelope(world):
    a, b, _ = world
    doc = json.loads(_bundle(a))
    doc["payload"] = base64.b64encode(base64.b64decode(doc["payload"]).replace(b"turkish-mod", b"russian-mod"))\
        .decode()
    with client_of(b) as client:
        r = client.post("/api/v1/exchange/inbox", content=canonical_bytes(doc))
    assert (r.status_code, r.json()["code"]) == (422, "E514")
    assert b.count(ExchangeInboxRow) == 0


def test_outbox_lists_envelopes_after_a_sequence_for_an_audience(world):
    a, _, _ = world
    _bundle(a)
    _bundle(a, audience="russia")
    _bundle(a)
    with client_of(a) as client:
        everything = client.get("/api/v1/exchange/outbox").json()
        for_us = client.get("/api/v1/exchange/outbox", params={"audience": "united-states", "after": 1}).json()
        bulletins = client.get("/api/v1/exchange/outbox", params={"kind": "bulletin"}).json()
        bad = client.get("/api/v1/exchange/outbox", params={"after": -1})
    assert everything["count"] == 3 and bulletins == {"data": [], "count": 0}
    assert [canonical_bytes(d) for d in for_us["data"]] == [_outbox_bytes(a)[-1]]
    assert bad.status_code == 422 and bad.json()["code"] == "E101"


def _outbox_bytes(a: Instance) -> list[bytes]:
    with a.exchange() as ex:
        return [i.envelope for i in ex.outbox.after(kind=None, after=0, audience="", limit=10)]


def test_push_quotes_the_peers_refusal():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/api/v1/exchange/inbox"
        return httpx.Response(422, json={"ok": False, "status": 422, "code": "E514", "error": "bad signature",
                                         "errors": []})

    with pytest.raises(PeerRefused, match="E514: bad signature"):
        http.push("http://peer", b"{}", transport=httpx.MockTransport(handler))


def test_push_returns_the_receipt():
    receipt = {"ok": True, "issuer": "turkey", "kind": "bulletin", "sequence": 1, "digest": "d", "imported": {}}
    transport = httpx.MockTransport(lambda request: httpx.Response(202, json=receipt))
    assert http.push("http://peer/", b"{}", transport=transport) == receipt


@pytest.mark.parametrize("reply", [b"<html>", b'{"data": [1.5]}', b'{"a": 1, "a": 2}'])
def test_pull_refuses_garbage_from_the_peer(reply):
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=reply))
    with pytest.raises(PeerUnreachable, match="not a Truceline reply"):
        http.pull("http://peer", transport=transport)


def test_pull_sends_the_cursor_and_returns_canonical_bytes():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(request.url.params)
        return httpx.Response(200, content=b'{"count": 1, "data": [{"b": 1, "a": "x"}]}')

    out = http.pull("http://peer", kind="bulletin", after=4, audience="russia", transport=httpx.MockTransport(handler))
    assert out == [b'{"a":"x","b":1}'] and seen == {"after": "4", "kind": "bulletin", "audience": "russia"}


def test_pull_reports_a_refusal_and_a_timeout():
    transport = httpx.MockTransport(lambda request: httpx.Response(404, json={"code": "E200", "error": "no"}))
    with pytest.raises(PeerRefused, match="404"):
        http.pull("http://peer", transport=transport)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(PeerUnreachable, match="ReadTimeout"):
        http.pull("http://peer", transport=httpx.MockTransport(slow))
