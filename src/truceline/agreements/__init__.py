"""The agreements register."""
