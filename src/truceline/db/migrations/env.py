"""Alembic environment: the URL comes from the caller (``truceline db upgrade``) or the settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from truceline.config import get_settings
from truceline.db.base import load_all_tables
from truceline.db.engine import make_engine
from truceline.db.migrate import include_object_for

target_metadata = load_all_tables()


def run_with(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      user_module_prefix="truceline.db.types.",
                      include_object=include_object_for(connection.dialect.name))
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        run_with(conn)
    engine.dispose()


run_online()
