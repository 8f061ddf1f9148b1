"""A Truceline server as a real process on a free loopback port, for the end-to-end tests.

``running_server`` starts ``truceline serve`` with its own settings, waits (with a deadline) until
``/api/v1/health`` answers, and stops the process when the block ends, whatever happens.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(database_url: str, *, data_dir: Path, env: dict[str, str] | None = None,
                   deadline_s: float = 30.0) -> Iterator[str]:
    """Yield the base URL (``http://127.0.0.1:PORT``) of a server over ``database_url``."""
    port = free_port()
    settings = {**os.environ, "TRUCELINE_DATABASE_URL": database_url, "TRUCELINE_DATA_DIR": str(data_dir),
                **(env or {})}
    log = (data_dir / f"server-{port}.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "truceline.cli.main", "serve", "--host", "127.0.0.1",
                             "--port", str(port)], env=settings, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, base, deadline_s, data_dir / f"server-{port}.log")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _wait_ready(proc: subprocess.Popen[bytes], base: str, deadline_s: float, log_path: Path) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}: {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling a process that is starting, bounded by the deadline
    raise RuntimeError(f"the server did not answer within {deadline_s} s: {log_path.read_text()[-2000:]}")


@contextmanager
def demo_server(folder: Path, *, accounts: tuple[tuple[str, str], ...] = (), password: str = "",
                prepare: Callable[[Any, Any], None] | None = None) -> Iterator[str]:
    """A server over a fresh SQLite database built by the migrations, holding the demo registers and the
    published incidents of ``tests.web.test_ogc.seed_published``, and ``accounts`` (username, role) that log
    in with ``password``; ``prepare(store, ctx)`` changes the data before the server starts."""
    from datetime import UTC, datetime

    from tests.web.test_ogc import seed_published
    from truceline.clock import FixedClock
    from truceline.common.context import Ctx
    from truceline.db.engine import make_engine, make_sessionmaker
    from truceline.db.migrate import upgrade
    from truceline.db.store import store_scope

    url = f"sqlite:///{folder / 'demo.db'}"
    engine = make_engine(url)
    upgrade(engine)
    ctx = Ctx(actor="test", clock=FixedClock(datetime(2017, 10, 30, 9, tzinfo=UTC)))
    with store_scope(make_sessionmaker(engine)) as store:
        seed_published(store, ctx)
        if accounts:
            from truceline.accounts.repository import SqlAccountRepository
            from truceline.accounts.service import Accounts

            service = Accounts(SqlAccountRepository(store.session), clock=ctx.clock, parties=store.parties)
            for username, role in accounts:
                service.create_user(username, role=role, password=password)
        if prepare is not None:
            prepare(store, ctx)
    engine.dispose()
    with running_server(url, data_dir=folder) as base:
        yield base
