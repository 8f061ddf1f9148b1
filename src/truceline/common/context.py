"""Who is acting and what time it is: passed to every use-case that changes a register."""

from __future__ import annotations

from dataclasses import dataclass, field

from truceline.clock import Clock, SystemClock


@dataclass(frozen=True, kw_only=True)
class Ctx:
    actor: str
    clock: Clock = field(default_factory=SystemClock)
