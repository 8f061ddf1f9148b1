"""API shape of a record's change history."""

from __future__ import annotations

from pydantic import BaseModel

from truceline.audit.models import Change


class ChangesPublic(BaseModel):
    data: list[Change]
    count: int
