"""The SQLAlchemy sequence store, on each engine (the table comes from the models, as for every test)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.exchange.helpers import T0
from truceline.db.engine import make_sessionmaker
from truceline.exchange.repository import ExchangeSequenceRow, SqlSequenceStore
from truceline.exchange.sequences import SequenceMark, StreamKey

STREAM = StreamKey("turkey", "bulletin", "")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    ExchangeSequenceRow.__table__.create(engine, checkfirst=True)  # until the table is in db/tables.py
    with make_sessionmaker(engine)() as session:
        yield session


def mark(n: int) -> SequenceMark:
    return SequenceMark(sequence=n, digest=f"{n:064x}", accepted_at=T0)


def test_sql_sequence_store_starts_empty_and_records_a_first_mark(session):
    store = SqlSequenceStore(session)
    assert store.last(STREAM) is None
    assert store.advance(STREAM, previous=None, mark=mark(3))
    session.commit()
    assert SqlSequenceStore(session).last(STREAM) == mark(3)


def test_sql_sequence_store_compare_and_set(session):
    store = SqlSequenceStore(session)
    store.advance(STREAM, previous=None, mark=mark(1))
    assert not store.advance(STREAM, previous=None, mark=mark(1))  # lost race on the first mark
    assert not store.advance(STREAM, previous=5, mark=mark(6))
    assert store.advance(STREAM, previous=1, mark=mark(2))
    session.commit()
    assert store.last(STREAM) == mark(2)


def test_sql_sequence_store_keeps_streams_apart(session):
    store = SqlSequenceStore(session)
    store.advance(STREAM, previous=None, mark=mark(1))
    other = StreamKey("turkey", "bulletin", "russia")
    store.advance(other, previous=None, mark=mark(9))
    assert store.last(STREAM) == mark(1)
    assert store.last(other) == mark(9)
    assert store.last(StreamKey("russia", "bulletin", "")) is None


def test_sql_sequence_store_rollback_leaves_state_unchanged(session):
    store = SqlSequenceStore(session)
    store.advance(STREAM, previous=None, mark=mark(1))
    session.commit()
    store.advance(STREAM, previous=1, mark=mark(2))
    session.rollback()
    assert store.last(STREAM) == mark(1)
