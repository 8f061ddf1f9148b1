"""The posts register."""
