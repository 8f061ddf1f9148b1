"""API shapes of ingestion: a pushed document, a document with what was extracted from it, feeds."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from truceline.common.models import ReleaseLevel
from truceline.ingest.models import Document, Statement
from truceline.reports.schemas import ReportPublic

MAX_PUSH_CHARS = 5_000_000


class DocumentPush(BaseModel):
    """A document pushed as JSON (``POST /api/v1/documents``)."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, max_length=200, description="Source key or name (must be registered).")
    text: str = Field(min_length=1, max_length=MAX_PUSH_CHARS, description="The document: plain text or HTML.")
    content_type: Literal["text", "html"] = "text"
    url: str | None = Field(default=None, max_length=2000, description="Where the text was found, if anywhere.")
    title: str | None = Field(default=None, max_length=500)
    published_on: date | None = Field(default=None, description=(
        "The publication date, when the text's dateline gives none (a dateline's own date wins); also gives a "
        "dateline without a year its year."))
    release: ReleaseLevel = ReleaseLevel.mechanism


class StatementPublic(Statement):
    pass


class DocumentSummary(Document):
    """A document in a list: without its text and extraction, with counts of what came out of it."""

    text: str = Field(default="", exclude=True)
    extraction: dict[str, Any] = Field(default_factory=dict, exclude=True)
    statement_count: int = 0


class DocumentsPublic(BaseModel):
    data: list[DocumentSummary]
    count: int


class DocumentPublic(Document):
    """A document with its statements and the candidate reports extracted from it (any status); its
    unplaced and unreportable events are fields of the document itself."""

    statements: list[StatementPublic] = []
    reports: list[ReportPublic] = []


class IngestedPublic(BaseModel):
    status: Literal["stored", "duplicate"]
    document: DocumentPublic | None = Field(description=(
        "The stored document; for a duplicate, the one stored before, or null when it is not the caller's "
        "to read (another reporter's submission)"))
