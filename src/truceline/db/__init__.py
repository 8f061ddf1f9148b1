"""Storage: engine and sessions, the geometry column type, table metadata and Alembic migrations."""
