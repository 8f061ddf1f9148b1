"""Spatial extensions on PostgreSQL (nothing to do on SQLite).

Revision ID: 0000
Revises:
Create Date: 2026-11-23
"""
from alembic import op

revision = "0000"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")


def downgrade() -> None:
    pass  # extensions may be shared with other schemas; leave them
