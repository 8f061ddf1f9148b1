"""Password hashing and policy."""

from __future__ import annotations

import pytest

from truceline.accounts.passwords import Passwords, check_password, fast_passwords, generate_password
from truceline.errors import PasswordRejected


def test_hash_verify_and_needs_rehash():
    fast = fast_passwords()
    h = fast.hash("correct horse battery")
    assert h.startswith("$argon2id$") and fast.verify(h, "correct horse battery")
    assert not fast.verify(h, "correct horse batterY")
    assert not fast.verify("not-a-hash", "anything")
    assert not fast.needs_rehash(h) and Passwords().needs_rehash(h) and fast.needs_rehash("not-a-hash")


@pytest.mark.parametrize(("password", "why"), [
    ("short", "at least 12"), (" " * 14, "only spaces"), ("Amal.Khatib2", "username"), ("x" * 1025, "at most"),
])
def test_policy_refuses_with_the_reason(password, why):
    with pytest.raises(PasswordRejected, match=why) as info:
        check_password(password, username="amal.khatib2")
    assert info.value.details[0]["field"] == "password"


def test_generated_passwords_pass_the_policy_and_differ():
    a, b = generate_password(), generate_password()
    assert a != b and check_password(a, username="x") == a and len(a) == 24
