"""The dashboard: incident counts per day and zone, by type, alleged party, grade and scope, with each
zone's observation coverage, over a chosen period; counted in the database, shaped by pure functions."""
