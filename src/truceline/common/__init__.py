"""Concepts every register shares: keys, validity in time, release levels."""
