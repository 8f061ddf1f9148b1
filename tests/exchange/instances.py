"""Instances for exchange tests: each an SQLite file and a data dir with its key ring and peers file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from tests.bulletins import scenario
from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.config import Settings
from truceline.db.base import Base, load_all_tables
from truceline.db.engine import make_engine, make_sessionmaker
from truceline.db.store import SqlStore, store_scope
from truceline.exchange.keyfiles import FileKeyStore
from truceline.exchange.keys import new_ring
from truceline.exchange.local import open_exchange
from truceline.exchange.peers import PEERS_FILE, FilePeerStore, add_peer
from truceline.exchange.service import Exchange
from truceline.incidents import workflow

NOW = datetime(2017, 10, 30, 9, 0, tzinfo=UTC)


@dataclass
class Instance:
    name: str
    root: Path

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.root / 'truceline.db'}"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def settings(self) -> Settings:
        return Settings(database_url=self.database_url, data_dir=self.data_dir, instance_name=self.name)

    def env(self) -> dict[str, str]:
        return {"TRUCELINE_DATABASE_URL": self.database_url, "TRUCELINE_DATA_DIR": str(self.data_dir),
                "TRUCELINE_INSTANCE_NAME": self.name}

    @contextmanager
    def store(self) -> Iterator[SqlStore]:
        engine = make_engine(self.database_url)
        try:
            with store_scope(make_sessionmaker(engine)) as store:
                yield store
        finally:
            engine.dispose()

    @contextmanager
    def exchange(self) -> Iterator[Exchange]:
        with self.store() as store:
            yield open_exchange(store, self.settings)

    def count(self, table: type) -> int:
        with self.store() as store:
            return int(store.session.scalar(select(func.count()).select_from(table)) or 0)


def make_instance(root: Path, name: str) -> Instance:
    load_all_tables()
    instance = Instance(name=name, root=root / name)
    instance.root.mkdir(parents=True)
    engine = make_engine(instance.database_url)
    Base.metadata.create_all(engine)
    engine.dispose()
    FileKeyStore(instance.data_dir / "keys").save(new_ring(name, now=NOW - timedelta(days=1)))
    return instance


def introduce(peer: Instance, *, to: Instance) -> None:
    """``to`` trusts ``peer``'s public keys (as `truceline peers add` does)."""
    ring = FileKeyStore(peer.data_dir / "keys").load()
    assert ring is not None
    add_peer(FilePeerStore(to.data_dir / PEERS_FILE), peer.name, json.dumps(ring.public_json()).encode())


def seed_incidents(instance: Instance) -> dict[str, object]:
    """The bulletin scenario's registers and incidents; the Idlib shelling (graded) is published."""
    ctx = Ctx(actor="tester", clock=FixedClock(NOW))
    with instance.store() as store:
        incidents = scenario.build(store, ctx)
        incidents["idlib_shelling"] = workflow.publish(store, ctx, incidents["idlib_shelling"].id)
    return incidents


def guarantors_and_observer(root: Path) -> tuple[Instance, Instance, Instance]:
    """turkey (with incidents), russia and united-states, each trusting the other two."""
    instances = make_instance(root, "turkey"), make_instance(root, "russia"), make_instance(root, "united-states")
    for a in instances:
        for b in instances:
            if a is not b:
                introduce(a, to=b)
    seed_incidents(instances[0])
    return instances
