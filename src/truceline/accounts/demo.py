"""One account per role for the demo, with fresh random passwords to print once."""

from __future__ import annotations

from truceline.accounts.models import Role, User
from truceline.accounts.passwords import generate_password
from truceline.accounts.service import Accounts


def demo_username(role: Role) -> str:
    return "demo-" + role.value.replace("_", "-")


def create_demo_accounts(accounts: Accounts, *, liaison_party: str = "turkey") -> list[tuple[User, str]]:
    """Make (or, when run again, give new passwords to) ``demo-admin``, ``demo-analyst``... one per role.

    Returns each account with its password in clear, for the demo to print; nothing else keeps it.
    """
    out = []
    for role in Role:
        name = demo_username(role)
        party = liaison_party if role == Role.party_liaison else None
        if accounts.repo.get_user_by_username(name) is None:
            password = generate_password()
            user = accounts.create_user(name, role=role, party=party, password=password,
                                        display_name=f"Demo {role.value.replace('_', ' ')}")
        else:
            user, password = accounts.reset_password(name)
            if user.role != role or user.party != party:
                user = accounts.change_role(name, role, party=party)
            if not user.active:
                user = accounts.activate(name)
        out.append((user, password))
    return out
