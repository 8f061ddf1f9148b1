"""`truceline keys ...` and `truceline peers ...`: this instance's signing keys and the peers it trusts.

Both live in the data directory (``TRUCELINE_DATA_DIR``): the key ring in ``keys/``, the peers in
``peers.json``. Each command is a plain function (``generate``, ``show``...) that the typer command calls.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from truceline.cli.common import out_console, run, write_out
from truceline.clock import SystemClock
from truceline.config import get_settings
from truceline.errors import FileInputError, InvalidValue, NoKeyRing
from truceline.exchange.canonical import format_time
from truceline.exchange.keyfiles import FileKeyStore
from truceline.exchange.keys import KeyRing, RingKey, generate_keys, load_ring, revoke_key, rotate_keys
from truceline.exchange.peers import PEERS_FILE, FilePeerStore, Peer, PeerKey, add_peer, revoke_peer_key

keys_app = typer.Typer(help="This instance's Ed25519 signing keys.", no_args_is_help=True)
peers_app = typer.Typer(help="The peers this instance trusts, with their public keys.", no_args_is_help=True)
KEY_SOURCE_MAX_BYTES = 64 * 1024
BASE64_RE = re.compile(r"^[A-Za-z0-9+/]{8,}={0,2}$")


def key_store() -> FileKeyStore:
    return FileKeyStore(get_settings().data_dir / "keys")


def peer_store() -> FilePeerStore:
    return FilePeerStore(get_settings().data_dir / PEERS_FILE)


def parse_since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidValue(f"{text!r} is not a time such as 2017-10-30T09:00:00Z") from None
    if moment.tzinfo is None:
        raise InvalidValue(f"{text!r} has no time zone; add Z for UTC")
    return moment


def read_key_source(value: str) -> bytes:
    """A file's bytes when ``value`` names a file, else ``value`` itself (a base64 key)."""
    path = Path(value)
    try:
        is_file = path.is_file()
    except OSError:  # a long base64 text is not a usable path
        is_file = False
    if not is_file:
        if not BASE64_RE.match(value.strip()):
            raise FileInputError(f"{value}: no such file (and not a base64 key)")
        return value.encode("utf-8")
    if path.stat().st_size > KEY_SOURCE_MAX_BYTES:
        raise FileInputError(f"{value}: larger than {KEY_SOURCE_MAX_BYTES} bytes; not a key file")
    return path.read_bytes()


def _key_line(key: RingKey | PeerKey) -> str:
    since: datetime | None
    if isinstance(key, RingKey):
        since, until = key.created_at, key.retired_at
        status = key.status
    else:
        since, until = key.valid_from, key.valid_until
        status = "revoked" if key.revoked_at else ("retired" if until else "valid")
    parts = [f"{status:8}", key.key_id, f"from {format_time(since) if since else '-'}"]
    if until:
        parts.append(f"until {format_time(until)}")
    if key.revoked_at:
        parts.append(f"revoked {format_time(key.revoked_at)} ({key.revoked_reason})")
    return "  " + "  ".join(parts)


def describe_ring(ring: KeyRing) -> str:
    lines = [f"instance: {ring.owner}"]
    try:
        active = ring.active()
        lines += [f"active key id: {active.key_id}", f"public key (base64): {active.public_b64}"]
    except NoKeyRing:
        lines.append("active key: none (run `truceline keys rotate`)")
    lines.append("keys:")
    lines += [_key_line(k) for k in ring.keys]
    return "\n".join(lines)


def describe_peer(peer: Peer) -> str:
    return "\n".join([peer.name, *(_key_line(k) for k in peer.keys)])


@keys_app.command("generate")
def generate_cli(name: Annotated[str, typer.Option("--name", help="This instance's name: its party key.")],
                 force: Annotated[bool, typer.Option("--force", help="Replace an existing key ring.")] = False,
                 ) -> None:
    """Make this instance's key ring with one active key."""
    ring = run(generate_keys, key_store(), owner=name, now=SystemClock().now(), force=force)
    out_console.print(describe_ring(ring), highlight=False, soft_wrap=True)


@keys_app.command("show")
def show_cli(as_json: Annotated[bool, typer.Option("--json", help="Print the key file peers import.")] = False,
             out: Annotated[str | None, typer.Option("--out", help="Write to FILE instead of the screen.")] = None,
             ) -> None:
    """Show the key ring: public keys, ids (fingerprints), validity; never a private key."""
    ring = run(load_ring, key_store())
    text = json.dumps(ring.public_json(), indent=2) if as_json else describe_ring(ring)
    write_out(text, out)


@keys_app.command("rotate")
def rotate_cli() -> None:
    """Make a new active key; the old one stays valid for what it signed before now."""
    ring = run(rotate_keys, key_store(), now=SystemClock().now())
    out_console.print(describe_ring(ring), highlight=False, soft_wrap=True)
    out_console.print("send the new key file to your peers: `truceline keys show --json`", highlight=False)


@keys_app.command("revoke")
def revoke_cli(key_id: Annotated[str, typer.Argument(help="Key id, or its first 8+ characters.")],
               reason: Annotated[str, typer.Option("--reason", help="Why (kept with the key).")],
               since: Annotated[str | None, typer.Option("--since", help="Revoked from this time (default now), "
                                                                          "e.g. when it was compromised.")] = None,
               ) -> None:
    """Revoke a key: peers refuse what it signed from then on."""
    key = run(lambda: revoke_key(key_store(), key_id, now=SystemClock().now(), reason=reason,
                                 at=parse_since(since)))
    out_console.print(f"revoked {key.key_id} from {format_time(key.revoked_at or SystemClock().now())}; "
                      "send the key file to your peers: `truceline keys show --json`", highlight=False)


@peers_app.command("add")
def add_cli(name: Annotated[str, typer.Argument(help="The peer's instance name (its party key).")],
            public_key: Annotated[str, typer.Option("--public-key", help="A key file (`keys show --json` of "
                                                    "the peer), a PEM public key file, or a base64 key.")],
            valid_from: Annotated[str | None, typer.Option("--valid-from", help="For a bare key: valid from "
                                                           "this time.")] = None,
            ) -> None:
    """Trust a peer's public key(s); run again with its new key file after it rotates or revokes."""
    peer = run(lambda: add_peer(peer_store(), name, read_key_source(public_key), valid_from=parse_since(valid_from)))
    out_console.print(describe_peer(peer), highlight=False, soft_wrap=True)


@peers_app.command("list")
def list_cli(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """The configured peers and the state of their keys."""
    peers = run(lambda: peer_store().load())
    if as_json:
        write_out(json.dumps(peers.to_json(), indent=2, ensure_ascii=False), None)
        return
    text = "\n".join(describe_peer(p) for p in peers) or "no peers configured (`truceline peers add NAME ...`)"
    out_console.print(text, highlight=False, soft_wrap=True)


@peers_app.command("revoke-key")
def revoke_key_cli(name: Annotated[str, typer.Argument(help="The peer's name.")],
                   key_id: Annotated[str, typer.Argument(help="Key id, or its first 8+ characters.")],
                   reason: Annotated[str, typer.Option("--reason", help="Why (kept with the key).")],
                   since: Annotated[str | None, typer.Option("--since", help="Refused from this time "
                                                             "(default now).")] = None,
                   ) -> None:
    """Refuse a peer's key from now (or from --since) on, whatever the peer says."""
    key = run(lambda: revoke_peer_key(peer_store(), name, key_id, now=SystemClock().now(), reason=reason,
                                      at=parse_since(since)))
    out_console.print(f"{name}: key {key.key_id} refused from {format_time(key.revoked_at or SystemClock().now())}",
                      highlight=False)


def add_keys_apps(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")
    app.add_typer(peers_app, name="peers")
