"""Truceline: ceasefire monitoring and verification."""

__version__ = "0.1.0"
