"""Moving envelopes between instances over HTTP (httpx, with a timeout): push to a peer's inbox, pull its
outbox. The transport is a parameter so tests can hand in an in-process one."""

from __future__ import annotations

from typing import Any

import httpx

from truceline.errors import PeerRefused, PeerUnreachable, TrucelineError
from truceline.exchange.canonical import canonical_bytes, parse_strict
from truceline.exchange.verify import DEFAULT_MAX_BYTES

INBOX = "/api/v1/exchange/inbox"
OUTBOX = "/api/v1/exchange/outbox"
DEFAULT_TIMEOUT = 10.0
MAX_PULL_BYTES = 64 * 1024 * 1024


def _client(timeout: float, transport: httpx.BaseTransport | None) -> httpx.Client:
    return httpx.Client(timeout=timeout, transport=transport, follow_redirects=False)


def _base(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise PeerUnreachable(f"{url!r} is not an http:// or https:// URL")
    return url.rstrip("/")


def _reply(response: httpx.Response, *, what: str, max_bytes: int) -> Any:
    try:
        return parse_strict(response.content, max_bytes=max_bytes, what=f"the reply of {what}")
    except TrucelineError as err:
        raise PeerUnreachable(f"{what} answered {response.status_code} with something that is not a Truceline "
                              f"reply ({err.code}: {err.user_message})") from None


def push(url: str, data: bytes, *, timeout: float = DEFAULT_TIMEOUT,
         transport: httpx.BaseTransport | None = None) -> dict[str, Any]:
    """POST an envelope to the peer's inbox; its receipt, or ``PeerRefused`` quoting the peer's code."""
    target = _base(url) + INBOX
    try:
        with _client(timeout, transport) as client:
            response = client.post(target, content=data, headers={"content-type": "application/json"})
    except httpx.HTTPError as err:
        raise PeerUnreachable(f"cannot reach {target}: {type(err).__name__}: {err}") from None
    doc = _reply(response, what=target, max_bytes=DEFAULT_MAX_BYTES)
    if response.status_code != 202 or not isinstance(doc, dict):
        code = doc.get("code") if isinstance(doc, dict) else None
        message = doc.get("error") if isinstance(doc, dict) else None
        raise PeerRefused(f"{target} refused the envelope: {code}: {message}",
                          details=[{"field": "peer_code", "value": code}, {"field": "status",
                                                                           "value": response.status_code}])
    return doc


def pull(url: str, *, kind: str | None = None, after: int = 0, audience: str | None = None,
         timeout: float = DEFAULT_TIMEOUT, transport: httpx.BaseTransport | None = None) -> list[bytes]:
    """The envelopes of the peer's outbox after sequence ``after``, each as canonical bytes, oldest first."""
    target = _base(url) + OUTBOX
    params: dict[str, str | int] = {"after": after}
    if kind:
        params["kind"] = kind
    if audience:
        params["audience"] = audience
    try:
        with _client(timeout, transport) as client:
            response = client.get(target, params=params)
    except httpx.HTTPError as err:
        raise PeerUnreachable(f"cannot reach {target}: {type(err).__name__}: {err}") from None
    doc = _reply(response, what=target, max_bytes=MAX_PULL_BYTES)
    if response.status_code != 200 or not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise PeerRefused(f"{target} answered {response.status_code}: "
                          f"{doc.get('code') if isinstance(doc, dict) else None}: "
                          f"{doc.get('error') if isinstance(doc, dict) else doc!r}")
    return [canonical_bytes(item) for item in doc["data"]]
