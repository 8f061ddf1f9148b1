"""Standard exports of incidents and reports (CSV, HXL, GeoJSON, ACLED columns) and their change feed."""
