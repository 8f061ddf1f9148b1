"""The heartbeat beats while its block runs, goes on after a failed beat, and stops with the block."""

from __future__ import annotations

import threading

import pytest

from truceline.common.heartbeat import Heartbeat


def test_beats_while_the_block_runs_and_stops_with_it():
    seen = threading.Event()
    calls: list[int] = []

    def beat() -> None:
        calls.append(1)
        if len(calls) >= 3:
            seen.set()

    with Heartbeat(beat, every=0.01) as heart:
        assert seen.wait(10)  # bounded: fails rather than hangs
    after = len(calls)
    assert after >= 3 and heart.beats == after
    assert not heart._thread.is_alive()
    assert len(calls) == after  # no beat once the block is over


def test_a_failed_beat_is_logged_and_the_beats_go_on(caplog):
    seen = threading.Event()
    calls: list[int] = []

    def beat() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database is locked")
        seen.set()

    with Heartbeat(beat, every=0.01):
        assert seen.wait(10)
    assert "heartbeat failed" in caplog.text and len(calls) >= 2


def test_an_interval_must_be_positive():
    with pytest.raises(ValueError):
        Heartbeat(lambda: None, every=0)
