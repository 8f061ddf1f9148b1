"""The SQL outbox and inbox on each engine: stream counters, a taken number refused, received incidents
keyed by (issuer, uid, version), positions kept on the version received."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from truceline.errors import SequenceConflict
from truceline.exchange.inbox import Accepted, ReceivedIncident, SqlInbox
from truceline.exchange.outbox import Issued, SqlOutbox
from truceline.exchange.sequences import StreamKey

T = datetime(2017, 10, 30, 9, 0, tzinfo=UTC)
STREAM = StreamKey("turkey", "incident_bundle", "")


def _issued(sequence: int, *, stream: StreamKey = STREAM) -> Issued:
    return Issued(stream=stream, sequence=sequence, digest=f"{sequence:064d}", issued_at=T, expires_at=T,
                  envelope=f'{{"n":{sequence}}}'.encode())


def test_outbox_counts_per_stream_and_pulls_after_a_sequence(sql_store):
    outbox = SqlOutbox(sql_store.session)
    assert outbox.next_sequence(STREAM) == 1
    for n in (1, 2, 3):
        outbox.add(_issued(n))
    to_russia = STREAM._replace(audience="russia")
    outbox.add(_issued(outbox.next_sequence(to_russia), stream=to_russia))
    assert outbox.next_sequence(STREAM) == 4 and outbox.next_sequence(to_russia) == 2
    assert [i.sequence for i in outbox.after(kind=None, after=1, audience="iran", limit=10)] == [2, 3]
    assert [(i.stream.audience, i.sequence) for i in outbox.after(kind="incident_bundle", after=0,
                                                                   audience="russia", limit=2)] == [("", 1), ("", 2)]
    assert outbox.after(kind="bulletin", after=0, audience=None, limit=10) == []
    assert outbox.after(kind=None, after=2, audience=None, limit=10)[0].envelope == b'{"n":3}'


def test_outbox_refuses_a_taken_number_and_keeps_the_session_usable(sql_store):
    outbox = SqlOutbox(sql_store.session)
    outbox.add(_issued(1))
    with pytest.raises(SequenceConflict, match="taken"):
        outbox.add(_issued(1))
    assert outbox.next_sequence(STREAM) == 2


def test_inbox_keeps_received_incidents_by_version_and_positions(sql_store):
    inbox = SqlInbox(sql_store.session)
    inbox.add_accepted(Accepted(issuer="turkey", kind="incident_bundle", audience="", sequence=1, digest="a" * 64,
                                accepted_at=T, envelope=b"{}"))
    for version in (1, 2):
        inbox.add_incident(ReceivedIncident(issuer="turkey", uid="i-1", version=version, sequence=version,
                                            digest="a" * 64, received_at=T, claim={"uid": "i-1", "note": "Дума"}))
    assert inbox.has_incident("turkey", "i-1", 1) and not inbox.has_incident("russia", "i-1", 1)
    assert inbox.set_position("turkey", "i-1", 2, position="confirms", counter_evidence=None, at=T)
    assert not inbox.set_position("turkey", "i-9", 1, position="confirms", counter_evidence=None, at=T)
    [latest] = inbox.incidents(issuer="turkey")
    assert (latest.version, latest.position, latest.claim["note"], latest.position_at) == (2, "confirms", "Дума", T)
    assert inbox.incidents(issuer="russia") == []
