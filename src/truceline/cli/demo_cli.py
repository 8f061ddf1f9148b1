"""`truceline demo ...`: the Syria 2017 demo scenario."""

from __future__ import annotations

import typer

from truceline.cli.common import cli_ctx, open_store, out_console, run
from truceline.demo.loader import DemoSummary, load_demo

app = typer.Typer(help="The demo scenario 'Syria 2017'.", no_args_is_help=True)


def demo_load() -> DemoSummary:
    with open_store() as store:
        return load_demo(store, cli_ctx())


@app.command("load")
def demo_load_cli() -> None:
    """Load (or refresh) the demo scenario into the database; all or nothing."""
    summary = run(demo_load)
    for line in summary.lines():
        out_console.print(line)
