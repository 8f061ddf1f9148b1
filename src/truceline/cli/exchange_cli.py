"""`truceline exchange ...`: signed incident bundles and confirmation positions, as files and over HTTP.

Each command is a plain function (``export_file``, ``import_file``...) that the typer command calls; each
database change happens in one transaction (``open_store``), so a refused envelope writes nothing.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from truceline.cli.bulletin_cli import parse_day, write_bytes
from truceline.cli.common import cli_ctx, err_console, open_store, out_console, run
from truceline.config import get_settings
from truceline.errors import FileInputError, ReplayedSequence
from truceline.exchange import http, service
from truceline.exchange.local import open_exchange
from truceline.exchange.outbox import Issued
from truceline.exchange.verify import DEFAULT_MAX_BYTES
from truceline.incidents.models import Position

app = typer.Typer(help="Signed exchange: incident bundles, confirmation positions, push and pull.",
                  no_args_is_help=True)
TtlOption = Annotated[int, typer.Option("--ttl-days", min=1, max=90, help="Days until the envelope expires.")]
TimeoutOption = Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds to wait for the peer.")]


def read_envelope(path: Path) -> bytes:
    try:
        if path.stat().st_size > DEFAULT_MAX_BYTES:
            raise FileInputError(f"{path}: larger than {DEFAULT_MAX_BYTES} bytes; not an envelope")
        return path.read_bytes()
    except OSError as err:
        raise FileInputError(f"cannot read {path}: {err.strerror}", details=[{"field": "file", "value": str(path)}]) \
            from err


def export_file(start: str, end: str, *, audience: str | None, ttl_days: int) -> Issued:
    first, last = parse_day(start, field="from"), parse_day(end, field="to")
    with open_store() as store:
        return service.export_bundle(open_exchange(store, get_settings()), start=first, end=last,
                                     audience=audience, now=cli_ctx().clock.now(), ttl=timedelta(days=ttl_days))


def import_bytes(data: bytes) -> service.Receipt:
    """Verify and import one envelope in one transaction."""
    with open_store() as store:
        return service.receive(open_exchange(store, get_settings()), data, now=cli_ctx().clock.now())


def record_position(issuer: str, uid: str, position: Position, *, counter_evidence: str | None) -> Any:
    with open_store() as store:
        return service.record_received_position(open_exchange(store, get_settings()), issuer, uid, position,
                                                now=cli_ctx().clock.now(), counter_evidence=counter_evidence)


def confirmations_file(to: str, *, ttl_days: int) -> Issued:
    with open_store() as store:
        return service.send_confirmations(open_exchange(store, get_settings()), to=to, now=cli_ctx().clock.now(),
                                          ttl=timedelta(days=ttl_days))


def pull_from(url: str, *, kind: str | None, after: int, timeout: float) -> tuple[list[service.Receipt], int]:
    """Import, in order, what the peer's outbox holds for this instance; envelopes already imported are
    skipped; the first other refusal stops the pull (what came before it stays imported)."""
    with open_store() as store:
        name = open_exchange(store, get_settings()).name
    receipts, held = [], 0
    for data in http.pull(url, kind=kind, after=after, audience=name, timeout=timeout):
        try:
            receipts.append(import_bytes(data))
        except ReplayedSequence:
            held += 1
    return receipts, held


def _say_issued(issued: Issued, what: str) -> None:
    to = f" to {issued.stream.audience}" if issued.stream.audience else ""
    err_console.print(f"{what} signed by {issued.stream.issuer}{to}, sequence {issued.sequence}, "
                      f"payload sha256 {issued.digest}", highlight=False, soft_wrap=True)


def _say_receipt(receipt: service.Receipt) -> None:
    counts = ", ".join(f"{k} {v}" for k, v in receipt.imported.items())
    out_console.print(f"imported {receipt.kind} {receipt.sequence} from {receipt.issuer}: {counts}",
                      highlight=False, soft_wrap=True)


@app.command("export")
def export_cli(
    start: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD, UTC) of the incidents' start.")],
    end: Annotated[str, typer.Option("--to", help="Last day, included.")],
    out: Annotated[str, typer.Option("--out", help="File to write (- for standard output).")] = "-",
    audience: Annotated[str | None, typer.Option("--audience", help="The one peer it is for (default: every "
                                                 "peer).")] = None,
    ttl_days: TtlOption = 30,
) -> None:
    """Sign a bundle of the published incidents of a period, with their reports' claims summarised."""
    issued = run(export_file, start, end, audience=audience, ttl_days=ttl_days)
    run(write_bytes, issued.envelope, out)
    _say_issued(issued, "incident bundle")


@app.command("import")
def import_cli(file: Annotated[Path, typer.Argument(help="A signed envelope from a peer.")]) -> None:
    """Verify an envelope (bulletin, incident bundle or confirmations), then import it with provenance."""
    _say_receipt(run(lambda: import_bytes(read_envelope(file))))


@app.command("position")
def position_cli(
    issuer: Annotated[str, typer.Argument(help="The peer that shared the incident.")],
    uid: Annotated[str, typer.Argument(help="The incident's uid.")],
    position: Annotated[Position, typer.Option("--position", help="This party's position.")],
    counter_evidence: Annotated[str | None, typer.Option("--counter-evidence", help="Required to dispute.")]
    = None,
) -> None:
    """Record this party's position on an incident a peer shared (sent back by `exchange confirmations`)."""
    received = run(record_position, issuer, uid, position, counter_evidence=counter_evidence)
    out_console.print(f"{issuer}/{received.uid} v{received.version}: {received.position}", highlight=False)


@app.command("confirmations")
def confirmations_cli(
    to: Annotated[str, typer.Option("--to", help="The peer whose incidents the positions are on.")],
    out: Annotated[str, typer.Option("--out", help="File to write (- for standard output).")] = "-",
    ttl_days: TtlOption = 30,
) -> None:
    """Sign this party's positions on the incidents a peer shared, addressed to that peer."""
    issued = run(confirmations_file, to, ttl_days=ttl_days)
    run(write_bytes, issued.envelope, out)
    _say_issued(issued, "confirmations")


@app.command("push")
def push_cli(url: Annotated[str, typer.Argument(help="The peer's base URL, e.g. http://10.0.0.2:8000.")],
             file: Annotated[Path, typer.Argument(help="A signed envelope.")],
             timeout: TimeoutOption = 10.0) -> None:
    """Send an envelope to a peer's inbox; print what the peer imported, or its refusal with its code."""
    receipt = run(lambda: http.push(url, read_envelope(file), timeout=timeout))
    out_console.print(json.dumps(receipt, ensure_ascii=False, sort_keys=True), highlight=False, soft_wrap=True)


@app.command("pull")
def pull_cli(url: Annotated[str, typer.Argument(help="The peer's base URL.")],
             kind: Annotated[str | None, typer.Option("--kind", help="Only this kind.")] = None,
             after: Annotated[int, typer.Option("--after", min=0, help="Only sequences above this.")] = 0,
             timeout: TimeoutOption = 10.0) -> None:
    """Fetch a peer's outbox and import, in order, what is new; stop at the first refusal."""
    receipts, held = run(pull_from, url, kind=kind, after=after, timeout=timeout)
    for receipt in receipts:
        _say_receipt(receipt)
    out_console.print(f"{len(receipts)} imported, {held} already held", highlight=False)
