"""`truceline bulletin issue|verify|render|diff`: issue a signed bulletin to a file, verify it, render it,
compare two. Files are signed envelopes (kind ``bulletin``) or, with ``issue --unsigned``, plain bulletin
JSON; ``read_bulletin`` reads both and verifies an envelope before it reads the bulletin inside."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from truceline.bulletins import codec, render
from truceline.bulletins.diff import BulletinDiff, diff
from truceline.bulletins.models import Audience, Bulletin
from truceline.bulletins.service import issue
from truceline.cli.common import cli_ctx, err_console, open_store, out_console, run
from truceline.cli.keys_cli import key_store, peer_store
from truceline.config import get_settings
from truceline.errors import BulletinFileError, EnvelopeShapeError, FileInputError, InvalidPeriod, InvalidValue
from truceline.exchange import bundles
from truceline.exchange.canonical import format_time
from truceline.exchange.local import open_exchange
from truceline.exchange.outbox import Issued
from truceline.exchange.service import BULLETIN, sign_bulletin, verify_file
from truceline.exchange.verify import VerifiedPayload

app = typer.Typer(help="Bulletins: issue, render and compare periodic bulletins.", no_args_is_help=True)


class Format(StrEnum):
    html = "html"
    pdf = "pdf"
    json = "json"


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


def parse_day(text: str, *, field: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidPeriod(f"--{field} {text!r} is not a date of the form YYYY-MM-DD",
                            details=[{"field": field, "value": text}]) from exc


def issue_bulletin(start: str, end: str, *, issuer: str | None, audience: Audience) -> Bulletin:
    """Issue the bulletin of ``start``..``end`` from the configured database, as this instance, now."""
    first, last = parse_day(start, field="from"), parse_day(end, field="to")
    with open_store() as store:
        return issue(store, start=first, end=last, issuer=issuer or get_settings().instance_name,
                     now=cli_ctx().clock.now(), audience=audience)


def issue_signed(start: str, end: str, *, audience: Audience, ttl_days: int) -> tuple[Bulletin, Issued]:
    """Issue the bulletin as this instance's key ring owner, sign it with the next number of its stream and
    keep the envelope in the outbox (one transaction: no number is used without its envelope)."""
    first, last = parse_day(start, field="from"), parse_day(end, field="to")
    now = cli_ctx().clock.now()
    with open_store() as store:
        ex = open_exchange(store, get_settings())
        bulletin = issue(store, start=first, end=last, issuer=ex.ring.owner if ex.ring else ex.name, now=now,
                         audience=audience)
        return bulletin, sign_bulletin(ex, bulletin, now=now, ttl=timedelta(days=ttl_days))


def encode(bulletin: Bulletin) -> bytes:
    """The bytes ``issue --unsigned`` writes: the bulletin's canonical JSON (what a signed envelope wraps)."""
    return codec.dumps(bulletin)


def _top_keys(raw: bytes) -> set[str] | None:
    """The top-level keys of a JSON object (None when it is not one): tells an envelope from a bulletin."""
    try:
        doc = json.loads(raw)
    except ValueError:
        return None
    return set(doc) if isinstance(doc, dict) else None


def _is_envelope(raw: bytes) -> bool:
    return "payloadType" in (_top_keys(raw) or set())


def verify_bulletin(raw: bytes) -> tuple[VerifiedPayload, Bulletin]:
    """Verify a signed bulletin against the peers and this instance's own key ring, then check the bulletin."""
    verified = verify_file(raw, peers=peer_store().load(), ring=key_store().load(), now=cli_ctx().clock.now(),
                           kinds=(BULLETIN,))
    return verified, bundles.bulletin_from_body(verified.body, issuer=verified.issuer)


def read_bulletin(path: Path) -> Bulletin:
    """A bulletin file, read and checked (JSON, format, shape, content hash, tables); a signed one is
    verified first."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise BulletinFileError(f"cannot read {path}: {err.strerror}",
                                details=[{"field": "file", "value": str(path)}]) from err
    if _is_envelope(raw):
        return verify_bulletin(raw)[1]
    return codec.loads(raw, name=str(path))


def verify_path(path: Path) -> tuple[VerifiedPayload, Bulletin]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise BulletinFileError(f"cannot read {path}: {err.strerror}",
                                details=[{"field": "file", "value": str(path)}]) from err
    if "format" in (_top_keys(raw) or set()):
        raise EnvelopeShapeError(f"{path} is not a signed envelope (a plain bulletin, written with --unsigned, "
                                 "carries no signature to verify)")
    return verify_bulletin(raw)


def write_bytes(data: bytes, out: str) -> None:
    """Write ``data`` to ``out`` whole or not at all (``-``: standard output)."""
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(out)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=".bulletin-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError as err:
        raise FileInputError(f"cannot write {out}: {err.strerror}", details=[{"field": "out", "value": out}]) from err


def render_file(path: Path, fmt: Format) -> bytes:
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # font-subsetting notices are not for users
    return render.render(read_bulletin(path), str(fmt))


def diff_files(a: Path, b: Path) -> BulletinDiff:
    return diff(read_bulletin(a), read_bulletin(b))


@app.command("issue")
def issue_cli(
    start: Annotated[str, typer.Option("--from", help="First day of the period (YYYY-MM-DD, UTC).")],
    end: Annotated[str, typer.Option("--to", help="Last day of the period, included (YYYY-MM-DD, UTC).")],
    out: Annotated[str, typer.Option("--out", help="File to write (- for standard output).")] = "-",
    issuer: Annotated[str | None, typer.Option(help="Issuer name (default: TRUCELINE_INSTANCE_NAME).")] = None,
    audience: Annotated[Audience, typer.Option(help="public: published public incidents only.")]
    = Audience.mechanism,
    unsigned: Annotated[bool, typer.Option("--unsigned", help="Write plain bulletin JSON, not a signed "
                                           "envelope (no key ring needed).")] = False,
    ttl_days: Annotated[int, typer.Option("--ttl-days", min=1, max=90, help="Days until the signed "
                                          "envelope expires.")] = 30,
) -> None:
    """Issue the bulletin of a period (daily, weekly or any range) and write it signed (or as canonical JSON)."""
    if unsigned:
        bulletin = run(issue_bulletin, start, end, issuer=issuer, audience=audience)
        run(write_bytes, encode(bulletin), out)
    else:
        if issuer is not None:
            run(_no_issuer_option)
        bulletin, issued = run(issue_signed, start, end, audience=audience, ttl_days=ttl_days)
        run(write_bytes, issued.envelope, out)
        err_console.print(f"signed by {issued.stream.issuer}, sequence {issued.sequence}", highlight=False)
    err_console.print(f"{bulletin.period.kind} bulletin {bulletin.period.start} to {bulletin.period.end}: "
                      f"{len(bulletin.incidents)} incident(s), sha256 {bulletin.content_hash}", highlight=False,
                      soft_wrap=True)


def _no_issuer_option() -> None:
    raise InvalidValue("--issuer is for --unsigned bulletins: a signed bulletin's issuer is the key ring owner",
                       details=[{"field": "issuer"}])


@app.command("verify")
def verify_cli(
    file: Annotated[Path, typer.Argument(help="A signed bulletin written by `truceline bulletin issue`.")],
) -> None:
    """Verify a signed bulletin: exit 0 and print its issuer and sequence, or exit non-zero with the reason."""
    verified, bulletin = run(verify_path, file)
    out_console.print(f"good: bulletin by {verified.issuer}, sequence {verified.sequence}, issued "
                      f"{format_time(verified.header.issued_at)}, expires {format_time(verified.header.expires_at)}"
                      f"\nperiod {bulletin.period.start} to {bulletin.period.end}, {len(bulletin.incidents)} "
                      f"incident(s), sha256 {bulletin.content_hash}\npayload sha256 {verified.digest}",
                      highlight=False, soft_wrap=True)


@app.command("render")
def render_cli(
    file: Annotated[Path, typer.Argument(help="A bulletin file (signed or plain).")],
    fmt: Annotated[Format, typer.Option("--format", help="html, pdf or json (canonical).")] = Format.html,
    out: Annotated[str, typer.Option("--out", help="File to write (- for standard output).")] = "-",
) -> None:
    """Render a bulletin; rendering the same bulletin again gives the same bytes."""
    data = run(render_file, file, fmt)
    run(write_bytes, data, out)


@app.command("diff")
def diff_cli(
    a: Annotated[Path, typer.Argument(help="The earlier bulletin file.")],
    b: Annotated[Path, typer.Argument(help="The later bulletin file.")],
    fmt: Annotated[DiffFormat, typer.Option("--format", help="text or json.")] = DiffFormat.text,
) -> None:
    """Show which counts changed between two bulletins and which incidents made them change."""
    result = run(diff_files, a, b)
    if fmt == DiffFormat.json:
        sys.stdout.write(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("\n".join(result.lines()) + "\n")
