"""The sequence rule and the in-memory sequence store."""

from __future__ import annotations

import pytest

from tests.exchange.helpers import T0
from truceline.errors import TrucelineError
from truceline.exchange.sequences import MemorySequenceStore, SequenceMark, StreamKey, check_next

STREAM = StreamKey("turkey", "bulletin", "")
LAST = SequenceMark(sequence=5, digest="a" * 64, accepted_at=T0)


@pytest.mark.parametrize(("sequence", "digest", "code", "words"), [
    (5, "a" * 64, "E519", "accepted already"),
    (5, "b" * 64, "E521", "two payloads"),
    (4, "b" * 64, "E520", "after 5"),
    (7, "b" * 64, "E520", "skips 6"),
    (9, "b" * 64, "E520", "skips 6 to 8"),
])
def test_check_next_refuses_all_but_the_next_number(sequence, digest, code, words):
    with pytest.raises(TrucelineError) as err:
        check_next(STREAM, sequence, digest, LAST)
    assert err.value.code == code
    assert words in err.value.user_message


def test_check_next_accepts_the_next_number_and_any_first_one():
    check_next(STREAM, 6, "b" * 64, LAST)
    check_next(STREAM, 1234, "b" * 64, None)


def test_memory_sequence_store_advances_only_from_the_expected_number():
    store = MemorySequenceStore()
    first = SequenceMark(sequence=1, digest="a" * 64, accepted_at=T0)
    assert store.advance(STREAM, previous=None, mark=first)
    assert not store.advance(STREAM, previous=None, mark=first)
    assert not store.advance(STREAM, previous=7, mark=LAST)
    assert store.last(STREAM) == first
    assert store.advance(STREAM, previous=1, mark=LAST)
    assert store.last(STREAM) == LAST
    assert store.last(StreamKey("turkey", "bulletin", "russia")) is None
