"""Ingestion: documents taken in from files, feeds, HTTP pushes and e-mails, stored with provenance,
extracted, and turned into candidate reports and statements for the review queue (docs/extraction.md)."""
