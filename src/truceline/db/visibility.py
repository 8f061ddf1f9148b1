"""A reader's view (``common/visibility.Visibility``) as an SQL filter on a register's table.

One clause for every register: the row class names its columns ``release`` and, where it has them,
``released_to`` (a ``KeyList``), ``published`` and ``submitted_by``. The clause means exactly
``Visibility.admits`` (tests check both on the same records).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, false, or_
from sqlalchemy.sql.expression import ColumnElement

from truceline.common.models import ReleaseLevel
from truceline.common.visibility import Visibility
from truceline.db.types import key_list_contains


def visible_clause(row: Any, view: Visibility | None) -> ColumnElement[bool] | None:
    """The WHERE clause of what ``view`` may see in ``row``'s table; None when it sees everything."""
    if view is None or view.everything:
        return None
    parts: list[ColumnElement[bool]] = []
    if ReleaseLevel.public in view.levels:
        public = row.release == ReleaseLevel.public.value
        if view.published_only and hasattr(row, "published"):
            public = and_(public, row.published.is_(True))
        parts.append(public)
    if ReleaseLevel.party_restricted in view.levels and view.party and hasattr(row, "released_to"):
        parts.append(and_(row.release == ReleaseLevel.party_restricted.value,
                          key_list_contains(row.released_to, view.party)))
    if ReleaseLevel.mechanism in view.levels:
        parts.append(row.release == ReleaseLevel.mechanism.value)
    if view.owner is not None and hasattr(row, "submitted_by"):
        parts.append(row.submitted_by == view.owner)
    return or_(*parts) if parts else false()


def with_view(stmt: Any, row: Any, view: Visibility | None) -> Any:
    """``stmt`` narrowed to what ``view`` may see of ``row``'s table."""
    clause = visible_clause(row, view)
    return stmt if clause is None else stmt.where(clause)
