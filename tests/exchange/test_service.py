"""Exchange use-cases between in-process instances: sign, export, verify before import, provenance, no
overwrite, replay refused with nothing written, positions back into the issuer's ledger."""

from __future__ import annotations

import base64
import json
from datetime import date, timedelta

import pytest

from tests.exchange.instances import NOW, Instance, guarantors_and_observer, introduce, make_instance
from truceline.bulletins.service import issue as issue_bulletin
from truceline.errors import (
    BadSignature,
    BodyInvalid,
    InvalidValue,
    NoKeyRing,
    PartyMismatch,
    ReplayedSequence,
    SequenceOutOfOrder,
    UnknownIncident,
    UnknownIssuer,
    WrongAudience,
)
from truceline.exchange import bundles, service
from truceline.exchange.canonical import canonical_bytes
from truceline.exchange.inbox import ExchangeInboxRow, ExchangeReceivedIncidentRow
from truceline.exchange.repository import ExchangeSequenceRow
from truceline.incidents.models import Position

START, END = date(2017, 10, 20), date(2017, 10, 26)


@pytest.fixture
def world(tmp_path) -> tuple[Instance, Instance, Instance]:
    return guarantors_and_observer(tmp_path)


def _bundle(a: Instance, *, audience: str | None = None) -> bytes:
    with a.exchange() as ex:
        return service.export_bundle(ex, start=START, end=END, now=NOW, audience=audience).envelope


def _receive(b: Instance, data: bytes, *, now=NOW) -> service.Receipt:
    with b.exchange() as ex:
        return service.receive(ex, data, now=now)


def _nothing_received(b: Instance) -> bool:
    return all(b.count(t) == 0 for t in (ExchangeInboxRow, ExchangeReceivedIncidentRow, ExchangeSequenceRow))


def test_issue_numbers_each_stream_from_one_and_survives_a_restart(world):
    a = world[0]
    with a.exchange() as ex:
        first = service.issue(ex, {"n": 1}, kind="bulletin", now=NOW)
        other = service.issue(ex, {"n": 1}, kind="bulletin", now=NOW, audience="russia")
    with a.exchange() as ex:  # a new session: the counter comes from the database
        second = service.issue(ex, {"n": 2}, kind="bulletin", now=NOW)
        pulled = ex.outbox.after(kind="bulletin", after=1, audience="united-states", limit=10)
    assert (first.sequence, other.sequence, second.sequence) == (1, 1, 2)
    assert [(i.stream.audience, i.sequence) for i in pulled] == [("", 2)]


def test_issue_without_a_key_ring_is_refused(tmp_path):
    a = make_instance(tmp_path, "turkey")
    (a.data_dir / "keys" / "ring.json").unlink()
    with pytest.raises(NoKeyRing), a.exchange() as ex:
        service.issue(ex, {}, kind="bulletin", now=NOW)


def test_signed_bulletin_round_trips_with_its_content_hash(world):
    a, b, _ = world
    with a.exchange() as ex:
        bulletin = issue_bulletin(ex.store, start=START, end=END, issuer="turkey", now=NOW)
        issued = service.sign_bulletin(ex, bulletin, now=NOW)
    payload = json.loads(base64.b64decode(json.loads(issued.envelope)["payload"]))
    assert payload["body"]["bulletin"]["incidents"][0]["lon"] == "36.630000"
    with b.exchange() as ex:
        verified = service.verify_file(issued.envelope, peers=ex.peers, ring=ex.ring, now=NOW)
    back = bundles.bulletin_from_body(verified.body, issuer="turkey")
    assert back == bulletin and back.content_hash == bulletin.content_hash
    assert _receive(b, issued.envelope).imported == {"bulletins": 1, "incidents": 3}


def test_sign_bulletin_refuses_another_issuer(world):
    with world[0].exchange() as ex:
        bulletin = issue_bulletin(ex.store, start=START, end=END, issuer="russia", now=NOW)
        with pytest.raises(InvalidValue, match="key ring owner 'turkey'"):
            service.sign_bulletin(ex, bulletin, now=NOW)


def test_bundle_import_keeps_provenance_beside_own_records(world):
    a, b, _ = world
    data = _bundle(a)
    receipt = _receive(b, data)
    assert (receipt.issuer, receipt.kind, receipt.sequence, receipt.imported) == \
        ("turkey", "incident_bundle", 1, {"incidents": 1, "already_held": 0})
    with b.exchange() as ex:
        [received] = ex.inbox.incidents()
        assert ex.store.incidents.get_by_uid(received.uid) is None  # never written as b's own incident
    assert (received.issuer, received.sequence, received.digest) == ("turkey", 1, receipt.digest)
    assert received.claim["grade"] == "fair" and received.claim["lat"] == "35.930000"
    assert received.claim["reports"]["by_party"] == {"turkey": 1}


def test_bundle_never_overwrites_the_receivers_own_incident(world):
    a, _, _ = world
    c = make_instance(a.root.parent, "iran")
    introduce(a, to=c)
    from tests.exchange.instances import seed_incidents

    own = seed_incidents(c)["idlib_shelling"]
    _receive(c, _bundle(a))
    with c.exchange() as ex:
        assert ex.store.incidents.get_by_uid(own.uid) == own
        assert [r.issuer for r in ex.inbox.incidents()] == ["turkey"]


def test_reimport_is_a_replay_and_writes_nothing(world):
    a, b, _ = world
    data = _bundle(a)
    _receive(b, data)
    before = [b.count(t) for t in (ExchangeInboxRow, ExchangeReceivedIncidentRow)]
    with pytest.raises(ReplayedSequence):
        _receive(b, data)
    assert [b.count(t) for t in (ExchangeInboxRow, ExchangeReceivedIncidentRow)] == before


def test_same_incident_version_in_a_later_bundle_is_kept_as_first_received(world):
    a, b, _ = world
    _receive(b, _bundle(a))
    assert _receive(b, _bundle(a)).imported == {"incidents": 0, "already_held": 1}


def test_gap_in_a_stream_is_refused(world):
    a, b, _ = world
    _receive(b, _bundle(a))
    _bundle(a)
    with pytest.raises(SequenceOutOfOrder):
        _receive(b, _bundle(a))


def test_tampered_bundle_is_refused_and_nothing_imported(world):
    a, b, _ = world
    doc = json.loads(_bundle(a))
    payload = base64.b64decode(doc["payload"]).replace(b'"fair"', b'"weak"')
    doc["payload"] = base64.b64encode(payload).decode()
    with pytest.raises(BadSignature):
        _receive(b, canonical_bytes(doc))
    assert _nothing_received(b)


def test_bundle_for_another_audience_is_refused(world):
    a, b, o = world
    data = _bundle(a, audience="russia")
    with pytest.raises(WrongAudience):
        _receive(o, data)
    assert _receive(b, data).imported["incidents"] == 1
    assert _nothing_received(o)


def test_bundle_from_an_unknown_issuer_is_refused(tmp_path):
    a, b = make_instance(tmp_path, "turkey"), make_instance(tmp_path, "russia")
    from tests.exchange.instances import seed_incidents

    seed_incidents(a)
    with pytest.raises(UnknownIssuer):
        _receive(b, _bundle(a))
    assert _nothing_received(b)


def test_export_refuses_an_audience_that_is_not_a_peer(world):
    with pytest.raises(InvalidValue, match="not a configured peer"):
        _bundle(world[0], audience="iran")


def test_positions_go_back_into_the_issuers_ledger_as_the_senders(world):
    a, b, _ = world
    _receive(b, _bundle(a))
    with b.exchange() as ex:
        [received] = ex.inbox.incidents()
        service.record_received_position(ex, "turkey", received.uid, Position.confirms, now=NOW)
        issued = service.send_confirmations(ex, to="turkey", now=NOW)
    assert _receive(a, issued.envelope).imported == {"positions": 1}
    with a.store() as store:
        incident = store.incidents.get_by_uid(received.uid)
        ledger = {c.party: (c.position, c.recorded_by) for c in incident.confirmations}
    assert ledger["russia"] == (Position.confirms, "peer:russia")  # was "disputes" before
    assert ledger["turkey"][0] == Position.confirms  # a's own position untouched


def test_positions_naming_another_party_are_refused(world):
    a, b, _ = world
    with b.exchange() as ex:
        body = bundles.confirmations_body("turkey", [])
        body["party"] = "united-states"
        data = service.issue(ex, body, kind="confirmations", now=NOW, audience="turkey").envelope
    with pytest.raises(PartyMismatch):
        _receive(a, data)
    assert a.count(ExchangeInboxRow) == 0


def test_positions_on_an_unknown_incident_are_refused_whole(world):
    a, b, _ = world
    with a.store() as store:
        before = store.incidents.get(1)
    uid = before.uid
    positions = [{"uid": uid, "version": 1, "position": "confirms", "counter_evidence": None},
                 {"uid": "no-such", "version": 1, "position": "confirms", "counter_evidence": None}]
    with b.exchange() as ex:
        data = service.issue(ex, bundles.confirmations_body("russia", positions), kind="confirmations", now=NOW,
                             audience="turkey").envelope
    with pytest.raises(UnknownIncident):
        _receive(a, data)
    with a.store() as store:
        assert store.incidents.get(1) == before  # the first position was not kept either
    assert a.count(ExchangeInboxRow) == 0


@pytest.mark.parametrize(("body", "message"), [
    ({"positions": []}, "exactly"),
    ({"party": "russia", "positions": [{"uid": "x"}]}, "exactly uid"),
    ({"party": "russia", "positions": [{"uid": "x", "version": 1, "position": "maybe",
                                        "counter_evidence": None}]}, "not a position"),
])
def test_malformed_positions_are_refused(world, body, message):
    a, b, _ = world
    with b.exchange() as ex:
        data = service.issue(ex, body, kind="confirmations", now=NOW, audience="turkey").envelope
    with pytest.raises(BodyInvalid, match=message):
        _receive(a, data)


def test_record_position_needs_a_received_incident_and_evidence_to_dispute(world):
    a, b, _ = world
    _receive(b, _bundle(a))
    with b.exchange() as ex:
        uid = ex.inbox.incidents()[0].uid
        with pytest.raises(InvalidValue, match="counter-evidence"):
            service.record_received_position(ex, "turkey", uid, "disputes", now=NOW)
        with pytest.raises(Exception, match="no incident"):
            service.record_received_position(ex, "turkey", "other", "confirms", now=NOW)
        with pytest.raises(InvalidValue, match="no positions"):
            service.send_confirmations(ex, to="turkey", now=NOW)


def test_expired_bundle_is_refused(world):
    a, b, _ = world
    with pytest.raises(Exception) as info:
        _receive(b, _bundle(a), now=NOW + timedelta(days=31))
    assert getattr(info.value, "code", None) == "E517"
    assert _nothing_received(b)
