"""Demo accounts: one per role, passwords that log in, a second run gives new passwords."""

from __future__ import annotations

import pytest

from truceline.accounts.demo import create_demo_accounts
from truceline.accounts.memory import MemoryAccountRepository
from truceline.accounts.models import Role
from truceline.accounts.passwords import fast_passwords
from truceline.accounts.service import Accounts
from truceline.errors import BadCredentials


def test_demo_accounts_one_per_role_and_rerunnable(clock):
    accounts = Accounts(MemoryAccountRepository(), clock=clock, passwords=fast_passwords())
    first = create_demo_accounts(accounts)
    assert [u.role for u, _ in first] == list(Role)
    assert {u.username: u.party for u, _ in first}["demo-party-liaison"] == "turkey"
    for user, password in first:
        assert accounts.authenticate(user.username, password).id == user.id
    accounts.deactivate("demo-analyst")
    second = create_demo_accounts(accounts)
    assert len(accounts.list_users()) == len(Role)
    assert all(u.active for u, _ in second)
    old = dict((u.username, p) for u, p in first)
    with pytest.raises(BadCredentials):
        accounts.authenticate("demo-admin", old["demo-admin"])
    assert accounts.authenticate("demo-admin", dict((u.username, p) for u, p in second)["demo-admin"])
