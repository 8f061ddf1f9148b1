"""Account use-cases on the in-memory fake and the SQL adapter (each engine)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from truceline.accounts.memory import MemoryAccountRepository
from truceline.accounts.models import Role
from truceline.accounts.passwords import fast_passwords
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.secret import digest
from truceline.accounts.service import Accounts
from truceline.errors import (
    AccountInactive,
    BadCredentials,
    InvalidValue,
    LastAdmin,
    LoginThrottled,
    PasswordRejected,
    RoleMismatch,
    TokenAlreadyRevoked,
    TokenInvalid,
    UnknownApiToken,
    UnknownUser,
    UsernameTaken,
)

PW = "correct horse battery"


@pytest.fixture
def accounts(any_store, clock):
    """The service over the in-memory fake and over SQL on each engine."""
    session = getattr(any_store, "session", None)
    repo = MemoryAccountRepository() if session is None else SqlAccountRepository(session)
    return Accounts(repo, clock=clock, passwords=fast_passwords())


def test_create_user_stores_an_argon2_hash_and_authenticates(accounts):
    user = accounts.create_user("Amal", role="analyst", password=PW, display_name="Amal K.")
    assert user.username == "amal" and user.role == Role.analyst and user.display_name == "Amal K."
    assert user.password_hash.startswith("$argon2id$") and PW not in user.password_hash
    assert accounts.authenticate("AMAL", PW).id == user.id


def test_create_user_refuses_bad_input(accounts):
    accounts.create_user("amal", role="analyst", password=PW)
    with pytest.raises(UsernameTaken):
        accounts.create_user("amal", role="admin", password=PW)
    with pytest.raises(InvalidValue, match="username"):
        accounts.create_user("a b", role="analyst", password=PW)
    with pytest.raises(InvalidValue, match="unknown role 'boss'"):
        accounts.create_user("bob", role="boss", password=PW)
    with pytest.raises(RoleMismatch, match="needs the key of their party"):
        accounts.create_user("lia", role="party_liaison", password=PW)
    with pytest.raises(RoleMismatch, match="only party liaisons"):
        accounts.create_user("ana", role="analyst", password=PW, party="russia")
    with pytest.raises(PasswordRejected, match="at least 12"):
        accounts.create_user("bob", role="analyst", password="short")
    with pytest.raises(PasswordRejected, match="username"):
        accounts.create_user("bobbybobbybob", role="analyst", password="BobbyBobbyBob")
    assert [u.username for u in accounts.list_users()] == ["amal"]


def test_wrong_password_unknown_user_and_inactive_account_fail_alike(accounts):
    accounts.create_user("amal", role="analyst", password=PW)
    accounts.create_user("root", role="admin", password=PW)
    for name, password in [("amal", "wrong password!"), ("nobody", PW)]:
        with pytest.raises(BadCredentials, match="wrong username or password"):
            accounts.authenticate(name, password)
    accounts.deactivate("amal")
    with pytest.raises(BadCredentials, match="wrong username or password"):
        accounts.authenticate("amal", PW)


def test_five_failures_lock_the_username_for_fifteen_minutes(accounts, clock):
    accounts.create_user("amal", role="analyst", password=PW)
    for _ in range(5):
        with pytest.raises(BadCredentials):
            accounts.authenticate("amal", "not the password", client="10.0.0.1")
    with pytest.raises(LoginThrottled, match="try again"):
        accounts.authenticate("amal", PW, client="10.0.0.2")  # even the right password, from elsewhere
    clock.advance(minutes=15)
    assert accounts.authenticate("amal", PW).username == "amal"


def test_failures_spread_over_more_than_the_window_do_not_lock(accounts, clock):
    accounts.create_user("amal", role="analyst", password=PW)
    for _ in range(8):
        with pytest.raises(BadCredentials):
            accounts.authenticate("amal", "not the password")
        clock.advance(minutes=4)
    assert accounts.authenticate("amal", PW).username == "amal"


def test_one_address_trying_many_usernames_is_locked(accounts):
    accounts.create_user("amal", role="analyst", password=PW)
    for i in range(20):
        with pytest.raises(BadCredentials):
            accounts.authenticate(f"guess{i}", "not the password", client="10.9.9.9")
    with pytest.raises(LoginThrottled):
        accounts.authenticate("amal", PW, client="10.9.9.9")
    assert accounts.authenticate("amal", PW, client="10.0.0.1").username == "amal"


def test_success_clears_the_username_failures(accounts):
    accounts.create_user("amal", role="analyst", password=PW)
    for _ in range(4):
        with pytest.raises(BadCredentials):
            accounts.authenticate("amal", "not the password")
    accounts.authenticate("amal", PW)
    for _ in range(4):
        with pytest.raises(BadCredentials):
            accounts.authenticate("amal", "not the password")
    assert accounts.authenticate("amal", PW).username == "amal"


def test_session_is_stored_hashed_and_ends_when_idle(accounts, clock):
    accounts.create_user("amal", role="analyst", password=PW)
    new = accounts.login("amal", PW, client="10.0.0.1")
    assert len(new.secret) >= 43 and new.session.id_hash == digest(new.secret)
    assert accounts.repo.get_session(new.secret) is None  # the clear id is not a key
    clock.advance(hours=1, minutes=59)
    assert accounts.resolve_session(new.secret)[1].username == "amal"
    clock.advance(hours=1, minutes=59)
    assert accounts.resolve_session(new.secret)[1].username == "amal"  # the touch kept it alive
    clock.advance(hours=2)
    assert accounts.resolve_session(new.secret) is None
    assert accounts.repo.get_session(new.session.id_hash) is None


def test_session_ends_at_its_absolute_expiry_however_busy(accounts, clock):
    accounts.create_user("amal", role="analyst", password=PW)
    new = accounts.login("amal", PW)
    for _ in range(11):
        clock.advance(hours=1)
        assert accounts.resolve_session(new.secret) is not None
    clock.advance(hours=1)
    assert accounts.resolve_session(new.secret) is None


def test_logout_and_deactivation_end_sessions(accounts):
    accounts.create_user("amal", role="analyst", password=PW)
    accounts.create_user("root", role="admin", password=PW)
    first, second = accounts.login("amal", PW), accounts.login("amal", PW)
    assert first.secret != second.secret
    assert accounts.logout(first.secret) is True and accounts.logout(first.secret) is False
    assert accounts.resolve_session(first.secret) is None
    assert accounts.resolve_session(second.secret) is not None
    accounts.deactivate("amal")
    assert accounts.resolve_session(second.secret) is None
    with pytest.raises(AccountInactive):
        accounts.deactivate("amal")
    accounts.activate("amal")
    assert accounts.authenticate("amal", PW).active


def test_set_password_ends_sessions_and_old_password(accounts):
    accounts.create_user("amal", role="analyst", password=PW)
    new = accounts.login("amal", PW)
    accounts.set_password("amal", "a new long passphrase")
    assert accounts.resolve_session(new.secret) is None
    with pytest.raises(BadCredentials):
        accounts.authenticate("amal", PW)
    user, generated = accounts.reset_password("amal")
    assert accounts.authenticate("amal", generated).version == user.version


def test_last_admin_cannot_be_deactivated_or_demoted(accounts):
    accounts.create_user("root", role="admin", password=PW)
    with pytest.raises(LastAdmin):
        accounts.deactivate("root")
    with pytest.raises(LastAdmin):
        accounts.change_role("root", "analyst")
    accounts.create_user("root2", role="admin", password=PW)
    changed = accounts.change_role("root", "party_liaison", party="turkey")
    assert (changed.role, changed.party, changed.version) == (Role.party_liaison, "turkey", 2)
    with pytest.raises(UnknownUser):
        accounts.change_role("ghost", "analyst")


def test_api_token_is_shown_once_stored_as_sha256_and_revocable(accounts, clock):
    accounts.create_user("amal", role="analyst", password=None)
    new = accounts.create_token("amal", name="qgis")
    assert new.secret.startswith("tl_") and new.token.token_hash == digest(new.secret)
    assert new.secret.startswith(new.token.prefix) and len(new.token.prefix) == 11
    token, user = accounts.resolve_token(new.secret)
    assert user.username == "amal" and token.last_used_at == clock.now()
    with pytest.raises(UnknownApiToken):
        accounts.revoke_token(new.token.id, username="someone-else")
    accounts.revoke_token(new.token.id, username="amal")
    with pytest.raises(TokenAlreadyRevoked):
        accounts.revoke_token(new.token.id)
    with pytest.raises(TokenInvalid):
        accounts.resolve_token(new.secret)
    with pytest.raises(TokenInvalid):
        accounts.resolve_token("tl_" + "x" * 43)
    assert [t.name for t in accounts.list_tokens("amal")] == ["qgis"]


def test_token_of_a_deactivated_account_opens_nothing(accounts):
    accounts.create_user("bot", role="public_reader", password=None)
    accounts.create_user("root", role="admin", password=PW)
    new = accounts.create_token("bot", name="feed")
    accounts.deactivate("bot")
    with pytest.raises(TokenInvalid):
        accounts.resolve_token(new.secret)
    with pytest.raises(AccountInactive):
        accounts.create_token("bot", name="another")
    with pytest.raises(BadCredentials):  # no password: token-only accounts cannot log in
        accounts.authenticate("bot", "anything at all")


def test_authenticate_rehashes_a_hash_made_with_other_parameters(accounts):
    from truceline.accounts.passwords import Passwords

    accounts.create_user("amal", role="analyst", password=PW)
    stronger = Accounts(accounts.repo, clock=accounts.clock, passwords=Passwords())
    assert stronger.passwords.needs_rehash(accounts.get_user("amal").password_hash)
    stronger.authenticate("amal", PW)
    assert not stronger.passwords.needs_rehash(accounts.get_user("amal").password_hash)


def test_throttle_window_starts_again_after_a_lock(accounts, clock):
    accounts.create_user("amal", role="analyst", password=PW)
    for _ in range(5):
        with pytest.raises(BadCredentials):
            accounts.authenticate("amal", "not the password")
    clock.advance(minutes=15, seconds=1)
    with pytest.raises(BadCredentials):
        accounts.authenticate("amal", "not the password")
    assert accounts.repo.get_throttle("username", "amal").failures == 1
    assert timedelta(minutes=15) == accounts.username_rule.lock
