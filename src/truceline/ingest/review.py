"""Review of extracted statements: who said what waits as a candidate until an analyst decides it.

An analyst accepts a candidate as extracted or with edits (speaker, role, organisation, the party the
speaker speaks for, the text, direct or indirect), or rejects it with a reason. Each decision is one entry
of the change history (entity ``statement``): before and after, so an edit shows what the extraction said
and what the analyst made of it. A decided statement is not decided again (``AlreadyReviewed``, E304).
"""

from __future__ import annotations

import re
from typing import Any

from truceline.audit.models import Change
from truceline.audit.service import record_change
from truceline.common.context import Ctx
from truceline.common.paging import Page, Paged
from truceline.common.service import check_version
from truceline.errors import AlreadyReviewed, NotFound
from truceline.ingest.models import Statement, StatementQuery, StatementStatus
from truceline.ingest.schemas import StatementEdit
from truceline.registry.service import resolve_party

ENTITY = "statement"
CONTEXT_CHARS = 600  # the longest context shown around a statement
_SENTENCE_END = re.compile(r"[.!?…؟。]\s|\n\s*\n")


def get_statement(store: Any, statement_id: int | str) -> Statement:
    statement = store.statements.get(statement_id) if isinstance(statement_id, int) else None
    if statement is None:
        raise NotFound(f"no statement with id {statement_id!r}")
    return statement


def list_statements(store: Any, query: StatementQuery, page: Page) -> Paged[Statement]:
    """Statements in document order: the review queue is ``status=candidate``."""
    return store.statements.list(query, page)


def accept_statement(store: Any, ctx: Ctx, statement_id: int | str, *, edit: StatementEdit | None = None,
                     expected_version: int | None = None, reason: str | None = None) -> Statement:
    """Accept a candidate, with the fields ``edit`` sets changed first (an empty party unlinks it)."""
    before = _undecided(store, statement_id, expected_version)
    changes = _edited_fields(store, before, edit)
    after = _decided(before, ctx, StatementStatus.accepted, changes)
    store.statements.save(after)
    why = reason or (f"accepted with edits: {', '.join(sorted(changes))}" if changes else "accepted as extracted")
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=why)
    return get_statement(store, after.id)


def reject_statement(store: Any, ctx: Ctx, statement_id: int | str, *, reason: str,
                     expected_version: int | None = None) -> Statement:
    """Reject a candidate; the reason is kept in its history."""
    before = _undecided(store, statement_id, expected_version)
    after = _decided(before, ctx, StatementStatus.rejected, {})
    store.statements.save(after)
    record_change(store.changes, ctx, entity=ENTITY, before=before, after=after, reason=reason)
    return after


def statement_history(store: Any, statement_id: int | str) -> list[Change]:
    return store.changes.for_record(ENTITY, get_statement(store, statement_id).id)


def statement_context(text: str, statement: Statement, *, limit: int = CONTEXT_CHARS) -> str:
    """The sentence(s) of the document around the statement's offsets, at most ``limit`` characters."""
    start, end = max(0, min(statement.start, len(text))), max(0, min(statement.end, len(text)))
    if start >= end:
        return statement.text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - limit), start)]
    left = ends[-1] if ends else max(0, start - limit // 2)
    after = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    right = after.start() + 1 if after else min(len(text), end + limit // 2)
    return text[left:right].strip()[:limit]


def _undecided(store: Any, statement_id: int | str, expected_version: int | None) -> Statement:
    statement = get_statement(store, statement_id)
    if statement.status != StatementStatus.candidate:
        when = statement.reviewed_at.strftime("%Y-%m-%d %H:%M UTC") if statement.reviewed_at else "earlier"
        raise AlreadyReviewed(f"statement {statement.id} was already {statement.status.value} by "
                              f"{statement.reviewed_by or 'someone'} ({when}): only a candidate can be decided",
                              details=[{"field": "status", "value": statement.status.value}])
    check_version(statement, expected_version, what=f"statement {statement.id}")
    return statement


def _decided(before: Statement, ctx: Ctx, status: StatementStatus, changes: dict[str, Any]) -> Statement:
    return before.model_copy(update={**changes, "status": status, "reviewed_by": ctx.actor,
                                     "reviewed_at": ctx.clock.now(), "version": before.version + 1})


def _edited_fields(store: Any, before: Statement, edit: StatementEdit | None) -> dict[str, Any]:
    """The fields ``edit`` changes, checked: the party resolved to its key (by key, name or alias)."""
    if edit is None:
        return {}
    values = edit.model_dump(include=set(StatementEdit.model_fields), exclude_unset=True)
    if "party" in values:  # a key, name or alias; empty: the speaker speaks for no party
        ref = (values["party"] or "").strip()
        values["party"] = resolve_party(store, ref).key if ref else None
    return {name: value for name, value in values.items() if getattr(before, name) != value}
