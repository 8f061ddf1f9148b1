"""Migrations: an empty database upgrades to head, and the result is exactly what the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from truceline.db.base import Base, load_all_tables
from truceline.db.engine import make_engine
from truceline.db.migrate import current_revision, include_object_for, upgrade
from truceline.db.types import Geometry


def _ignore_geometry_type(context, inspected, metadata_col, inspected_type, metadata_type):
    if isinstance(metadata_type, Geometry):
        return False  # reflected as an unknown type; the column exists, which is what counts
    return None


def _fresh_empty_url(request, tmp_path, kind):
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'migrate.db'}"
    url = request.getfixturevalue("pg_database")
    engine = make_engine(url)
    with engine.begin() as conn:  # start from nothing: the session database was built from the models
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_migrations_upgrade_empty_database_to_models(db_url, request, tmp_path):
    kind = "sqlite" if db_url.startswith("sqlite") else "postgres"
    url = _fresh_empty_url(request, tmp_path, kind)
    engine = make_engine(url)
    try:
        upgrade(engine)
        assert current_revision(engine) is not None
        load_all_tables()
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": _ignore_geometry_type,
                                                         "include_object": include_object_for(conn.dialect.name)})
            diff = compare_metadata(ctx, Base.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        assert set(inspect(engine).get_table_names()) >= {t.name for t in Base.metadata.sorted_tables}
    finally:
        engine.dispose()
        if kind == "postgres":  # leave the shared database as the other tests expect it
            from tests.conftest import prepare_schema

            eng = make_engine(url)
            with eng.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            prepare_schema(eng)
            eng.dispose()


def test_sqlite_connections_use_wal_full_sync_and_foreign_keys(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
