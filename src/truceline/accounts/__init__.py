"""Accounts and access: users, passwords, sessions, API tokens, and who may do what (``policy``)."""
