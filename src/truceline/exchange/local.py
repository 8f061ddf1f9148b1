"""This instance's exchange ports over one database session and its data directory (keys, peers)."""

from __future__ import annotations

from typing import Any

from truceline.config import Settings
from truceline.exchange.inbox import SqlInbox
from truceline.exchange.keyfiles import FileKeyStore
from truceline.exchange.outbox import SqlOutbox
from truceline.exchange.peers import PEERS_FILE, FilePeerStore
from truceline.exchange.repository import SqlSequenceStore
from truceline.exchange.service import Exchange


def open_exchange(store: Any, settings: Settings) -> Exchange:
    """The ports of ``service`` for a ``SqlStore``: the key ring and peers files, SQL outbox, inbox, sequences."""
    ring = FileKeyStore(settings.data_dir / "keys").load()
    peers = FilePeerStore(settings.data_dir / PEERS_FILE).load()
    session = store.session
    return Exchange(name=ring.owner if ring is not None else settings.instance_name, ring=ring, peers=peers,
                    sequences=SqlSequenceStore(session), outbox=SqlOutbox(session), inbox=SqlInbox(session),
                    store=store)
