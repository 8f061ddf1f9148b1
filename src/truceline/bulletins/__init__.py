"""Bulletins: periodic, reproducible counts of incidents by zone and province, with coverage."""
