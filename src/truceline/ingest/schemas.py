"""API shapes of ingestion: a pushed document, a document with what was extracted from it, feeds."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    """A statement; in the statement routes also with ``context``, the sentence of its document around it."""

    context: str | None = None


class StatementsPublic(BaseModel):
    data: list[StatementPublic]
    count: int


class StatementEdit(BaseModel):
    """What an analyst may change of a statement; fields left out stay as extracted."""

    model_config = ConfigDict(extra="forbid")

    speaker: str | None = Field(default=None, min_length=1, max_length=300)
    speaker_role: str | None = Field(default=None, max_length=300)
    organisation: str | None = Field(default=None, max_length=300)
    party: str | None = Field(default=None, max_length=200,
                              description="Party key, name or alias the speaker speaks for; empty or null: none.")
    text: str | None = Field(default=None, min_length=1, max_length=100_000)
    direct: bool | None = None

    @model_validator(mode="after")
    def _required_stay_set(self) -> StatementEdit:
        for name in ("speaker", "text", "direct"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be removed, only changed")
        return self


class StatementAccept(StatementEdit):
    """Accept a candidate statement, with the fields given changed first."""

    expected_version: int | None = Field(default=None, ge=1)
    reason: str | None = Field(default=None, max_length=2000)


class StatementReject(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000, description="Why, for the history.")
    expected_version: int | None = Field(default=None, ge=1)


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
