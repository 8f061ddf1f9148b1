"""No personal value can be read in the database without the persons key: the SQLite file's bytes and
every row of every PostgreSQL table are searched for the names, notes and birth years of stored lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import prepare_schema
from tests.persons.lists import LIST_A, LIST_B, LIST_C, SECRETS, add_parties
from truceline.db.base import Base
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import SqlStore
from truceline.persons import register_service as service
from truceline.persons import review_service
from truceline.persons.crypto import PersonCipher
from truceline.persons.models import ListKind
from truceline.persons.register_models import Reader
from truceline.persons.register_schemas import ListMeta

CIPHER = PersonCipher(b"0123456789abcdef0123456789abcdef")
READER = Reader(actor="amal", role="analyst", via="session", route="GET /test", purpose="check")
# a birth year written beside a name, as it would be in any plain serialisation of the record
YEAR_NEAR_NAME = ["1985", "1990", "1978"]


def _fill(store, ctx) -> None:
    add_parties(store, ctx)
    a = service.import_csv(store, ctx, CIPHER, LIST_A, ListMeta(party="jaysh-al-islam", kind=ListKind.detained,
                                                                submitted_on=date(2017, 10, 1)))
    service.import_csv(store, ctx, CIPHER, LIST_B, ListMeta(party="syria-government", kind=ListKind.detained,
                                                            submitted_on=date(2017, 10, 1)))
    service.import_csv(store, ctx, CIPHER, LIST_C, ListMeta(party="jaysh-al-islam", kind=ListKind.remains,
                                                            submitted_on=date(2017, 10, 2)))
    service.read_records(store, ctx, CIPHER, a.key, READER)  # the access log is written too
    service.export_csv(store, ctx, CIPHER, a.key, READER)
    run = review_service.run_match(store, ctx, CIPHER, a.key, "syria-government-detained-2017-10-01", READER)
    assert run.match_count == 2  # the explanations, which quote names, are stored too


def _needles() -> list[bytes]:
    out = []
    for text in SECRETS + YEAR_NEAR_NAME:
        out += [text.encode("utf-8"), text.encode("utf-16-le"), text.lower().encode("utf-8")]
    return out


@pytest.fixture
def sqlite_file(tmp_path) -> Iterator[tuple[SqlStore, Path]]:
    path = tmp_path / "persons.db"
    engine = make_engine(f"sqlite:///{path}")
    prepare_schema(engine)
    session = make_sessionmaker(engine)()
    try:
        yield SqlStore(session), path
    finally:
        session.close()
        engine.dispose()


def test_sqlite_database_file_holds_no_personal_value(sqlite_file, ctx):
    sql_store, path = sqlite_file
    _fill(sql_store, ctx)
    sql_store.session.commit()
    files = [p for p in path.parent.iterdir() if p.name.startswith(path.name)]  # the file, its WAL and SHM
    data = b"".join(p.read_bytes() for p in files)
    assert b"jaysh-al-islam-detained-2017-10-01" in data  # the register entry is there, in clear
    assert b"A-2" in data  # and the record ids
    found = [n for n in _needles() if n in data]
    assert not found, f"personal values readable in the SQLite file: {found}"
    # with the key, the same data opens
    assert service.read_records(sql_store, ctx, CIPHER, "jaysh-al-islam-detained-2017-10-01", READER)[1][0].birth_year \
        == 1985


def test_database_rows_hold_no_personal_value(sql_store, ctx, db_url):
    _fill(sql_store, ctx)
    sql_store.session.commit()
    engine = make_engine(db_url)
    texts: list[str] = []
    blobs: list[bytes] = []
    try:
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                for row in conn.execute(select(table)):
                    for value in row:
                        if isinstance(value, bytes | memoryview):
                            blobs.append(bytes(value))
                        elif value is not None:
                            texts.append(str(value))
    finally:
        engine.dispose()
    assert len(blobs) >= 8 + 2  # a sealed payload per person record, a sealed explanation per match pair
    text = "\n".join(texts)
    assert "jaysh-al-islam" in text
    found = [s for s in SECRETS if s in text or s.lower() in text.lower()]
    found += [y for y in YEAR_NEAR_NAME if y in text]
    found += [n.decode("utf-8", "replace") for n in _needles() for b in blobs if n in b]
    assert not found, f"personal values readable in the database rows: {found}"
