"""The bodies of each kind, pure: coordinates as fixed decimals that come back as the same floats, and
every malformed body refused with E538/E539 before anything is imported."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.exchange.instances import NOW
from truceline.errors import BodyInvalid, BulletinHashMismatch, PartyMismatch, SequenceConflict
from truceline.exchange import bundles
from truceline.exchange.canonical import canonical_bytes, to_fixed
from truceline.exchange.outbox import Issued, MemoryOutbox
from truceline.exchange.sequences import StreamKey


@given(st.floats(min_value=-180, max_value=180, allow_nan=False))
def test_fixed_decimals_read_back_as_the_same_rounded_float(value):
    rounded = round(value, 6)
    assert float(to_fixed(rounded, places=6)) == rounded


@pytest.fixture
def bulletin():
    from truceline.bulletins.codec import seal
    from truceline.bulletins.compute import compute_tables
    from truceline.bulletins.models import Bulletin, IncidentSnapshot, Period

    snap = IncidentSnapshot(uid="i-1", version=2, event_type="shelling", status="graded",
                            start=datetime(2017, 10, 21, tzinfo=UTC), end=datetime(2017, 10, 21, tzinfo=UTC),
                            lon=round(36.123456789, 6), lat=round(-0.1 + 0.2, 6), province="Idlib",
                            province_from="reports")
    period = Period.of(datetime(2017, 10, 20).date(), datetime(2017, 10, 26).date())
    return seal(Bulletin(period=period, issuer="turkey", issued_at=NOW, audience="mechanism", incidents=(snap,),
                         previous_incidents=(), zones=(), tables=compute_tables([snap], [], ())))


def test_bulletin_body_is_canonical_and_round_trips(bulletin):
    body = bundles.bulletin_body(bulletin)
    assert body["bulletin"]["incidents"][0]["lon"] == "36.123457"
    data = canonical_bytes(body)  # no floats left
    from truceline.exchange.canonical import parse_strict

    back = bundles.bulletin_from_body(parse_strict(data), issuer="turkey")
    assert back == bulletin and back.content_hash == bulletin.content_hash


def test_bulletin_body_with_a_changed_coordinate_fails_its_content_hash(bulletin):
    body = bundles.bulletin_body(bulletin)
    body["bulletin"]["incidents"][0]["lat"] = "0.100001"
    with pytest.raises(BulletinHashMismatch):
        bundles.bulletin_from_body(body, issuer="turkey")


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda b: {**b, "extra": 1}, "exactly"),
    (lambda b: {"bulletin": []}, "exactly"),
    (lambda b: {"bulletin": {**b["bulletin"], "incidents": [{**b["bulletin"]["incidents"][0], "lon": "east"}]}},
     "not a decimal"),
])
def test_bulletin_body_malformed(bulletin, mutate, message):
    with pytest.raises(BodyInvalid, match=message):
        bundles.bulletin_from_body(mutate(bundles.bulletin_body(bulletin)), issuer="turkey")


def test_bulletin_body_of_another_issuer(bulletin):
    with pytest.raises(BodyInvalid, match="signed by 'russia'"):
        bundles.bulletin_from_body(bundles.bulletin_body(bulletin), issuer="russia")


CLAIM = {"uid": "i-1", "version": 1}


@pytest.mark.parametrize(("body", "message"), [
    ({"incidents": []}, "exactly"),
    ({"period": {}, "incidents": {}}, "exactly"),
    ({"period": {}, "incidents": ["x"]}, "no uid"),
    ({"period": {}, "incidents": [{"uid": "", "version": 1}]}, "no uid"),
    ({"period": {}, "incidents": [{"uid": "u" * 65, "version": 1}]}, "no uid"),
    ({"period": {}, "incidents": [{"uid": "i-1", "version": 0}]}, "positive integer version"),
    ({"period": {}, "incidents": [{"uid": "i-1", "version": True}]}, "positive integer version"),
    ({"period": {}, "incidents": [CLAIM, CLAIM]}, "appears twice"),
])
def test_bundle_body_malformed(body, message):
    with pytest.raises(BodyInvalid, match=message):
        bundles.claims_from_body(body)


POSITION = {"uid": "i-1", "version": 1, "position": "confirms", "counter_evidence": None}


@pytest.mark.parametrize(("body", "message"), [
    ({"party": "russia"}, "exactly"),
    ({"party": "russia", "positions": [POSITION], "more": 1}, "exactly"),
    ({"party": "russia", "positions": [{**POSITION, "party": "turkey"}]}, "exactly uid"),
    ({"party": "russia", "positions": [{**POSITION, "position": "yes"}]}, "not a position"),
    ({"party": "russia", "positions": [{**POSITION, "version": "1"}]}, "version an integer"),
    ({"party": "russia", "positions": [{**POSITION, "counter_evidence": 3}]}, "string or null"),
    ({"party": "russia", "positions": [POSITION] * (bundles.MAX_POSITIONS + 1)}, "at most"),
])
def test_positions_body_malformed(body, message):
    with pytest.raises(BodyInvalid, match=message):
        bundles.positions_from_body(body, issuer="russia")


def test_positions_of_another_party_are_refused():
    with pytest.raises(PartyMismatch, match="'turkey'"):
        bundles.positions_from_body({"party": "turkey", "positions": [POSITION]}, issuer="russia")


def test_memory_outbox_numbers_streams_and_refuses_a_taken_number():
    outbox = MemoryOutbox()
    stream = StreamKey("turkey", "bulletin", "")
    issued = Issued(stream=stream, sequence=outbox.next_sequence(stream), digest="d", issued_at=NOW,
                    expires_at=NOW, envelope=b"{}")
    outbox.add(issued)
    assert outbox.next_sequence(stream) == 2 and outbox.next_sequence(stream._replace(audience="russia")) == 1
    with pytest.raises(SequenceConflict, match="taken"):
        outbox.add(issued)
    assert outbox.after(kind="bulletin", after=0, audience="iran", limit=5) == [issued]
