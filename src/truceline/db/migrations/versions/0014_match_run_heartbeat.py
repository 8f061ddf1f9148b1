"""Match runs say they are alive while they work: a run silent for long has lost its process

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 12:00:00
"""
from alembic import op
import sqlalchemy as sa
import truceline.db.types


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person_match_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', truceline.db.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('person_match_runs', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')
