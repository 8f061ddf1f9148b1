"""Logging a test browser in through the login page, as a person does: the form carries the login page's
pre-session CSRF token (``web/routes/session_pages.py``)."""

from __future__ import annotations

import re
from typing import Any

LOGIN_TOKEN = re.compile(r'name="csrf_token" value="([^"]*)"')


def login_token(client: Any, next_: str = "/") -> str:
    """Open the login page (which sets the pre-session cookie) and return the token its form carries."""
    return LOGIN_TOKEN.search(client.get("/login", params={"next": next_}).text).group(1)


def form_login(client: Any, username: str, password: str, next_: str = "/") -> Any:
    """POST the login form as the browser would after opening the login page."""
    return client.post("/login", data={"username": username, "password": password, "next": next_,
                                       "csrf_token": login_token(client, next_)})
