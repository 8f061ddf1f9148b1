"""Indexes for the dashboard's counts

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 02:40:00

The dashboard counts incidents per day, zone, type, party, grade and scope with GROUP BY queries
(``SqlIncidentRepository.count_by``). This index holds every column those queries read, led by the
reader's visibility and the start time, so that both engines scan only the period, in the index alone;
the second lets the join to the incidents' zones read the zone from its index.
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_incidents_counts', 'incidents', ['published', 'release', 'start_at', 'status', 'event_type',
                                                         'grade', 'scope_class', 'perpetrators'], unique=False)
    op.create_index('ix_incident_zones_incident_zone', 'incident_zones', ['incident_id', 'zone_key'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_incident_zones_incident_zone', table_name='incident_zones')
    op.drop_index('ix_incidents_counts', table_name='incidents')
