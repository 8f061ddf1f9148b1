"""Helpers of the incident tests: reports built in one line, the in-memory store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from truceline.reports.models import Casualties, Report
from truceline.testing.memory import MemoryStore

T0 = datetime(2017, 10, 20, 6, 0, tzinfo=UTC)
IDLIB = (36.63, 35.93)
DOUMA = (36.40, 33.57)


def memory_store() -> Any:
    return MemoryStore()


def report(*, hours: float = 0.0, lon: float = IDLIB[0], lat: float = IDLIB[1], event_type: str = "shelling",
           perpetrator: str | None = None, target: str | None = None, killed: tuple[int | None, int | None]
           = (None, None), uid: str | None = None, **over: Any) -> Report:
    at = T0 + timedelta(hours=hours)
    data: dict[str, Any] = {
        "id": 0, "uid": uid or f"r-{hours}-{lon}-{lat}-{event_type}", "source": "sohr", "received_at": at,
        "occurred_at": at, "lon": lon, "lat": lat, "event_type": event_type, "perpetrator": perpetrator,
        "target": target, "casualties": Casualties(killed_min=killed[0], killed_max=killed[1]),
        "created_at": at, "updated_at": at}
    return Report.model_validate({**data, **over})


def add_report(store: Any, rep: Report) -> Report:
    return store.reports.add(rep)
