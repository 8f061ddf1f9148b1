"""Match runs are stored first and matched in the background: a state, an error, when they finished

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 10:00:00
"""
from alembic import op
import sqlalchemy as sa
import truceline.db.types


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # runs stored before the state existed were matched within their request: they are done
    with op.batch_alter_table('person_match_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=12), server_default='done', nullable=False))
        batch_op.add_column(sa.Column('error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('finished_at', truceline.db.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('person_match_runs', schema=None) as batch_op:
        batch_op.drop_column('finished_at')
        batch_op.drop_column('error')
        batch_op.drop_column('state')
