"""Fixtures shared by all tests: engines on both databases, stores, a fixed clock, the API client."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.db.base import Base, load_all_tables
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import SqlStore
from truceline.testing.memory import MemoryStore

PG_ADMIN_URL = os.environ.get("TRUCELINE_TEST_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REQUIRE_PG = os.environ.get("TRUCELINE_REQUIRE_POSTGRES") == "1"

load_all_tables()


def prepare_schema(engine: Engine) -> None:
    """Create every table from the models (fast); tests/db/test_migrations.py checks the migrations
    produce exactly this schema."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS btree_gist"))
    Base.metadata.create_all(engine)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2017, 10, 30, 9, 0, tzinfo=UTC))


@pytest.fixture
def ctx(clock: FixedClock) -> Ctx:
    return Ctx(actor="tester", clock=clock)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database with PostGIS, migrated to head; dropped at the end."""
    admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"truceline_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required but unreachable at {PG_ADMIN_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_ADMIN_URL}")
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        prepare_schema(engine)
    except Exception as exc:  # noqa: BLE001 - PostGIS missing on a developer machine
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        if REQUIRE_PG:
            raise
        pytest.skip(f"PostgreSQL at {PG_ADMIN_URL} cannot be migrated (PostGIS installed? `make services`): "
                    f"{str(exc).splitlines()[0]}")
    engine.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_pg(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _fresh_url(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if kind == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.db'}"
        engine = make_engine(url)
        prepare_schema(engine)
    else:
        url = request.getfixturevalue("pg_database")
        engine = make_engine(url)
        _truncate_pg(engine)
    engine.dispose()
    return url


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database of each engine."""
    return _fresh_url(request.param, request, tmp_path)


@contextmanager
def _sql_store(url: str) -> Iterator[SqlStore]:
    eng = make_engine(url)
    session = make_sessionmaker(eng)()
    try:
        yield SqlStore(session)
        session.commit()
    finally:
        session.close()
        eng.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sql_store(db_url: str) -> Iterator[SqlStore]:
    with _sql_store(db_url) as store:
        yield store


@pytest.fixture(params=["memory", *ENGINES])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """The in-memory fake and the SQL store on each engine: repository contract tests run on all."""
    if request.param == "memory":
        yield MemoryStore()
        return
    with _sql_store(_fresh_url(request.param, request, tmp_path)) as store:
        yield store


@pytest.fixture
def app_settings(db_url: str):
    from truceline.config import Settings

    return Settings(database_url=db_url)


def grant_token(app, username: str, role: str, *, party: str | None = None) -> str:
    """An API token of a new account (no password: tokens only) on the app's database."""
    from truceline.accounts.repository import SqlAccountRepository
    from truceline.accounts.service import Accounts
    from truceline.db.store import store_scope

    with store_scope(app.state.sessionmaker) as store:
        accounts = Accounts(SqlAccountRepository(store.session), clock=app.state.clock, parties=store.parties)
        accounts.create_user(username, role=role, password=None, party=party)
        return accounts.create_token(username, name="tests").secret


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


@pytest.fixture
def api_app(app_settings, clock):
    from truceline.web.app import create_app

    app = create_app(app_settings, clock=clock)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def client(api_app):
    """An in-process API client over a fresh database (each engine), acting as an admin (``tester``) with an
    API token; tests about roles pass their own ``authorization`` header or use ``anon_client``."""
    from fastapi.testclient import TestClient

    token = grant_token(api_app, "tester", "admin")
    with TestClient(api_app, headers=bearer(token)) as test_client:
        yield test_client


@pytest.fixture
def anon_client(api_app):
    """A client on the same app as ``client`` that sends no credentials: an anonymous public reader."""
    from fastapi.testclient import TestClient

    with TestClient(api_app) as test_client:
        yield test_client
