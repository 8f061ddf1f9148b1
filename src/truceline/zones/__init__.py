"""The zones register."""
