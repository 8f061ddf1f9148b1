"""Text extraction: documents in, candidate statements, places, dates and events out (see docs/extraction.md)."""
