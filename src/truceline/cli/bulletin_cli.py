"""`truceline bulletin issue|render|diff`: issue a bulletin to a file, render it, compare two."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from truceline.bulletins import codec, render
from truceline.bulletins.diff import BulletinDiff, diff
from truceline.bulletins.models import Audience, Bulletin
from truceline.bulletins.service import issue
from truceline.cli.common import cli_ctx, err_console, open_store, run
from truceline.config import get_settings
from truceline.errors import BulletinFileError, FileInputError, InvalidPeriod

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


def encode(bulletin: Bulletin) -> bytes:
    """The bytes ``issue`` writes: the bulletin's canonical JSON (the one call a signed envelope wraps)."""
    return codec.dumps(bulletin)


def read_bulletin(path: Path) -> Bulletin:
    """A bulletin file, read and checked (JSON, format, shape, content hash, tables)."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise BulletinFileError(f"cannot read {path}: {err.strerror}",
                                details=[{"field": "file", "value": str(path)}]) from err
    return codec.loads(raw, name=str(path))


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
) -> None:
    """Issue the bulletin of a period (daily, weekly or any range) and write it as canonical JSON."""
    bulletin = run(issue_bulletin, start, end, issuer=issuer, audience=audience)
    run(write_bytes, encode(bulletin), out)
    err_console.print(f"{bulletin.period.kind} bulletin {bulletin.period.start} to {bulletin.period.end}: "
                      f"{len(bulletin.incidents)} incident(s), sha256 {bulletin.content_hash}", highlight=False,
                      soft_wrap=True)


@app.command("render")
def render_cli(
    file: Annotated[Path, typer.Argument(help="A bulletin file written by `truceline bulletin issue`.")],
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
