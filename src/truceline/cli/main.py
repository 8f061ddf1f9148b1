"""The `truceline` command: one sub-command per module of this package."""

from __future__ import annotations

import typer

from truceline.cli import (
    accidents_cli,
    bulletin_cli,
    db_cli,
    demo_cli,
    exchange_cli,
    export_cli,
    extract_cli,
    incidents_cli,
    ingest_cli,
    keys_cli,
    persons_cli,
    register_cli,
    reports_cli,
    serve_cli,
    users_cli,
    worker_cli,
)

app = typer.Typer(help="Truceline: ceasefire monitoring and verification.", no_args_is_help=True,
                  pretty_exceptions_enable=False)
app.add_typer(accidents_cli.app, name="accidents")
app.add_typer(bulletin_cli.app, name="bulletin")
app.add_typer(db_cli.app, name="db")
app.add_typer(demo_cli.app, name="demo")
app.add_typer(exchange_cli.app, name="exchange")
app.add_typer(incidents_cli.app, name="incidents")
app.add_typer(ingest_cli.app, name="ingest")
app.add_typer(reports_cli.app, name="reports")
app.add_typer(persons_cli.app, name="persons")
app.add_typer(users_cli.app, name="users")
app.command("serve")(serve_cli.serve_cli)
app.command("export")(export_cli.export_cli)
app.command("worker")(worker_cli.worker_cli)
register_cli.add_register_apps(app)
keys_cli.add_keys_apps(app)
extract_cli.register(app)

if __name__ == "__main__":  # pragma: no cover
    app()
