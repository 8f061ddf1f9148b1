"""`truceline demo ...`: the Syria 2017 demo scenario."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from truceline.accounts.demo import create_demo_accounts
from truceline.accounts.models import User
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.service import Accounts
from truceline.cli.common import cli_ctx, open_store, out_console, run, write_out
from truceline.config import get_settings
from truceline.demo.loader import load_demo, load_demo_persons, load_demo_reports
from truceline.persons.keyfile import load_cipher

app = typer.Typer(help="The demo scenario 'Syria 2017'.", no_args_is_help=True)


def demo_load(*, reports: bool = True, accounts: bool = True) -> tuple[list[str], list[tuple[User, str]]]:
    """Load the scenario; with ``accounts``, (re)make one demo account per role with a fresh password."""
    with open_store() as store:
        ctx = cli_ctx()
        lines = load_demo(store, ctx).lines()
        lines += load_demo_reports(store, ctx) if reports else []
        if reports:
            settings = get_settings()
            cipher = load_cipher(configured=settings.persons_key_file, data_dir=settings.data_dir)
            lines += load_demo_persons(store, ctx, cipher)
        made = create_demo_accounts(Accounts(SqlAccountRepository(store.session), clock=ctx.clock,
                                             parties=store.parties)) if accounts else []
        return lines, made


@app.command("load")
def demo_load_cli(
    reports: bool = typer.Option(True, "--reports/--no-reports",
                                 help="Also load the fictional demo reports and the demo centre's decisions."),
    accounts: bool = typer.Option(True, "--accounts/--no-accounts",
                                  help="Make one demo account per role and print their new passwords."),
) -> None:
    """Load (or refresh) the demo scenario into the database; all or nothing."""
    lines, made = run(demo_load, reports=reports, accounts=accounts)
    for line in lines:
        out_console.print(line)
    if made:
        table = Table("username", "role", "party", "password", title="Demo accounts (passwords change on each load)")
        for user, password in made:
            table.add_row(user.username, user.role.value, user.party or "", password)
        out_console.print(table)


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
