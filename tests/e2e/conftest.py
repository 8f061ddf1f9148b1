"""Browser tests drive Debian's Chromium through Playwright (never `playwright install`); screenshots of
every page go to ``test-artifacts/screenshots`` (or ``TRUCELINE_SCREENSHOTS``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if os.environ.get("TRUCELINE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"no Chromium at {CHROMIUM}: run `make services`")
        pytest.skip(f"no Chromium at {CHROMIUM} (`make services` installs it)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = Path(os.environ.get("TRUCELINE_SCREENSHOTS", "test-artifacts/screenshots"))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
