"""The docs are checked: every setting, CLI command, API route and error code is documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer

from truceline.cli.main import app as cli_app
from truceline.config import Settings
from truceline.errors import all_error_classes

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _cli_commands() -> list[str]:
    out: list[str] = []

    def walk(cmd: Any, prefix: str) -> None:
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, f"{prefix} {name}")
        else:
            out.append(prefix)

    walk(typer.main.get_command(cli_app), "truceline")
    return sorted(out)


def _api_routes() -> list[str]:
    from truceline.web.app import create_app

    app = create_app(Settings(database_url="sqlite://"))
    paths = {p for p in app.openapi()["paths"] if p.startswith(("/api/", "/ogc"))}
    app.state.engine.dispose()
    return sorted(paths)


def test_readme_quick_start_has_exactly_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^\s*(make \w+)\s*$", quick, flags=re.M)
    assert commands == ["make demo", "make test"]


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented(field):
    assert f"TRUCELINE_{field.upper()}" in _read("configuration.md")


@pytest.mark.parametrize("command", _cli_commands())
def test_every_cli_command_is_documented(command):
    assert f"`{command}" in _read("cli.md"), f"{command} missing from docs/cli.md"


def test_every_api_route_is_documented():
    api = _read("api.md")
    missing = [p for p in _api_routes() if f"`{p}`" not in api and f" {p}`" not in api]
    assert not missing, f"routes missing from docs/api.md: {missing}"


@pytest.mark.parametrize("cls", all_error_classes(), ids=lambda c: c.code)
def test_every_error_code_is_documented(cls):
    assert f"`{cls.code}`" in _read("api.md")
