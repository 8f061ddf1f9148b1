"""Shared helpers of the report and source tests: a source, parties and reports built in one line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from truceline.registry.models import Alias, Party, PartyKind
from truceline.reports.models import Casualties, Report
from truceline.sources.models import Source, SourceKind

T0 = datetime(2017, 10, 20, 6, 0, tzinfo=UTC)


def seed(store: Any) -> None:
    """Parties ``syrian-government`` (alias "SAA") and ``hts``, and the source ``sohr``."""
    store.parties.add(Party(id=0, key="syrian-government", name="Syrian Government", kind=PartyKind.state_party,
                            aliases=[Alias(name="SAA")], created_at=T0, updated_at=T0))
    store.parties.add(Party(id=0, key="hts", name="Hayat Tahrir al-Sham", kind=PartyKind.armed_group,
                            created_at=T0, updated_at=T0))
    store.sources.add(Source(id=0, key="sohr", name="SOHR", kind=SourceKind.ngo, created_at=T0, updated_at=T0))


def report(*, hours: float = 0.0, lon: float = 36.63, lat: float = 35.93, **over: Any) -> Report:
    at = T0 + timedelta(hours=hours)
    data: dict[str, Any] = {
        "id": 0, "uid": f"u-{hours}-{lon}-{lat}", "source": "sohr", "received_at": at, "occurred_at": at,
        "lon": lon, "lat": lat, "event_type": "shelling", "created_at": at, "updated_at": at,
        "casualties": Casualties(killed_min=1, killed_max=3)}
    return Report.model_validate({**data, **over})
