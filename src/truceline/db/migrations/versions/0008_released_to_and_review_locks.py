"""Records released to named parties; the review lock on candidate reports

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 02:30:00
"""
from alembic import op
import sqlalchemy as sa
import truceline.db.types


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

TABLES = ('parties', 'agreements', 'accessions', 'zones', 'posts', 'talks_rounds', 'sources', 'hazard_areas',
          'humanitarian_windows', 'reports', 'incidents')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('released_to', truceline.db.types.KeyList(), nullable=True))
    with op.batch_alter_table('reports') as batch:
        batch.add_column(sa.Column('locked_by', sa.String(length=120), nullable=True))
        batch.add_column(sa.Column('locked_until', truceline.db.types.UTCDateTime(), nullable=True))
    # publication is the release of an incident to the public (incidents/workflow.publish)
    op.execute("UPDATE incidents SET release = 'public' WHERE published")


def downgrade() -> None:
    with op.batch_alter_table('reports') as batch:
        batch.drop_column('locked_until')
        batch.drop_column('locked_by')
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column('released_to')
