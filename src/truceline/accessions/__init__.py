"""The accessions register."""
