"""Sequence numbers: the rule that stops replays, reordering and quiet omissions, and the port keeping state.

A *stream* is one issuer's envelopes of one kind for one audience (``""`` when addressed to every peer):
``(issuer, kind, audience)``. The issuer numbers each stream 1, 2, 3... The receiver keeps, per stream,
the last sequence number it accepted and the SHA-256 of that payload, and accepts:

* on a stream it has never seen, any sequence number (it starts listening there; earlier envelopes cannot
  be forged, only missed, and their expiry bounds how late they could be replayed);
* afterwards exactly ``last + 1``.

Anything else is refused and nothing is recorded: the same payload again is a replay (E519); a number
lower than the last, or higher than ``last + 1`` (a gap: something was lost or withheld), is out of order
(E520) — the issuer resends the missing envelopes in order; a *different* payload under the last accepted
number means the issuer signed two things with one number (E521), which an operator should look into.

Verification only reads the state; ``record_accepted`` writes it, after the caller's import succeeded, as a
compare-and-set on the number verification saw, so two concurrent imports cannot both take one number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol

from truceline.errors import ReplayedSequence, SequenceConflict, SequenceOutOfOrder


class StreamKey(NamedTuple):
    issuer: str
    kind: str
    audience: str  # "" for envelopes addressed to every peer


@dataclass(frozen=True)
class SequenceMark:
    sequence: int
    digest: str  # SHA-256 hex of the accepted payload bytes
    accepted_at: datetime


class SequenceStore(Protocol):
    def last(self, stream: StreamKey) -> SequenceMark | None: ...

    def advance(self, stream: StreamKey, *, previous: int | None, mark: SequenceMark) -> bool:
        """Set the stream's mark if its last sequence is still ``previous`` (``None``: no mark yet).
        Returns False, changing nothing, when the state moved on in between."""
        ...


class MemorySequenceStore:
    def __init__(self) -> None:
        self.marks: dict[StreamKey, SequenceMark] = {}

    def last(self, stream: StreamKey) -> SequenceMark | None:
        return self.marks.get(stream)

    def advance(self, stream: StreamKey, *, previous: int | None, mark: SequenceMark) -> bool:
        current = self.marks.get(stream)
        if (None if current is None else current.sequence) != previous:
            return False
        self.marks[stream] = mark
        return True


def check_next(stream: StreamKey, sequence: int, digest: str, last: SequenceMark | None) -> None:
    """Raise the right refusal unless ``sequence`` may follow ``last`` on ``stream``."""
    if last is None:
        return
    where = f"{stream.issuer}'s {stream.kind} stream" + (f" to {stream.audience}" if stream.audience else "")
    if sequence == last.sequence:
        if digest == last.digest:
            raise ReplayedSequence(f"envelope {sequence} of {where} was accepted already (a replay)")
        raise SequenceConflict(f"{where} already has a different envelope {sequence}: the issuer signed two "
                               "payloads with one sequence number")
    if sequence < last.sequence:
        raise SequenceOutOfOrder(f"envelope {sequence} of {where} comes after {last.sequence} was accepted "
                                 "(a replay of an older envelope, or out of order)")
    if sequence > last.sequence + 1:
        missing = (f"{last.sequence + 1}" if sequence == last.sequence + 2
                   else f"{last.sequence + 1} to {sequence - 1}")
        raise SequenceOutOfOrder(f"envelope {sequence} of {where} skips {missing}: import the missing "
                                 "envelopes first, in order")
