"""`truceline db ...`: create and migrate the database."""

from __future__ import annotations

import typer

from truceline.cli.common import out_console
from truceline.config import get_settings
from truceline.db.engine import make_engine
from truceline.db.migrate import current_revision, upgrade

app = typer.Typer(help="Create and migrate the database chosen by TRUCELINE_DATABASE_URL.", no_args_is_help=True)


def db_upgrade(url: str, revision: str = "head") -> str | None:
    engine = make_engine(url)
    try:
        upgrade(engine, revision)
        return current_revision(engine)
    finally:
        engine.dispose()


@app.command("upgrade")
def db_upgrade_cli(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Create the database if needed and bring it to the latest schema."""
    url = get_settings().database_url
    rev = db_upgrade(url, revision)
    out_console.print(f"database at revision {rev}")


@app.command("current")
def db_current_cli() -> None:
    """Print the schema revision the database is at."""
    engine = make_engine(get_settings().database_url)
    try:
        out_console.print(current_revision(engine) or "empty (run `truceline db upgrade`)")
    finally:
        engine.dispose()
