"""What every CLI command shares: one store per command, errors printed the same way as the API's."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console

from truceline.common.context import Ctx
from truceline.config import get_settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import SqlStore, store_scope
from truceline.errors import TrucelineError, schema_error

T = TypeVar("T")
err_console = Console(stderr=True)
out_console = Console()


@contextmanager
def open_store(url: str | None = None) -> Iterator[SqlStore]:
    engine = make_engine(url or get_settings().database_url)
    try:
        with store_scope(make_sessionmaker(engine)) as store:
            yield store
    finally:
        engine.dispose()


def cli_ctx() -> Ctx:
    return Ctx(actor=get_settings().actor)


def fail(err: TrucelineError) -> None:
    err_console.print(f"[bold red]error {err.code}[/]: {err.user_message}", highlight=False, soft_wrap=True)
    for d in err.details[:10]:
        line = ", ".join(f"{k}: {v}" for k, v in d.items())
        err_console.print(f"  - {line}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=2 if err.http_status < 500 else 1)


def run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a plain function; turn domain and validation errors into a message and a non-zero exit."""
    try:
        return fn(*args, **kwargs)
    except TrucelineError as err:
        fail(err)
    except ValidationError as err:
        fail(schema_error(list(err.errors())))
    raise AssertionError("unreachable")  # pragma: no cover


def write_out(text: str, out: str | None) -> None:
    if out is None or out == "-":
        sys.stdout.write(text)
        if not text.endswith("\n"):
            sys.stdout.write("\n")
    else:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write(text)
