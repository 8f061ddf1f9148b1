"""`truceline extract PATH... --format jsonl` and `truceline eval FIXTURE_DIR`: offline text extraction."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from truceline.cli.common import err_console, fail, out_console
from truceline.errors import ExtractionError, InvalidValue, TrucelineError

EXIT_ALL_EXTRACTED, EXIT_SOME_FAILED = 0, 3
PROGRESS_MIN_DOCS = 20  # shorter batches run without a progress bar


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_cli)
    app.command("eval")(eval_cli)


def extract_cli(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (plain text, HTML, .eml).")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl (one object per document) or json (a list).")] = "jsonl",
    reference_date: Annotated[str | None, typer.Option(help="YYYY-MM-DD: fills a dateline's missing year "
                                                            "(default: e-mail/HTML date, else file time).")] = None,
    max_bytes: Annotated[int | None, typer.Option(help="Refuse larger documents (default 5 MB).")] = None,
) -> None:
    """Extract datelines, statements, places and events from documents; print JSON on stdout."""
    from truceline.extract.pipeline import Failure, Pipeline, expand_paths, extract_paths

    if fmt not in ("jsonl", "json"):
        fail(InvalidValue(f"unknown format '{fmt}': use jsonl or json"))
    ref = _parse_date(reference_date)
    files = expand_paths(paths)
    try:
        pipeline = Pipeline.from_config()
    except TrucelineError as err:
        fail(err)
    if max_bytes is not None:
        pipeline.max_bytes = max_bytes
    failed, collected = 0, []
    with _progress(len(files)) as (bar, task):
        for result in extract_paths(pipeline, files, reference_date=ref,
                                    progress=lambda n, total: bar.update(task, completed=n)):
            if isinstance(result, Failure):  # its line too: one object per input document, and why on stderr
                failed += 1
                err_console.print(f"[bold red]error {result.error.code}[/]: {result.error.user_message}",
                                  highlight=False, soft_wrap=True)
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                collected.append(result.to_dict())
    if fmt == "json":
        sys.stdout.write(json.dumps(collected, ensure_ascii=False, indent=2) + "\n")
    raise typer.Exit(code=EXIT_SOME_FAILED if failed else EXIT_ALL_EXTRACTED)


def eval_cli(
    fixture_dir: Annotated[Path, typer.Argument(help="Folder of documents with NAME.json annotations.")],
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Score extraction against annotated fixtures: precision, recall and F1 per field."""
    from truceline.extract.evaluate import load_fixtures, score
    from truceline.extract.pipeline import Pipeline
    from truceline.extract.reading import read_path

    try:
        fixtures = load_fixtures(fixture_dir)
        pipeline = Pipeline.from_config()
        pairs = [(pipeline.run(read_path(f.path, reference_date=f.reference_date)), f.annotation)
                 for f in fixtures]
    except (ExtractionError, TrucelineError) as err:
        fail(err)
    scores = score(pairs)
    if fmt == "json":
        out_console.print_json(json.dumps(scores.to_dict()))
        return
    out_console.print(f"{scores.documents} documents", highlight=False)
    out_console.print(f"{'field':<18}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}",
                      highlight=False)
    for name, t in scores.fields.items():
        out_console.print(f"{name:<18}{t.precision:>10.2f}{t.recall:>8.2f}{t.f1:>7.2f}{t.tp:>5}{t.fp:>5}{t.fn:>5}",
                          highlight=False)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(InvalidValue(f"--reference-date '{value}' is not YYYY-MM-DD"))
    return None  # pragma: no cover


class _progress:
    """A progress bar on stderr for batches of at least PROGRESS_MIN_DOCS documents."""

    def __init__(self, total: int) -> None:
        self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), console=err_console,
                            transient=True, disable=total < PROGRESS_MIN_DOCS)
        self.task = self.bar.add_task("extract", total=total)

    def __enter__(self) -> tuple[Progress, TaskID]:
        self.bar.__enter__()
        return self.bar, self.task

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)
