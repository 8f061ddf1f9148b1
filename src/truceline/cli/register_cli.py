"""`truceline <register> import|export`: whole registers as JSON (GeoJSON for zones and posts)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from truceline.cli.common import cli_ctx, open_store, out_console, run, write_out
from truceline.config import get_settings
from truceline.errors import FileInputError
from truceline.registers import REGISTERS, get_spec
from truceline.transfer import ImportSummary, export_document, import_items, parse_file


def import_register(name: str, path: Path) -> ImportSummary:
    spec = get_spec(name)
    limit = get_settings().import_max_bytes
    if not path.is_file():
        raise FileInputError(f"{path}: no such file")
    if path.stat().st_size > limit:
        raise FileInputError(f"{path}: {path.stat().st_size} bytes; the limit is {limit} "
                             "(TRUCELINE_IMPORT_MAX_BYTES)")
    items = parse_file(path.read_bytes(), spec=spec, name=str(path))
    with open_store() as store:
        return import_items(store, cli_ctx(), spec, items)


def export_register(name: str) -> str:
    spec = get_spec(name)
    with open_store() as store:
        doc = export_document(store, spec)
    return json.dumps(doc, ensure_ascii=False, indent=2)


def register_app(name: str) -> typer.Typer:
    spec = get_spec(name)
    app = typer.Typer(help=f"Import and export the {name} register ({spec.file_format.upper()}).",
                      no_args_is_help=True)

    @app.command("import")
    def import_cli(path: Path = typer.Argument(..., help=f"{spec.file_format.upper()} file to read.")) -> None:
        """Create or update records from a file; all or nothing."""
        summary = run(import_register, name, path)
        out_console.print(summary.message())

    @app.command("export")
    def export_cli(out: str = typer.Option("-", "--out", "-o", help="File to write; '-' is stdout.")) -> None:
        """Write the whole register in the shape `import` reads."""
        write_out(run(export_register, name), out)

    return app


def add_register_apps(root: typer.Typer) -> None:
    for name in REGISTERS:
        root.add_typer(register_app(name), name=name)
