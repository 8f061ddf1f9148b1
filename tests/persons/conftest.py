"""An API over a fresh database (each engine) with one account per role, each with a bearer token."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.persons.lists import add_parties
from truceline.accounts.passwords import fast_passwords
from truceline.accounts.repository import SqlAccountRepository
from truceline.accounts.service import Accounts
from truceline.common.context import Ctx
from truceline.config import Settings
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import store_scope
from truceline.web.app import create_app

ROLES = {"root": ("admin", None), "amal": ("analyst", None), "fr": ("field_reporter", None),
         "lia": ("party_liaison", "jaysh-al-islam"), "gov": ("party_liaison", "syria-government"),
         "pub": ("public_reader", None)}


@pytest.fixture
def api_app(db_url, tmp_path, clock):
    app = create_app(Settings(database_url=db_url, data_dir=tmp_path / "data"), clock=clock)
    engine = make_engine(db_url)
    tokens: dict[str, str] = {}
    with store_scope(make_sessionmaker(engine)) as store:
        add_parties(store, Ctx(actor="setup", clock=clock))
        accounts = Accounts(SqlAccountRepository(store.session), clock=clock, passwords=fast_passwords(),
                            parties=store.parties)
        for name, (role, party) in ROLES.items():
            accounts.create_user(name, role=role, password="correct horse battery", party=party)
            tokens[name] = accounts.create_token(name, name="test").secret
    engine.dispose()
    app.state.test_tokens = tokens
    yield app
    app.state.engine.dispose()


@pytest.fixture
def api(api_app):
    with TestClient(api_app) as client:
        yield client


@pytest.fixture
def as_user(api_app):
    def headers(name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {api_app.state.test_tokens[name]}"}

    return headers
