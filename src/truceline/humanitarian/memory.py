"""In-memory repositories of the humanitarian registers: the reference behaviour of the SQL adapters."""

from __future__ import annotations

from truceline.humanitarian.accident_models import ExplosiveAccident
from truceline.humanitarian.hazard_models import HazardArea
from truceline.humanitarian.window_models import HumanitarianWindow
from truceline.testing.memory import MemoryRepository


class MemoryHazardRepository(MemoryRepository[HazardArea]):
    def __init__(self) -> None:
        super().__init__(sort_key=lambda h: (h.name, h.id))


class MemoryWindowRepository(MemoryRepository[HumanitarianWindow]):
    def __init__(self) -> None:
        super().__init__(sort_key=lambda w: (w.start, w.key))


class MemoryAccidentRepository(MemoryRepository[ExplosiveAccident]):
    def __init__(self) -> None:
        super().__init__(sort_key=lambda a: (-a.on.toordinal(), a.key))
