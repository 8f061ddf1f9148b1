"""`truceline demo ...`: the Syria 2017 demo scenario."""

from __future__ import annotations

import json

import typer

from truceline.cli.common import cli_ctx, open_store, out_console, run, write_out
from truceline.demo.loader import load_demo, load_demo_reports

app = typer.Typer(help="The demo scenario 'Syria 2017'.", no_args_is_help=True)


def demo_load(*, reports: bool = True) -> list[str]:
    with open_store() as store:
        ctx = cli_ctx()
        lines = load_demo(store, ctx).lines()
        return lines + (load_demo_reports(store, ctx) if reports else [])


@app.command("load")
def demo_load_cli(
    reports: bool = typer.Option(True, "--reports/--no-reports",
                                 help="Also load the fictional demo reports and the demo centre's decisions."),
) -> None:
    """Load (or refresh) the demo scenario into the database; all or nothing."""
    for line in run(demo_load, reports=reports):
        out_console.print(line)


def demo_build_zones() -> str:
    from truceline.demo.loader import demo_bytes
    from truceline.demo.zones_builder import build_zones_document

    spec = json.loads(demo_bytes("zone_towns.json"))
    return json.dumps(build_zones_document(spec), ensure_ascii=False, indent=1) + "\n"


@app.command("build-zones")
def demo_build_zones_cli(
    out: str = typer.Option("-", "--out", "-o", help="File to write ('-' is stdout); the packaged file is "
                            "src/truceline/demo/data/zones.geojson."),
) -> None:
    """Derive the demo zone outlines from town coordinates in the packaged gazetteer."""
    write_out(run(demo_build_zones), out)
