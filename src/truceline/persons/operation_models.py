"""Pure domain objects of exchange operations (``ExchangeOperation`` in the glossary).

A numbered release or handover of persons (or remains) between two parties, through an intermediary
(e.g. the ICRC), in **batches**. Each batch names its place, the persons in it — references to stored
person records (``list_key`` + ``ref``), never names — with the outcome for each person, and the time at
which each side released its part of the batch. **Simultaneity**: both sides' release times are recorded
and a batch whose times are further apart than the operation's tolerance is flagged.

Statuses move only along ``TRANSITIONS``: planned → agreed → in_progress → completed, and any step
before completion → cancelled.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from truceline.common.models import ReleaseLevel
from truceline.errors import InvalidTransition


class OperationStatus(StrEnum):
    planned = "planned"
    agreed = "agreed"
    in_progress = "in_progress"
    completed = "completed"
    cancelled = "cancelled"


TRANSITIONS: dict[OperationStatus, tuple[OperationStatus, ...]] = {
    OperationStatus.planned: (OperationStatus.agreed, OperationStatus.cancelled),
    OperationStatus.agreed: (OperationStatus.in_progress, OperationStatus.cancelled),
    OperationStatus.in_progress: (OperationStatus.completed, OperationStatus.cancelled),
    OperationStatus.completed: (),
    OperationStatus.cancelled: (),
}


class Outcome(StrEnum):
    pending = "pending"  # not yet known
    released = "released"  # set free
    handed_over = "handed_over"  # handed to the other side or the intermediary (persons or remains)
    refused = "refused"  # the person declined to be transferred (e.g. to the intermediary's interview)
    deceased = "deceased"  # found to have died
    not_found = "not_found"  # not produced by the holding side
    postponed = "postponed"  # moved to a later batch or operation


class BatchPerson(BaseModel):
    list_key: str  # the stored person list
    ref: str  # the person's id on that list
    outcome: Outcome = Outcome.pending


class SideRelease(BaseModel):
    party: str
    released_at: datetime


class Simultaneity(BaseModel):
    gap_seconds: float | None  # None until both sides' times are known
    tolerance_seconds: float
    flagged: bool  # the two sides released further apart than the tolerance


class Batch(BaseModel):
    number: int
    place: str | None = None
    persons: list[BatchPerson] = []
    releases: list[SideRelease] = []  # at most one per party

    def simultaneity(self, *, parties: list[str], tolerance_minutes: float) -> Simultaneity:
        times = {r.party: r.released_at for r in self.releases}
        tolerance = tolerance_minutes * 60.0
        if not all(p in times for p in parties):
            return Simultaneity(gap_seconds=None, tolerance_seconds=tolerance, flagged=False)
        values = [times[p] for p in parties]
        gap = (max(values) - min(values)).total_seconds()
        return Simultaneity(gap_seconds=gap, tolerance_seconds=tolerance, flagged=gap > tolerance)


class StatusStep(BaseModel):
    status: OperationStatus
    at: datetime
    by: str
    reason: str | None = None


class ExchangeOperation(BaseModel):
    id: int
    key: str  # "exchange-<number>"
    number: int
    name: str
    parties: list[str]  # the two sides, by party key
    intermediary: str | None = None  # e.g. "ICRC"
    place: str | None = None  # where the operation happens (a batch may say otherwise)
    tolerance_minutes: float = 30.0
    batches: list[Batch] = []
    history: list[StatusStep]  # never empty
    release: ReleaseLevel = ReleaseLevel.mechanism
    version: int = 1
    created_at: datetime
    updated_at: datetime

    @property
    def status(self) -> OperationStatus:
        return self.history[-1].status

    def flagged_batches(self) -> list[int]:
        return [b.number for b in self.batches
                if b.simultaneity(parties=self.parties, tolerance_minutes=self.tolerance_minutes).flagged]


class OperationQuery(BaseModel):
    status: OperationStatus | None = None
    party: str | None = None

    def matches(self, operation: ExchangeOperation) -> bool:
        return ((self.status is None or operation.status == self.status)
                and (self.party is None or self.party in operation.parties))


def check_steps(history: list[StatusStep], *, what: str) -> None:
    for n, (prev, nxt) in enumerate(zip(history, history[1:], strict=False), start=2):
        allowed = TRANSITIONS[prev.status]
        if nxt.status not in allowed:
            then = ", ".join(allowed) if allowed else f"nothing ({prev.status} is final)"
            raise InvalidTransition(f"{what}: cannot go from {prev.status} to {nxt.status}; allowed: {then}",
                                    details=[{"field": "status", "value": nxt.status.value}])
        if nxt.at < prev.at:
            raise InvalidTransition(f"{what}: status step {n} ({nxt.status}) is dated before step {n - 1}",
                                    details=[{"field": "at", "value": nxt.at.isoformat()}])
