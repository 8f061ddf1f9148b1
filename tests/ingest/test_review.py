"""Statement review: candidates accepted as extracted or edited, or rejected, each decision in the history;
a decided statement is not decided again. On the memory fake and both SQL engines."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.ingest.helpers import FakeExtractor, incoming, seed
from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.common.paging import Page
from truceline.errors import AlreadyReviewed, NotFound, StaleVersion, UnknownReference
from truceline.extract.models import Statement as Said
from truceline.ingest.models import Statement, StatementQuery, StatementStatus
from truceline.ingest.review import (
    accept_statement,
    get_statement,
    list_statements,
    reject_statement,
    statement_context,
    statement_history,
)
from truceline.ingest.schemas import StatementEdit
from truceline.ingest.service import ingest_item

TEXT = ("MOSCOW, September 30. /TASS/. The ceasefire holds in most areas. Militants shelled Idlib twice, "
        "Igor Konashenkov said. He added that observers were deployed.")
SAID = [Said(speaker="Igor Konashenkov", speaker_role="Russian Defence Ministry spokesman", organisation=None,
             text="Militants shelled Idlib twice", direct=False, start=65, end=94),
        Said(speaker="He", speaker_role=None, organisation=None, text="observers were deployed", direct=False,
             start=133, end=156)]


@pytest.fixture
def said(any_store, ctx):
    """A document with two extracted statements, both candidates (the first linked to russia)."""
    seed(any_store)
    ingest_item(any_store, ctx, FakeExtractor(statements=SAID), incoming(TEXT), source="wire")
    return any_store, list_statements(any_store, StatementQuery(), Page()).items


def test_extracted_statements_wait_as_candidates(said):
    store, (first, second) = said
    assert (first.status, first.version, first.reviewed_by) == (StatementStatus.candidate, 1, None)
    assert first.party == "russia" and second.party is None
    queue = list_statements(store, StatementQuery(status=StatementStatus.candidate), Page())
    assert [s.id for s in queue.items] == [first.id, second.id] and queue.count == 2


def test_accept_as_extracted_records_who_and_when(said, ctx):
    store, (first, _second) = said
    accepted = accept_statement(store, ctx, first.id)
    assert (accepted.status, accepted.reviewed_by, accepted.reviewed_at) == ("accepted", ctx.actor, ctx.clock.now())
    assert accepted.version == 2 and accepted.text == first.text
    [change] = statement_history(store, first.id)
    assert change.reason == "accepted as extracted" and change.changed_fields() == ["reviewed_at", "reviewed_by",
                                                                                     "status"]
    left = list_statements(store, StatementQuery(status=StatementStatus.candidate), Page())
    assert left.count == 1 and left.items[0].id != first.id


def test_accept_with_edits_keeps_before_and_after_in_the_history(said, ctx):
    store, (_first, second) = said
    edit = StatementEdit(speaker="Igor Konashenkov", speaker_role="spokesman", party="Russian Federation",
                         direct=True)
    accepted = accept_statement(store, ctx, second.id, edit=edit)
    assert (accepted.speaker, accepted.party, accepted.direct) == ("Igor Konashenkov", "russia", True)
    assert get_statement(store, second.id) == accepted
    [change] = statement_history(store, second.id)
    assert change.entity == "statement" and change.actor == ctx.actor
    assert change.before["speaker"] == "He" and change.after["speaker"] == "Igor Konashenkov"
    assert change.reason == "accepted with edits: direct, party, speaker, speaker_role"


def test_an_emptied_party_unlinks_the_speaker(said, ctx):
    store, (first, _second) = said
    accepted = accept_statement(store, ctx, first.id, edit=StatementEdit(party=""), reason="speaks for himself")
    assert accepted.party is None
    assert statement_history(store, first.id)[0].reason == "speaks for himself"


def test_reject_keeps_the_reason(said, ctx):
    store, (first, _second) = said
    rejected = reject_statement(store, ctx, first.id, reason="a headline, not a statement")
    assert rejected.status == StatementStatus.rejected and rejected.reviewed_by == ctx.actor
    assert statement_history(store, first.id)[0].reason == "a headline, not a statement"
    assert list_statements(store, StatementQuery(status=StatementStatus.rejected), Page()).count == 1


@pytest.mark.parametrize("second", ["accept", "reject"])
def test_a_decided_statement_is_not_decided_again(said, ctx, second):
    store, (first, _s) = said
    reject_statement(store, ctx, first.id, reason="noise")
    other = Ctx(actor="boris", clock=FixedClock(ctx.clock.now() + timedelta(minutes=5)))
    with pytest.raises(AlreadyReviewed) as err:
        if second == "accept":
            accept_statement(store, other, first.id)
        else:
            reject_statement(store, other, first.id, reason="again")
    assert err.value.code == "E304" and err.value.http_status == 409
    assert "already rejected by" in err.value.user_message and ctx.actor in err.value.user_message
    assert len(statement_history(store, first.id)) == 1


def test_unknown_statement_party_and_stale_version_are_refused(said, ctx):
    store, (first, _second) = said
    with pytest.raises(NotFound):
        get_statement(store, 999)
    with pytest.raises(NotFound):
        accept_statement(store, ctx, "abc")
    with pytest.raises(UnknownReference) as err:
        accept_statement(store, ctx, first.id, edit=StatementEdit(party="atlantis"))
    assert err.value.details == [{"field": "party", "value": "atlantis"}]
    with pytest.raises(StaleVersion):
        reject_statement(store, ctx, first.id, reason="x", expected_version=7)


def test_edit_refuses_to_remove_the_speaker_or_the_text():
    with pytest.raises(ValueError, match="speaker cannot be removed"):
        StatementEdit(speaker=None)
    with pytest.raises(ValueError):
        StatementEdit(text="")
    with pytest.raises(ValueError):
        StatementEdit.model_validate({"said": "x"})


def _at(start: int, end: int) -> Statement:
    return Statement(id=1, document_id=1, speaker="s", text=TEXT[start:end], direct=False, start=start, end=end)


def test_context_is_the_sentence_around_the_statement():
    assert statement_context(TEXT, _at(65, 94)) == "Militants shelled Idlib twice, Igor Konashenkov said."
    assert statement_context(TEXT, _at(133, 156)) == "He added that observers were deployed."
    assert statement_context(TEXT, _at(500, 510)) == ""  # offsets outside the text: the statement's own text
    assert len(statement_context("word " * 1000, _at(2000, 2010))) <= 600
