"""Typed settings: the one source of truth for configuration.

Every setting is read from the environment with the prefix ``TRUCELINE_`` (or a ``.env`` file) and is
documented in ``docs/configuration.md``; a test fails when one is not.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRUCELINE_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./truceline.db",
        description="SQLAlchemy URL of the database: an SQLite file (default) or postgresql+psycopg://...",
    )
    host: str = Field(default="127.0.0.1", description="Address `truceline serve` binds to.")
    port: int = Field(default=8000, description="Port `truceline serve` listens on.")
    page_size_max: int = Field(default=500, description="Largest page a list endpoint returns.")
    import_max_bytes: int = Field(
        default=50 * 1024 * 1024, description="Largest file the register import commands accept, in bytes."
    )
    data_dir: Path = Field(
        default=Path("./truceline-data"),
        description="Folder for files kept outside the database (report attachments).",
    )
    actor: str = Field(
        default="cli", description="Name recorded in the change history for CLI changes (e.g. your login)."
    )
    instance_name: str = Field(
        default="truceline", description="Name of this instance: the issuer of the bulletins it issues."
    )
    secret_key: str | None = Field(
        default=None,
        description="Server secret for CSRF tokens (at least 32 bytes); unset: a random key kept in "
                    "DATA_DIR/secret_key (mode 0600).",
    )
    feed_timeout_seconds: float = Field(
        default=20.0, description="How long a feed fetch may take before it counts as a failure (seconds)."
    )
    feed_backoff_max_minutes: int = Field(
        default=24 * 60,
        description="Longest wait before a failing feed is tried again; the wait doubles with each failure "
                    "in a row, from the feed's interval up to this cap (minutes).",
    )
    feed_poll_cron: str = Field(
        default="* * * * *",
        description="When the worker (PostgreSQL) looks for due feeds, as a cron expression; each feed is "
                    "then fetched only when its own interval or back-off says so.",
    )
    persons_key_file: Path | None = Field(
        default=None,
        description="File holding the key that encrypts person lists at rest (32 random bytes, base64). Unset: "
                    "DATA_DIR/persons_key, created (mode 0600) on first use. A file named here is never created. "
                    "Keep a backup apart from the database: without the key the person data is lost.",
    )
    tile_url: str | None = Field(
        default=None,
        description="Optional raster tile server for the map, e.g. https://tile.example.org/{z}/{x}/{y}.png. "
                    "Off by default: the map draws its packaged boundaries and works with no network.",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


PACKAGE_DIR = Path(__file__).resolve().parent
