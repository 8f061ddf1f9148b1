"""`truceline persons operations ...`: exchange operations, their batches, release times and outcomes."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from truceline.cli.common import cli_ctx, open_store, run, write_out
from truceline.common.models import as_utc
from truceline.common.paging import Page
from truceline.errors import FileInputError
from truceline.persons import operation_service as service
from truceline.persons.operation_models import ExchangeOperation, OperationQuery, OperationStatus, Outcome
from truceline.persons.operation_schemas import (
    BatchAdd,
    OperationCreate,
    OperationPublic,
    OutcomesIn,
    ReleaseIn,
    StatusIn,
)

app = typer.Typer(help="Exchange operations: numbered releases or handovers of persons, in batches.",
                  no_args_is_help=True)
Ref = Annotated[str, typer.Argument(help="Operation id, key (exchange-4) or number (#4).")]


def _ref(ref: str) -> str | int:
    return int(ref) if ref.isdigit() else ref


def _json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FileInputError(f"cannot read {path} as JSON: {err}") from None


def _time(value: str, option: str) -> datetime:
    try:
        return as_utc(datetime.fromisoformat(value))
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not an ISO 8601 time", param_hint=option) from None


def _print(operation: ExchangeOperation) -> None:
    write_out(OperationPublic.from_operation(operation).model_dump_json(indent=2) + "\n", None)


@app.command("create")
def create_cli(file: Annotated[Path, typer.Argument(help="The operation as JSON (the API's body).")]) -> None:
    """Create an operation: name, the two parties, intermediary, place, tolerance, batches."""
    def do() -> ExchangeOperation:
        data = OperationCreate.model_validate(_json_file(file))
        with open_store() as store:
            return service.create_operation(store, cli_ctx(), data)

    _print(run(do))


@app.command("list")
def list_cli(status: Annotated[OperationStatus | None, typer.Option(help="Only at this status.")] = None,
             party: Annotated[str | None, typer.Option(help="Only operations of this party.")] = None) -> None:
    """Operations by number, with their status and flagged batches."""
    def do() -> Any:
        with open_store() as store:
            return service.list_operations(store, OperationQuery(status=status, party=party), Page(limit=1000))

    paged = run(do)
    data = [OperationPublic.from_operation(o).model_dump(mode="json") for o in paged.items]
    write_out(json.dumps({"data": data, "count": paged.count}, ensure_ascii=False, indent=2) + "\n", None)


@app.command("show")
def show_cli(ref: Ref) -> None:
    """One operation with each batch's simultaneity."""
    def do() -> ExchangeOperation:
        with open_store() as store:
            return service.get_operation(store, _ref(ref))

    _print(run(do))


@app.command("status")
def status_cli(ref: Ref, status: Annotated[OperationStatus, typer.Argument(help="The next status.")],
               at: Annotated[str | None, typer.Option(help="When (ISO 8601); default now.")] = None,
               reason: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None) -> None:
    """Move the operation one step: planned → agreed → in_progress → completed, or cancelled."""
    when = _time(at, "--at") if at else None

    def do() -> ExchangeOperation:
        with open_store() as store:
            return service.change_status(store, cli_ctx(), _ref(ref), StatusIn(status=status, at=when, reason=reason))

    _print(run(do))


@app.command("add-batch")
def add_batch_cli(ref: Ref, file: Annotated[Path, typer.Argument(help="The batch as JSON: place, persons.")]) -> None:
    """Add a batch of persons (stored list key + record id each)."""
    def do() -> ExchangeOperation:
        data = BatchAdd.model_validate(_json_file(file))
        with open_store() as store:
            return service.add_batch(store, cli_ctx(), _ref(ref), data)

    _print(run(do))


@app.command("release")
def release_cli(ref: Ref, batch: Annotated[int, typer.Argument(help="Batch number.")],
                party: Annotated[str, typer.Option(help="The side that released.")],
                at: Annotated[str, typer.Option(help="When it released (ISO 8601 with timezone).")],
                reason: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None) -> None:
    """Record one side's release time for a batch; the batch is flagged when the sides are too far apart."""
    when = _time(at, "--at")

    def do() -> ExchangeOperation:
        with open_store() as store:
            return service.record_release(store, cli_ctx(), _ref(ref), batch,
                                          ReleaseIn(party=party, released_at=when, reason=reason))

    _print(run(do))


@app.command("outcome")
def outcome_cli(ref: Ref, batch: Annotated[int, typer.Argument(help="Batch number.")],
                list_key: Annotated[str, typer.Option("--list", help="The stored person list.")],
                record: Annotated[str, typer.Option("--ref", help="The person's id on that list.")],
                outcome: Annotated[Outcome, typer.Option(help="What happened to the person.")],
                reason: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None) -> None:
    """Record the outcome for one person of a batch."""
    def do() -> ExchangeOperation:
        data = OutcomesIn(outcomes=[{"list_key": list_key, "ref": record, "outcome": outcome}],
                          reason=reason)
        with open_store() as store:
            return service.record_outcomes(store, cli_ctx(), _ref(ref), batch, data)

    _print(run(do))


@app.command("history")
def history_cli(ref: Ref) -> None:
    """The operation's change history."""
    def do() -> Any:
        with open_store() as store:
            return service.operation_history(store, _ref(ref))

    write_out(json.dumps([c.model_dump(mode="json") for c in run(do)], ensure_ascii=False, indent=2) + "\n", None)
