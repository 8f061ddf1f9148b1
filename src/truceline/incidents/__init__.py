"""Incidents: the happenings that reports describe, clustered, verified, graded and checked against the
agreement in force."""
