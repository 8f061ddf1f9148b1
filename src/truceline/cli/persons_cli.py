"""`truceline persons match|check|hash|overlap`: person lists matched across scripts, without a database."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from truceline.cli import operations_cli, person_lists_cli
from truceline.cli.common import err_console, fail, out_console, write_out
from truceline.config import get_settings
from truceline.errors import PersonHashFileError, PersonListEncoding, PersonSecretError, TrucelineError
from truceline.persons.csv_io import read_person_list
from truceline.persons.matching import DEFAULT_MIN_SCORE, DEFAULT_THRESHOLD, MatchSettings, match_lists
from truceline.persons.models import ListKind, MatchCandidate, PersonList
from truceline.persons.privacy import dump_hash_file, find_overlaps, hash_list, load_hash_file

app = typer.Typer(help="Person lists: check, match across scripts, match through an intermediary; stored lists.",
                  no_args_is_help=True)
app.add_typer(person_lists_cli.lists_app, name="lists")
app.add_typer(person_lists_cli.key_app, name="key")
app.add_typer(person_lists_cli.matches_app, name="matches")
app.add_typer(operations_cli.app, name="operations")
app.command("access-log")(person_lists_cli.access_log_cli)
PROGRESS_MIN_RECORDS = 5000  # smaller lists match without a progress bar


class Format(StrEnum):
    json = "json"
    table = "table"


def _read_bytes(path: Path, *, error: type[TrucelineError]) -> bytes:
    limit = get_settings().import_max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise error(f"{path}: {size} bytes, more than TRUCELINE_IMPORT_MAX_BYTES ({limit})")
        return path.read_bytes()
    except OSError as err:
        raise error(f"cannot read {path}: {err.strerror}") from None


def load_list(path: Path, *, kind: ListKind, encoding: str | None = None) -> PersonList:
    return read_person_list(_read_bytes(path, error=PersonListEncoding), kind=kind, source=str(path),
                            encoding=encoding)


def _render(candidates: list[MatchCandidate], fmt: Format, out: str | None) -> None:
    if fmt is Format.json:
        write_out(json.dumps([c.to_dict() for c in candidates], ensure_ascii=False, indent=2), out)
        return
    table = Table("a", "b", "score", "match", "why")
    for c in candidates:
        table.add_row(c.a, c.b, f"{c.score:.3f}", "yes" if c.match else "no", "; ".join(c.why))
    out_console.print(table)


@app.command("match")
def match_cli(
    list_a: Annotated[Path, typer.Argument(help="First list (CSV with the documented columns).")],
    list_b: Annotated[Path, typer.Argument(help="Second list (CSV).")],
    fmt: Annotated[Format, typer.Option("--format", help="json (one array) or table.")] = Format.json,
    threshold: Annotated[float, typer.Option(help="Score from which a pair is a match.")] = DEFAULT_THRESHOLD,
    min_score: Annotated[float, typer.Option(help="Pairs scoring lower are not printed.")] = DEFAULT_MIN_SCORE,
    matches_only: Annotated[bool, typer.Option("--matches-only", help="Print only pairs that match.")] = False,
    kind: Annotated[ListKind, typer.Option(help="What the lists hold.")] = ListKind.missing,
    encoding: Annotated[str | None, typer.Option(help="Force an encoding instead of detecting it.")] = None,
    out: Annotated[str | None, typer.Option(help="Write to this file instead of standard output.")] = None,
) -> None:
    """Candidate pairs between two person lists, with score, decision and reasons."""
    try:
        settings = MatchSettings(threshold=threshold, min_score=min_score)
        a = load_list(list_a, kind=kind, encoding=encoding)
        b = load_list(list_b, kind=kind, encoding=encoding)
        with Progress(TextColumn("matching"), BarColumn(), TextColumn("{task.completed}/{task.total} records"),
                      console=err_console, transient=True) as bar:
            task = bar.add_task("match", total=len(b), visible=len(b) >= PROGRESS_MIN_RECORDS)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = match_lists(a, b, settings=settings, progress=progress)
    except TrucelineError as err:
        fail(err)
    candidates = result.matches if matches_only else result.candidates
    if result.stats.skipped_blocks:
        err_console.print(f"note: {result.stats.skipped_blocks} very large name blocks were not compared",
                          highlight=False)
    _render(candidates, fmt, out)


@app.command("check")
def check_cli(
    file: Annotated[Path, typer.Argument(help="A person list (CSV).")],
    encoding: Annotated[str | None, typer.Option(help="Force an encoding instead of detecting it.")] = None,
) -> None:
    """Check a person list: every problem is listed with its line; nothing is stored."""
    try:
        plist = load_list(file, kind=ListKind.missing, encoding=encoding)
    except TrucelineError as err:
        fail(err)
    out_console.print(f"{file}: {len(plist)} records, no problems", highlight=False, soft_wrap=True)


@app.command("hash")
def hash_cli(
    file: Annotated[Path, typer.Argument(help="A person list (CSV).")],
    secret_file: Annotated[Path, typer.Option("--secret-file", help="File holding the secret shared with the other "
                                              "party (at least 32 bytes); never give it to the intermediary.")],
    out: Annotated[str | None, typer.Option(help="Write the hash file here instead of standard output.")] = None,
    party: Annotated[str, typer.Option(help="Your party's key, written in the file.")] = "",
    kind: Annotated[ListKind, typer.Option(help="What the list holds.")] = ListKind.missing,
    encoding: Annotated[str | None, typer.Option(help="Force an encoding instead of detecting it.")] = None,
) -> None:
    """Turn a list into keyed hashes for the intermediary: record ids and hashes, no names."""
    try:
        secret = _read_bytes(secret_file, error=PersonSecretError)
        plist = load_list(file, kind=kind, encoding=encoding)
        data = hash_list(plist.records, secret=secret, party=party, kind=kind.value)
    except TrucelineError as err:
        fail(err)
    write_out(dump_hash_file(data), out)


def _load_hashes(path: Path) -> dict[str, Any]:
    return load_hash_file(_read_bytes(path, error=PersonHashFileError).decode("utf-8", errors="replace"),
                          source=str(path))


@app.command("overlap")
def overlap_cli(
    hashes_a: Annotated[Path, typer.Argument(help="The first party's hash file.")],
    hashes_b: Annotated[Path, typer.Argument(help="The second party's hash file.")],
    fmt: Annotated[Format, typer.Option("--format", help="json (one array) or table.")] = Format.json,
    out: Annotated[str | None, typer.Option(help="Write to this file instead of standard output.")] = None,
) -> None:
    """For the intermediary: pairs of record ids whose hashes meet, without seeing any name."""
    try:
        overlaps = find_overlaps(_load_hashes(hashes_a), _load_hashes(hashes_b))
    except TrucelineError as err:
        fail(err)
    _render([o.to_candidate() for o in overlaps], fmt, out)
