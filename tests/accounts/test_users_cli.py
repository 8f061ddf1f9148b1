"""`truceline users ...` over a fresh database (each engine)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from truceline.accounts.repository import SqlAccountRepository  # noqa: F401 - registers the tables
from truceline.cli.main import app
from truceline.config import get_settings

runner = CliRunner()
PW = "correct horse battery"


@pytest.fixture
def cli_db(db_url, monkeypatch):
    monkeypatch.setenv("TRUCELINE_DATABASE_URL", db_url)
    get_settings.cache_clear()
    yield db_url
    get_settings.cache_clear()


def invoke(*args: str, **kwargs):
    return runner.invoke(app, list(args), **kwargs)


def test_users_add_list_set_role_deactivate(cli_db, tmp_path):
    pw = tmp_path / "pw.txt"
    pw.write_text(PW + "\n", encoding="utf-8")
    r = invoke("users", "add", "root", "--role", "admin", "--password-file", str(pw))
    assert r.exit_code == 0, r.output
    r = invoke("users", "add", "amal", "--role", "analyst", "--generate", "--display-name", "Amal K.")
    assert r.exit_code == 0, r.output
    generated = re.search(r"shown this once\): (\S+)", r.output).group(1)
    assert len(generated) == 24
    r = invoke("users", "add", "lia", "--role", "party_liaison", input=f"{PW}\n{PW}\n")
    assert r.exit_code == 2 and "E813" in r.output and "needs the key of their party" in r.output
    listed = invoke("users", "list").output
    assert "root" in listed and "Amal K." in listed and "analyst" in listed and generated not in listed
    r = invoke("users", "set-role", "amal", "public_reader")
    assert r.exit_code == 0 and "public_reader" in r.output
    r = invoke("users", "deactivate", "amal")
    assert r.exit_code == 0, r.output
    assert "deactivated" in invoke("users", "list").output
    r = invoke("users", "deactivate", "root")
    assert r.exit_code == 2 and "E817" in r.output
    r = invoke("users", "set-password", "root", "--generate")
    assert r.exit_code == 0 and "shown this once" in r.output
    r = invoke("users", "set-password", "root", input="root\nroot\n")
    assert r.exit_code == 2 and "E810" in r.output


def test_users_add_prompts_for_the_password_and_refuses_weak_ones(cli_db):
    r = invoke("users", "add", "amal", "--role", "analyst", input="short\nshort\n")
    assert r.exit_code == 2 and "E810" in r.output and "at least 12" in r.output
    r = invoke("users", "add", "amal", "--role", "analyst", input=f"{PW}\n{PW}\n")
    assert r.exit_code == 0, r.output
    r = invoke("users", "add", "amal", "--role", "analyst", "--no-password")
    assert r.exit_code == 2 and "E812" in r.output
    r = invoke("users", "add", "bob", "--role", "wizard", "--no-password")
    assert r.exit_code == 2 and "unknown role 'wizard'" in r.output
    r = invoke("users", "add", "bob", "--role", "analyst", "--generate", "--no-password")
    assert r.exit_code == 2 and "choose one" in r.output


def test_users_add_party_must_exist(cli_db):
    r = invoke("users", "add", "lia", "--role", "party_liaison", "--party", "nowhere", "--no-password")
    assert r.exit_code == 2 and "unknown party 'nowhere'" in r.output


def test_users_token_create_list_revoke(cli_db):
    assert invoke("users", "add", "bot", "--role", "public_reader", "--no-password").exit_code == 0
    r = invoke("users", "token", "create", "bot", "--name", "feed")
    assert r.exit_code == 0, r.output
    secret = re.search(r"(tl_\S+)", r.output).group(1)
    listed = invoke("users", "token", "list").output
    assert "feed" in listed and secret not in listed and secret[:11] in listed
    assert invoke("users", "token", "revoke", "1").exit_code == 0
    r = invoke("users", "token", "revoke", "1")
    assert r.exit_code == 2 and "E815" in r.output
    r = invoke("users", "token", "revoke", "99")
    assert r.exit_code == 2 and "E814" in r.output


def test_users_password_file_errors_are_clear(cli_db, tmp_path):
    r = invoke("users", "add", "amal", "--role", "analyst", "--password-file", str(tmp_path / "missing"))
    assert r.exit_code == 2 and "E107" in r.output
    empty = tmp_path / "empty"
    empty.write_text("\n")
    r = invoke("users", "add", "amal", "--role", "analyst", "--password-file", str(empty))
    assert r.exit_code == 2 and "first line is empty" in r.output
