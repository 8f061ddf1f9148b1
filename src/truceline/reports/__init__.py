"""Reports: one claim by one source about one happening."""
