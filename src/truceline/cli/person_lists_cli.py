"""`truceline persons lists|matches|key ...`, `persons access-log`: stored person lists and their review.

The CLI acts as the local operator (``TRUCELINE_ACTOR``); every command that prints personal values is
logged in the person access log as ``via: cli`` with the command and the ``--purpose`` given.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel

from truceline.cli.common import cli_ctx, fail, open_store, out_console, run, write_out
from truceline.common.models import ReleaseLevel, as_utc
from truceline.common.paging import Page
from truceline.config import get_settings
from truceline.errors import PersonListEncoding, TrucelineError
from truceline.persons import register_service as service
from truceline.persons import review_service
from truceline.persons.crypto import PersonCipher
from truceline.persons.keyfile import create_key_file, key_path, load_cipher, read_key_file
from truceline.persons.matching import DEFAULT_MIN_SCORE, DEFAULT_THRESHOLD, MatchSettings
from truceline.persons.models import ListKind
from truceline.persons.register_models import AccessQuery, ListQuery, Reader
from truceline.persons.register_schemas import ListMeta, ListUpdate, PersonRecordPublic
from truceline.persons.review_models import PairQuery, Review

lists_app = typer.Typer(help="Person lists stored in the database, encrypted at rest.", no_args_is_help=True)
key_app = typer.Typer(help="The persons key that encrypts person lists at rest.", no_args_is_help=True)

Purpose = Annotated[str | None, typer.Option(help="Why you read the person data (kept in the access log).")]


def cipher() -> PersonCipher:
    settings = get_settings()
    return load_cipher(configured=settings.persons_key_file, data_dir=settings.data_dir)


def cli_reader(command: str, purpose: str | None) -> Reader:
    return Reader(actor=get_settings().actor, role="cli", via="cli", route=f"cli persons {command}", purpose=purpose)


def _json(value: Any) -> str:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _read(path: Path) -> bytes:
    limit = get_settings().import_max_bytes
    try:
        if path.stat().st_size > limit:
            raise PersonListEncoding(f"{path}: more than TRUCELINE_IMPORT_MAX_BYTES ({limit}) bytes")
        return path.read_bytes()
    except OSError as err:
        raise PersonListEncoding(f"cannot read {path}: {err.strerror}") from None


def _ref(ref: str) -> str | int:
    return int(ref) if ref.isdigit() else ref


@lists_app.command("import")
def import_cli(
    file: Annotated[Path, typer.Argument(help="The list as CSV with the documented columns.")],
    party: Annotated[str, typer.Option(help="Key of the submitting party.")],
    kind: Annotated[ListKind, typer.Option(help="What the list holds.")],
    submitted_on: Annotated[str | None, typer.Option(help="Date of submission (YYYY-MM-DD); default today.")] = None,
    key: Annotated[str | None, typer.Option(help="Key of the stored list; default <party>-<kind>-<date>.")] = None,
    release: Annotated[ReleaseLevel, typer.Option(help="Release level.")] = ReleaseLevel.party_restricted,
    encoding: Annotated[str | None, typer.Option(help="Force an encoding instead of detecting it.")] = None,
) -> None:
    """Store a list, encrypted; a list with any problem is refused whole and nothing is stored."""
    try:
        day = date.fromisoformat(submitted_on) if submitted_on else None
    except ValueError:
        raise typer.BadParameter(f"'{submitted_on}' is not a date (YYYY-MM-DD)", param_hint="--submitted-on") from None

    def do() -> Any:
        meta = ListMeta(party=party, kind=kind, submitted_on=day, key=key, release=release, source=file.name)
        data = _read(file)
        with open_store() as store:
            return service.import_csv(store, cli_ctx(), cipher(), data, meta, encoding=encoding)

    plist = run(do)
    out_console.print(f"stored person list '{plist.key}': {plist.record_count} records of {plist.party} "
                      f"({plist.kind.value}), encrypted", highlight=False, soft_wrap=True)


@lists_app.command("replace")
def replace_cli(
    ref: Annotated[str, typer.Argument(help="Key or id of the stored list.")],
    file: Annotated[Path, typer.Argument(help="The corrected list (CSV).")],
    reason: Annotated[str | None, typer.Option(help="Why the list is replaced (kept in its history).")] = None,
    expected_version: Annotated[int | None, typer.Option(help="Refuse unless the list is at this version.")] = None,
    encoding: Annotated[str | None, typer.Option(help="Force an encoding instead of detecting it.")] = None,
) -> None:
    """A new version of a stored list: its records are replaced whole by the file's."""
    def do() -> Any:
        data = _read(file)
        with open_store() as store:
            return service.replace_list(store, cli_ctx(), cipher(), _ref(ref), data, reason=reason,
                                        expected_version=expected_version, encoding=encoding)

    plist = run(do)
    out_console.print(f"person list '{plist.key}' is at version {plist.version}: {plist.record_count} records",
                      highlight=False)


@lists_app.command("list")
def list_cli(
    party: Annotated[str | None, typer.Option(help="Only this party's lists.")] = None,
    kind: Annotated[ListKind | None, typer.Option(help="Only lists of this kind.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 100,
) -> None:
    """The register of stored lists (no personal values)."""
    def do() -> Any:
        with open_store() as store:
            return service.list_lists(store, ListQuery(party=party, kind=kind), Page(limit=limit))

    paged = run(do)
    write_out(_json({"data": [p.model_dump(mode="json") for p in paged.items], "count": paged.count}), None)


@lists_app.command("show")
def show_cli(
    ref: Annotated[str, typer.Argument(help="Key or id of the stored list.")],
    records: Annotated[bool, typer.Option("--records", help="Also print the person records (logged).")] = False,
    refs: Annotated[str | None, typer.Option(help="Only these record ids, comma-separated (logged).")] = None,
    purpose: Purpose = None,
) -> None:
    """A list's register entry; with --records or --refs its person records too, which is logged."""
    def do() -> Any:
        with open_store() as store:
            if not (records or refs):
                return {"person_list": service.get_list(store, _ref(ref)).model_dump(mode="json")}
            wanted = [r.strip() for r in refs.split(",") if r.strip()] if refs else None
            who = cli_reader("lists show", purpose)
            plist, found = service.read_records(store, cli_ctx(), cipher(), _ref(ref), who, refs=wanted)
            return {"person_list": plist.model_dump(mode="json"),
                    "data": [PersonRecordPublic.from_record(r).model_dump(mode="json") for r in found]}

    write_out(_json(run(do)), None)


@lists_app.command("export")
def export_cli(
    ref: Annotated[str, typer.Argument(help="Key or id of the stored list.")],
    out: Annotated[str | None, typer.Option(help="Write to this file instead of standard output.")] = None,
    purpose: Purpose = None,
) -> None:
    """Write a stored list back as CSV (the import columns); logged."""
    def do() -> str:
        with open_store() as store:
            return service.export_csv(store, cli_ctx(), cipher(), _ref(ref), cli_reader("lists export", purpose))

    write_out(run(do), out)


@lists_app.command("update")
def update_cli(
    ref: Annotated[str, typer.Argument(help="Key or id of the stored list.")],
    release: Annotated[ReleaseLevel | None, typer.Option(help="New release level.")] = None,
    kind: Annotated[ListKind | None, typer.Option(help="New kind.")] = None,
    reason: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None,
) -> None:
    """Change a list's register entry (release level, kind)."""
    def do() -> Any:
        with open_store() as store:
            return service.update_list(store, cli_ctx(), _ref(ref), ListUpdate(release=release, kind=kind,
                                                                               reason=reason))

    write_out(_json(run(do)), None)


@lists_app.command("history")
def history_cli(ref: Annotated[str, typer.Argument(help="Key or id of the stored list.")]) -> None:
    """The change history of a list (no personal values are ever in it)."""
    def do() -> Any:
        with open_store() as store:
            return service.list_history(store, _ref(ref))

    write_out(_json([c.model_dump(mode="json") for c in run(do)]), None)


def access_log_cli(
    actor: Annotated[str | None, typer.Option(help="Only this reader's entries.")] = None,
    list_key: Annotated[str | None, typer.Option("--list", help="Only reads of this list.")] = None,
    since: Annotated[str | None, typer.Option(help="Only entries from this time (ISO 8601).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 100,
) -> None:
    """Who read which person records, when, how and why (newest first)."""
    try:
        when = as_utc(datetime.fromisoformat(since)) if since else None
    except ValueError:
        raise typer.BadParameter(f"'{since}' is not an ISO 8601 time", param_hint="--since") from None

    def do() -> Any:
        with open_store() as store:
            return service.access_log(store, AccessQuery(actor=actor, list_key=list_key, since=when),
                                      Page(limit=limit))

    paged = run(do)
    write_out(_json({"data": [e.model_dump(mode="json") for e in paged.items], "count": paged.count}), None)


@key_app.command("init")
def key_init_cli() -> None:
    """Create the persons key file (DATA_DIR/persons_key or TRUCELINE_PERSONS_KEY_FILE), mode 0600."""
    settings = get_settings()
    path = key_path(configured=settings.persons_key_file, data_dir=settings.data_dir)
    try:
        create_key_file(path)
        key_id = PersonCipher(read_key_file(path)).key_id
    except TrucelineError as err:
        fail(err)
    out_console.print(f"created {path} (key id {key_id}); back it up apart from the database", highlight=False,
                      soft_wrap=True)


@key_app.command("id")
def key_id_cli() -> None:
    """Print the id of the configured persons key (stored beside the data it sealed)."""
    settings = get_settings()
    path = key_path(configured=settings.persons_key_file, data_dir=settings.data_dir)
    try:
        key_id = PersonCipher(read_key_file(path)).key_id
    except TrucelineError as err:
        fail(err)
    out_console.print(key_id, highlight=False)


matches_app = typer.Typer(help="Match stored lists and review the candidate pairs.", no_args_is_help=True)


@matches_app.command("run")
def match_run_cli(
    list_a: Annotated[str, typer.Argument(help="Key or id of the first stored list.")],
    list_b: Annotated[str, typer.Argument(help="Key or id of the second stored list.")],
    threshold: Annotated[float, typer.Option(help="Score from which a pair is a match.")] = DEFAULT_THRESHOLD,
    min_score: Annotated[float, typer.Option(help="Pairs scoring lower are not kept.")] = DEFAULT_MIN_SCORE,
    purpose: Purpose = None,
) -> None:
    """Match two stored lists; the candidate pairs are kept for review (both reads are logged)."""
    def do() -> Any:
        settings = MatchSettings(threshold=threshold, min_score=min_score)
        with open_store() as store:
            return review_service.run_match(store, cli_ctx(), cipher(), _ref(list_a), _ref(list_b),
                                            cli_reader("matches run", purpose), settings=settings)

    write_out(_json(run(do)), None)


@matches_app.command("list")
def match_list_cli(limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 100) -> None:
    """Match runs, newest first."""
    def do() -> Any:
        with open_store() as store:
            return review_service.list_runs(store, Page(limit=limit), cli_ctx())

    paged = run(do)
    write_out(_json({"data": [r.model_dump(mode="json") for r in paged.items], "count": paged.count}), None)


@matches_app.command("pairs")
def match_pairs_cli(
    run_id: Annotated[int, typer.Argument(help="The match run.")],
    status: Annotated[Review | None, typer.Option(help="Only pairs with this review status.")] = None,
    matches_only: Annotated[bool, typer.Option("--matches-only", help="Only pairs that match.")] = False,
    limit: Annotated[int, typer.Option(help="Page size.")] = 100,
    offset: Annotated[int, typer.Option(help="Pairs to skip.")] = 0,
    purpose: Purpose = None,
) -> None:
    """Candidate pairs with score, decision, review and explanation (quotes names: logged)."""
    def do() -> Any:
        with open_store() as store:
            return review_service.list_pairs(store, cli_ctx(), cipher(), run_id, cli_reader("matches pairs", purpose),
                                             query=PairQuery(status=status, matches_only=matches_only),
                                             page=Page(limit=limit, offset=offset))

    found, pairs, count = run(do)
    data = [{**p.model_dump(mode="json"), "why": why} for p, why in pairs]
    write_out(_json({"run": found.model_dump(mode="json"), "data": data, "count": count}), None)


@matches_app.command("review")
def match_review_cli(
    run_id: Annotated[int, typer.Argument(help="The match run.")],
    pair_id: Annotated[int, typer.Argument(help="The pair's id.")],
    decision: Annotated[Review, typer.Argument(help="confirmed, rejected (or candidate to undo).")],
    reason: Annotated[str | None, typer.Option(help="What made you decide (required to confirm or reject).")] = None,
) -> None:
    """Confirm or reject a candidate pair, with a reason (kept in its history)."""
    def do() -> Any:
        with open_store() as store:
            return review_service.review_pair(store, cli_ctx(), run_id, pair_id, decision=decision, reason=reason)

    write_out(_json(run(do)), None)


@matches_app.command("history")
def match_history_cli(run_id: Annotated[int, typer.Argument(help="The match run.")],
                      pair_id: Annotated[int, typer.Argument(help="The pair's id.")]) -> None:
    """The review history of one pair."""
    def do() -> Any:
        with open_store() as store:
            return review_service.pair_history(store, run_id, pair_id)

    write_out(_json([c.model_dump(mode="json") for c in run(do)]), None)
