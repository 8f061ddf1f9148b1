"""The server secret and CSRF tokens."""

from __future__ import annotations

import pytest

from truceline.accounts.secret import csrf_matches, csrf_token, load_or_create_secret
from truceline.errors import SecretKeyUnusable


def test_secret_is_made_once_and_kept(tmp_path):
    first = load_or_create_secret(configured=None, data_dir=tmp_path / "d")
    assert len(first) == 48 and load_or_create_secret(configured=None, data_dir=tmp_path / "d") == first


def test_configured_secret_wins_and_must_be_long(tmp_path):
    assert load_or_create_secret(configured="k" * 40, data_dir=tmp_path) == b"k" * 40
    with pytest.raises(SecretKeyUnusable, match="at least 32"):
        load_or_create_secret(configured="short", data_dir=tmp_path)


def test_damaged_secret_file_is_a_clear_error(tmp_path):
    (tmp_path / "secret_key").write_text("abc\n")
    with pytest.raises(SecretKeyUnusable, match="fewer than 32"):
        load_or_create_secret(configured=None, data_dir=tmp_path)


def test_csrf_token_is_bound_to_session_and_secret():
    token = csrf_token(b"s" * 32, "session-a")
    assert csrf_matches(b"s" * 32, "session-a", token)
    assert not csrf_matches(b"s" * 32, "session-b", token)
    assert not csrf_matches(b"t" * 32, "session-a", token)
    assert not csrf_matches(b"s" * 32, "session-a", None)
