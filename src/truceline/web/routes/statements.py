"""Routes of statement review: the statements extracted from documents, listed by status and document,
read one with the sentence around it, accept (possibly edited) or reject, and its history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from truceline.audit.schemas import ChangesPublic
from truceline.ingest import review
from truceline.ingest import service as ingest_service
from truceline.ingest.models import Statement, StatementQuery, StatementStatus
from truceline.ingest.schemas import StatementAccept, StatementPublic, StatementReject, StatementsPublic
from truceline.web.deps import CtxDep, PageDep, StoreDep, parse_ref

router = APIRouter(prefix="/api/v1/statements", tags=["statements"])


def with_context(store: Any, statements: list[Statement]) -> list[StatementPublic]:
    """Each statement with the sentence of its document around it (each document read once)."""
    texts: dict[int, str] = {}
    out = []
    for s in statements:
        if s.document_id not in texts:
            texts[s.document_id] = ingest_service.get_document(store, s.document_id).text
        out.append(StatementPublic(**s.model_dump(), context=review.statement_context(texts[s.document_id], s)))
    return out


@router.get("", response_model=StatementsPublic)
def list_statements(store: StoreDep, page: PageDep, status: StatementStatus | None = None,
                    document_id: int | None = None) -> StatementsPublic:
    """In document order; ``status=candidate`` is the review queue."""
    paged = review.list_statements(store, StatementQuery(status=status, document_id=document_id), page)
    return StatementsPublic(data=with_context(store, paged.items), count=paged.count)


@router.get("/{ref}", response_model=StatementPublic)
def get_statement(ref: str, store: StoreDep) -> StatementPublic:
    [out] = with_context(store, [review.get_statement(store, parse_ref(ref))])
    return out


@router.post("/{ref}/accept", response_model=StatementPublic)
def accept_statement(ref: str, store: StoreDep, ctx: CtxDep, data: StatementAccept | None = None) -> StatementPublic:
    """Accept a candidate; the fields given (speaker, speaker_role, organisation, party, text, direct) are
    changed first, and the edit is kept in its history."""
    data = data or StatementAccept()
    accepted = review.accept_statement(store, ctx, parse_ref(ref), edit=data, expected_version=data.expected_version,
                                       reason=data.reason)
    [out] = with_context(store, [accepted])
    return out


@router.post("/{ref}/reject", response_model=StatementPublic)
def reject_statement(ref: str, data: StatementReject, store: StoreDep, ctx: CtxDep) -> StatementPublic:
    rejected = review.reject_statement(store, ctx, parse_ref(ref), reason=data.reason,
                                       expected_version=data.expected_version)
    [out] = with_context(store, [rejected])
    return out


@router.get("/{ref}/history", response_model=ChangesPublic)
def statement_history(ref: str, store: StoreDep) -> ChangesPublic:
    changes = review.statement_history(store, parse_ref(ref))
    return ChangesPublic(data=changes, count=len(changes))
