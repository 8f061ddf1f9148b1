"""API shapes of exchange operations: ``OperationCreate``/``OperationUpdate``, the step inputs, and
``OperationPublic`` (the operation with its status and each batch's simultaneity)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.persons.operation_models import (
    BatchPerson,
    ExchangeOperation,
    OperationStatus,
    Outcome,
    SideRelease,
    Simultaneity,
)


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int | None = Field(default=None, ge=1)  # default: the next number
    place: str | None = Field(default=None, max_length=200)
    persons: list[BatchPerson] = []
    releases: list[SideRelease] = []


class OperationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int | None = Field(default=None, ge=1)  # default: the next free number
    name: str = Field(min_length=1, max_length=200)
    parties: list[str] = Field(min_length=2, max_length=2)
    intermediary: str | None = Field(default=None, max_length=200)
    place: str | None = Field(default=None, max_length=200)
    tolerance_minutes: float = Field(default=30.0, ge=0)
    batches: list[BatchIn] = []
    status: OperationStatus = OperationStatus.planned
    release: ReleaseLevel = ReleaseLevel.mechanism


class OperationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    intermediary: str | None = None
    place: str | None = None
    tolerance_minutes: float | None = Field(default=None, ge=0)
    release: ReleaseLevel | None = None
    reason: str | None = None
    expected_version: int | None = None


class StatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: OperationStatus
    at: datetime | None = None  # default: now
    reason: str | None = None
    expected_version: int | None = None


class BatchAdd(BatchIn):
    reason: str | None = None
    expected_version: int | None = None


class ReleaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    party: str
    released_at: datetime
    reason: str | None = None
    expected_version: int | None = None


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    list_key: str
    ref: str
    outcome: Outcome


class OutcomesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcomes: list[OutcomeIn] = Field(min_length=1)
    reason: str | None = None
    expected_version: int | None = None


class BatchPublic(BaseModel):
    number: int
    place: str | None
    persons: list[BatchPerson]
    releases: list[SideRelease]
    simultaneity: Simultaneity


class OperationPublic(BaseModel):
    id: int
    key: str
    number: int
    name: str
    parties: list[str]
    intermediary: str | None
    place: str | None
    tolerance_minutes: float
    status: OperationStatus
    batches: list[BatchPublic]
    flagged_batches: list[int]  # batches whose two sides released further apart than the tolerance
    history: list[dict[str, object]]
    release: ReleaseLevel
    version: int
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_operation(cls, op: ExchangeOperation) -> OperationPublic:
        batches = [BatchPublic(**b.model_dump(), simultaneity=b.simultaneity(
            parties=op.parties, tolerance_minutes=op.tolerance_minutes)) for b in op.batches]
        return cls(id=op.id, key=op.key, number=op.number, name=op.name, parties=op.parties,
                   intermediary=op.intermediary, place=op.place, tolerance_minutes=op.tolerance_minutes,
                   status=op.status, batches=batches, flagged_batches=op.flagged_batches(),
                   history=[s.model_dump(mode="json") for s in op.history], release=op.release, version=op.version,
                   created_at=op.created_at, updated_at=op.updated_at)


class OperationsPublic(BaseModel):
    data: list[OperationPublic]
    count: int
