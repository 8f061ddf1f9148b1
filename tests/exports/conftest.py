"""The export tests' world, on the in-memory store and on each SQL engine."""

from __future__ import annotations

import pytest

from tests.exports.helpers import build_world


@pytest.fixture
def world(any_store, ctx):
    build_world(any_store, ctx)
    return any_store
