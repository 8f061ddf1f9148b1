"""`truceline reports import FILE.csv`: bulk intake of reports with row-level errors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, TextColumn

from truceline.cli.common import cli_ctx, err_console, fail, open_store, out_console
from truceline.config import get_settings
from truceline.errors import FileInputError, TrucelineError
from truceline.reports.csv_import import ImportSummary, import_reports_csv

app = typer.Typer(help="Reports: claims by sources.", no_args_is_help=True)

EXIT_ALL_STORED, EXIT_UNREADABLE, EXIT_SOME_REJECTED = 0, 2, 3
PROGRESS_MIN_LINES = 2000  # shorter files import without a progress bar


def _attach(store: Any, ctx: Any, report: Any) -> object:
    from truceline.incidents.service import attach_report

    return attach_report(store, ctx, report)


@app.command("import")
def import_cmd(file: Annotated[Path, typer.Argument(help="CSV file (UTF-8) with the documented columns.")],
               review: Annotated[bool, typer.Option("--review", help="Leave the reports in the review queue as "
                                                    "candidates instead of accepting them.")] = False) -> None:
    """Import reports from a CSV file; good rows are stored and placed in incidents (or, with --review, left
    for review), bad rows are listed."""
    settings = get_settings()
    try:
        fh = file.open("rb")
    except OSError as err:
        fail(FileInputError(f"cannot open {file}: {err.strerror}"))
    try:
        with fh, open_store() as store, Progress(TextColumn("importing"), BarColumn(),
                                                 TextColumn("{task.completed}/{task.total} lines"),
                                                 console=err_console, transient=True) as bar:
            task = bar.add_task("import", total=None, visible=False)

            def progress(line: int, total: int) -> None:
                if total >= PROGRESS_MIN_LINES:
                    bar.update(task, completed=line, total=total, visible=True)

            summary = import_reports_csv(store, cli_ctx(), fh, attach=None if review else _attach,
                                         max_bytes=settings.import_max_bytes, progress=progress)
    except TrucelineError as err:
        fail(err)
    _print(summary)
    raise typer.Exit(code=EXIT_SOME_REJECTED if summary.errors else EXIT_ALL_STORED)


def _print(summary: ImportSummary) -> None:
    out_console.print(f"{summary.rows} rows: {summary.stored} stored, {len(summary.errors)} rejected",
                      highlight=False)
    if summary.new_sources:
        out_console.print("new sources (reliability F): " + ", ".join(summary.new_sources), highlight=False)
    for line, message in summary.errors:
        out_console.print(f"line {line}: {message}", highlight=False, soft_wrap=True)
