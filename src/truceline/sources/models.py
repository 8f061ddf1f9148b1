"""Pure domain objects of the sources register and the reliability rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from truceline.common.models import ReleaseLevel, normalise_name
from truceline.common.visibility import Visibility


class SourceKind(StrEnum):
    party_self_report = "party_self_report"  # a group that joined, a guarantor's centre
    observer = "observer"  # an observer or an observation post
    media = "media"
    official_statement = "official_statement"
    ngo = "ngo"  # NGO or independent monitor
    public = "public"
    unknown = "unknown"  # registered on the fly by an import; an analyst should set the kind


class Reliability(StrEnum):
    """Admiralty (NATO) source reliability."""

    A = "A"  # completely reliable
    B = "B"  # usually reliable
    C = "C"  # fairly reliable
    D = "D"  # not usually reliable
    E = "E"  # unreliable
    F = "F"  # reliability cannot be judged


class Source(BaseModel):
    id: int
    key: str
    name: str
    kind: SourceKind
    party: str | None = None  # the party it speaks for, when it does
    url: str | None = None
    description: str | None = None
    reliability_override: Reliability | None = None
    override_reason: str | None = None
    release: ReleaseLevel = ReleaseLevel.mechanism
    released_to: list[str] = []  # party keys a party_restricted record is released to
    version: int = 1
    created_at: datetime
    updated_at: datetime


class SourceQuery(BaseModel):
    """Filters of the source list; ``matches`` is the reference meaning that repositories implement."""

    kind: SourceKind | None = None
    q: str | None = None  # part of the name
    party: str | None = None  # party key
    view: Visibility | None = None  # only what this reader may see (None: everything)

    def matches(self, source: Source) -> bool:
        if self.view is not None and not self.view.admits_record(source):
            return False
        if self.kind is not None and source.kind != self.kind:
            return False
        if self.party is not None and source.party != self.party:
            return False
        if self.q:
            return normalise_name(self.q) in normalise_name(source.name)
        return True


@dataclass(frozen=True)
class TrackRecord:
    """How a source's past reports fared: reports in incidents graded confirmed, or discounted."""

    confirmed: int = 0
    discounted: int = 0

    @property
    def judged(self) -> int:
        return self.confirmed + self.discounted


MIN_JUDGED = 5  # fewer judged reports than this and reliability cannot be judged (F)


def computed_reliability(record: TrackRecord) -> Reliability:
    """The letter a track record earns: the share of judged reports later confirmed."""
    if record.judged < MIN_JUDGED:
        return Reliability.F
    share = record.confirmed / record.judged
    if share >= 0.9:
        return Reliability.A
    if share >= 0.75:
        return Reliability.B
    if share >= 0.5:
        return Reliability.C
    if share >= 0.25:
        return Reliability.D
    return Reliability.E


def reliability(source: Source, record: TrackRecord) -> Reliability:
    """The override when an analyst set one (with a reason), else the computed letter."""
    return source.reliability_override or computed_reliability(record)
