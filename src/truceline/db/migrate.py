"""Run Alembic migrations from code (the CLI and the tests use this; no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


# tables that extensions own (PostGIS) are not ours to create or drop
FOREIGN_TABLES = {"spatial_ref_sys"}


# spatial indexes that exist on PostgreSQL only (declared with ``ddl_if(dialect="postgresql")``)
POSTGRES_ONLY_INDEXES = {"ix_zone_versions_geometry", "ix_posts_location", "ix_hazard_areas_geometry",
                         "ix_humanitarian_windows_footprint"}


def include_object_for(dialect: str) -> Any:
    """Alembic's filter of what to compare on ``dialect``."""
    from truceline.incidents.place_time_index import OWNED_INDEXES, OWNED_TABLES  # raw DDL, not models

    def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if type_ == "table" and (name in FOREIGN_TABLES or name in OWNED_TABLES):
            return False
        if type_ == "index" and name in OWNED_INDEXES:
            return False
        return not (type_ == "index" and name in POSTGRES_ONLY_INDEXES and dialect != "postgresql")

    return include_object


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` to ``revision``."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
