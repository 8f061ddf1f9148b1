"""`truceline users ...`: accounts, roles and API tokens, from the command line of the server.

Each command is a few lines over a plain function (``add_user``, ``set_role``...) that takes an
``Accounts`` service, so the same functions serve the demo and the tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from truceline.accounts.models import NewApiToken, Role, User
from truceline.accounts.passwords import generate_password
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.service import Accounts
from truceline.cli.common import fail, open_store, out_console, run
from truceline.errors import FileInputError, InvalidValue

app = typer.Typer(help="Accounts: users, roles and API tokens.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for machine clients (Authorization: Bearer).", no_args_is_help=True)
app.add_typer(token_app, name="token")
PASSWORD_FILE_MAX_BYTES = 4096


@contextmanager
def open_accounts() -> Iterator[Accounts]:
    with open_store() as store:
        yield Accounts(SqlAccountRepository(store.session), parties=store.parties)


def read_password_file(path: Path) -> str:
    """The first line of ``path`` (without its line end): the way scripts hand over a password."""
    try:
        data = path.read_bytes()[: PASSWORD_FILE_MAX_BYTES + 1]
    except OSError as err:
        raise FileInputError(f"cannot read {path}: {err.strerror}") from None
    if len(data) > PASSWORD_FILE_MAX_BYTES:
        raise FileInputError(f"{path}: larger than {PASSWORD_FILE_MAX_BYTES} bytes; not a password file")
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise FileInputError(f"{path}: not UTF-8 text") from None
    if not lines or not lines[0]:
        raise FileInputError(f"{path}: the first line is empty")
    return lines[0]


def add_user(accounts: Accounts, username: str, *, role: str, party: str | None, display_name: str | None,
             password: str | None) -> User:
    return accounts.create_user(username, role=role, party=party, display_name=display_name, password=password)


def describe_user(user: User) -> str:
    party = f" ({user.party})" if user.party else ""
    state = "active" if user.active else "deactivated"
    login = "" if user.password_hash else "  tokens only"
    return f"{user.username:24} {user.role.value + party:32} {state:11} {user.display_name}{login}"


def describe_token(new: NewApiToken) -> str:
    return "\n".join([f"token {new.token.id} '{new.token.name}' for {new.token.username}:", new.secret,
                      "Shown this once: store it now (e.g. in a password manager)."])


@app.command("add")
def add_cli(username: Annotated[str, typer.Argument(help="Login name: lower-case letters, digits, . _ -")],
            role: Annotated[str, typer.Option("--role", help=f"One of: {', '.join(r.value for r in Role)}.")],
            party: Annotated[str | None, typer.Option("--party", help="Party key (party liaisons only).")] = None,
            display_name: Annotated[str | None, typer.Option("--display-name", help="Name shown in the UI.")] = None,
            password_file: Annotated[Path | None, typer.Option("--password-file",
                                                               help="Read the password from the file's first line."
                                                               )] = None,
            generate: Annotated[bool, typer.Option("--generate", help="Make a random password and print it once."
                                                   )] = False,
            no_password: Annotated[bool, typer.Option("--no-password", help="An account for API tokens only."
                                                      )] = False,
            ) -> None:
    """Create an account. Without a password option the password is asked for (twice, not echoed)."""
    if sum([password_file is not None, generate, no_password]) > 1:
        fail(InvalidValue("choose one of --password-file, --generate and --no-password"))
    if role not in {r.value for r in Role}:  # say so before asking for a password
        fail(InvalidValue(f"unknown role {role!r}: one of {', '.join(r.value for r in Role)}",
                          details=[{"field": "role", "value": role}]))
    password: str | None
    if password_file is not None:
        password = run(read_password_file, password_file)
    elif generate:
        password = generate_password()
    elif no_password:
        password = None
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with open_accounts() as accounts:
        user = run(add_user, accounts, username, role=role, party=party, display_name=display_name,
                   password=password)
    out_console.print(f"created {describe_user(user)}", highlight=False, soft_wrap=True)
    if generate:
        out_console.print(f"password (shown this once): {password}", highlight=False, soft_wrap=True)


@app.command("list")
def list_cli() -> None:
    """List accounts: username, role (and party), state, display name."""
    with open_accounts() as accounts:
        users = accounts.list_users()
    for user in users:
        out_console.print(describe_user(user), highlight=False, soft_wrap=True)
    if not users:
        out_console.print("no accounts yet: `truceline users add NAME --role admin`", highlight=False)


@app.command("set-role")
def set_role_cli(username: Annotated[str, typer.Argument(help="The account.")],
                 role: Annotated[str, typer.Argument(help=f"One of: {', '.join(r.value for r in Role)}.")],
                 party: Annotated[str | None, typer.Option("--party", help="Party key (party liaisons only).")] = None,
                 ) -> None:
    """Change an account's role (and party). Takes effect at its next request."""
    with open_accounts() as accounts:
        user = run(accounts.change_role, username, role, party=party)
    out_console.print(f"changed {describe_user(user)}", highlight=False, soft_wrap=True)


@app.command("set-password")
def set_password_cli(username: Annotated[str, typer.Argument(help="The account.")],
                     password_file: Annotated[Path | None, typer.Option("--password-file",
                                                                        help="Read it from the file's first line.")
                                              ] = None,
                     generate: Annotated[bool, typer.Option("--generate", help="Make one and print it once.")] = False,
                     ) -> None:
    """Set a new password; the account's open sessions end."""
    if password_file is not None and generate:
        fail(InvalidValue("choose one of --password-file and --generate"))
    if password_file is not None:
        password = run(read_password_file, password_file)
    elif generate:
        password = generate_password()
    else:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    with open_accounts() as accounts:
        user = run(accounts.set_password, username, password)
    out_console.print(f"password changed for {user.username}", highlight=False)
    if generate:
        out_console.print(f"password (shown this once): {password}", highlight=False, soft_wrap=True)


@app.command("deactivate")
def deactivate_cli(username: Annotated[str, typer.Argument(help="The account.")]) -> None:
    """Stop an account: no more logins or token use; its sessions end. Its name stays in the history."""
    with open_accounts() as accounts:
        user = run(accounts.deactivate, username)
    out_console.print(f"deactivated {user.username}", highlight=False)


@token_app.command("create")
def token_create_cli(username: Annotated[str, typer.Argument(help="The account the token acts as.")],
                     name: Annotated[str, typer.Option("--name", help="What will use it, e.g. 'qgis'.")],
                     ) -> None:
    """Make an API token and print it once."""
    with open_accounts() as accounts:
        new = run(accounts.create_token, username, name=name)
    out_console.print(describe_token(new), highlight=False, soft_wrap=True)


@token_app.command("revoke")
def token_revoke_cli(token_id: Annotated[int, typer.Argument(help="The token's id (see `users token list`).")],
                     ) -> None:
    """Revoke an API token: it opens nothing from now on."""
    with open_accounts() as accounts:
        token = run(accounts.revoke_token, token_id)
    out_console.print(f"revoked token {token.id} '{token.name}' of {token.username}", highlight=False)


@token_app.command("list")
def token_list_cli(username: Annotated[str | None, typer.Argument(help="Only this account's tokens.")] = None,
                   ) -> None:
    """List API tokens (id, account, name, prefix, last use; never the token itself)."""
    with open_accounts() as accounts:
        tokens = run(accounts.list_tokens, username)
    for t in tokens:
        used = t.last_used_at.isoformat() if t.last_used_at else "never used"
        state = f"revoked {t.revoked_at.isoformat()}" if t.revoked_at else "valid"
        out_console.print(f"{t.id:5} {t.username:24} {t.name:24} {t.prefix}…  {used}  {state}", highlight=False,
                          soft_wrap=True)
