"""Statements are reviewed like candidate reports: a status, who reviewed them and when, a version

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 10:00:00
"""
from alembic import op
import sqlalchemy as sa
import truceline.db.types


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # statements stored before review existed wait in the queue as candidates, at version 1
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=12), server_default='candidate', nullable=False))
        batch_op.add_column(sa.Column('reviewed_by', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', truceline.db.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_index(batch_op.f('ix_statements_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statements_status'))
        batch_op.drop_column('version')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by')
        batch_op.drop_column('status')
