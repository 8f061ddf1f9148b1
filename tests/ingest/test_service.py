"""Ingesting one document and batches, on the memory fake and both SQL engines, with a fake extractor."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.ingest.helpers import FakeExtractor, event, incoming, same_store, seed
from truceline.common.paging import Page
from truceline.errors import BinaryDocument, EmptyDocument, NoDocumentSource, UnknownReference
from truceline.extract.models import Statement
from truceline.extract.pipeline import Failure
from truceline.ingest import queue
from truceline.ingest.models import DocumentQuery, OriginKind
from truceline.ingest.service import (
    DUPLICATE,
    FAILED,
    STORED,
    document_reports,
    document_statements,
    get_document,
    ingest_all,
    ingest_item,
    list_documents,
    text_hash,
)
from truceline.reports.models import ReportQuery, ReportStatus
from truceline.reports.service import reject_report

EML = (b"From: Field Team North <north@observers.example>\r\nSubject: Patrol report\r\n"
       b"Date: Sat, 30 Sep 2017 10:00:00 +0000\r\n\r\nMortar fire hit farmland near Idlib this morning.\r\n")


@pytest.fixture
def store(any_store):
    seed(any_store)
    return any_store


def test_ingest_item_stores_the_document_with_provenance_and_hashes(store, ctx):
    extractor = FakeExtractor(events=[event(fatalities=3)])
    result = ingest_item(store, ctx, extractor, incoming(title="Shelling"), source="wire")
    assert result.status == STORED and result.reports == 1
    doc = get_document(store, result.document.id)
    assert (doc.source, doc.origin, doc.location, doc.title) == ("wire", OriginKind.file, "a.txt", "Shelling")
    assert len(doc.raw_sha256) == 64 and doc.text_sha256 == text_hash(doc.text)
    assert doc.published_on == date(2017, 9, 30) and doc.submitted_by == "tester"
    assert doc.extraction["events"][0]["type"] == "shelling" and doc.extraction["dateline"]["place"] == "Moscow"
    assert doc.text.startswith("MOSCOW, September 30.")
    assert get_document(store, doc.uid) == doc


def test_ingest_item_queues_a_candidate_report_linked_to_the_document(store, ctx):
    result = ingest_item(store, ctx, FakeExtractor(events=[event(fatalities=3)]), incoming(), source="wire")
    [report] = document_reports(store, result.document.id)
    assert report.status == ReportStatus.candidate and report.document_id == result.document.id
    assert report.source == "wire" and report.claimed_by == "Defence Ministry"
    assert report.event_type == "shelling" and report.place_precision == "town"
    assert report.casualties.killed_min == 3 and report.text == "Militants shelled Idlib, killing 3 people."
    assert store.changes.for_record("report", report.id)[0].reason == f"extracted from document {result.document.id}"


def test_rejecting_a_candidate_keeps_its_document_link(store, ctx):
    result = ingest_item(store, ctx, FakeExtractor(events=[event()]), incoming(), source="wire")
    [report] = document_reports(store, result.document.id)
    rejected = reject_report(store, ctx, report.id, reason="a mention, not an event")
    assert rejected.status == ReportStatus.rejected and rejected.document_id == result.document.id
    assert [r.id for r in document_reports(store, result.document.id)] == [report.id]


def test_events_that_are_not_reports_stay_on_the_document_with_a_reason(store, ctx):
    events = [event(place=None), event("talks_round"), event(day=date(2017, 11, 20))]  # the last is ahead
    result = ingest_item(store, ctx, FakeExtractor(events=events), incoming(), source="wire")
    doc = result.document
    assert result.reports == 0 and result.unplaced == 1
    assert [e["reason"] for e in doc.unplaced_events] == [queue.NO_PLACE]
    assert [e["reason"] for e in doc.unreportable_events] == [queue.NOT_A_REPORT, queue.FUTURE]
    assert doc.unreportable_events[1]["date"] == "2017-11-20" and "future" in doc.unreportable_events[1]["detail"]


def test_statements_are_stored_with_their_party(store, ctx):
    said = [Statement(speaker="Igor Konashenkov", speaker_role="Russian Defence Ministry spokesman",
                      organisation=None, text="Militants shelled our positions.", direct=True, start=10, end=40),
            Statement(speaker="Rami Abdulrahman", speaker_role="head of the monitor", organisation="SOHR",
                      text="Warplanes struck the town.", direct=False, start=50, end=80)]
    result = ingest_item(store, ctx, FakeExtractor(statements=said), incoming(), source="wire")
    stored = document_statements(store, result.document.id)
    assert [(s.speaker, s.party) for s in stored] == [("Igor Konashenkov", "russia"), ("Rami Abdulrahman", None)]
    assert stored[0].said_on == date(2017, 9, 30) and stored[0].direct and not stored[1].direct


def test_a_document_seen_before_is_a_duplicate_not_stored_twice(store, ctx):
    extractor = FakeExtractor(events=[event()])
    first = ingest_item(store, ctx, extractor, incoming(), source="wire")
    again = ingest_item(store, ctx, extractor, incoming(location="b.txt"), source="wire")
    rewrapped = ingest_item(store, ctx, extractor,
                            incoming("MOSCOW, September 30. /TASS/.   Militants  shelled Idlib.\n", location="c"),
                            source="wire")
    assert again.status == DUPLICATE == rewrapped.status
    assert again.duplicate_of.id == first.document.id == rewrapped.duplicate_of.id
    assert extractor.runs == 1
    assert list_documents(store, DocumentQuery(), Page()).count == 1


def test_an_email_names_its_own_source_and_keeps_from_and_date(store, ctx):
    item = replace(incoming(location="m.eml", suffix=".eml"), data=EML)
    result = ingest_item(store, ctx, FakeExtractor(), item)
    doc = result.document
    assert doc.origin == OriginKind.mail and doc.content_kind == "eml"
    assert doc.author == "Field Team North <north@observers.example>" and doc.title == "Patrol report"
    assert store.sources.get_by_key(doc.source).name == "Field Team North"


def test_a_document_without_source_is_refused(store, ctx):
    with pytest.raises(NoDocumentSource):
        ingest_item(store, ctx, FakeExtractor(), incoming())
    with pytest.raises(UnknownReference):
        ingest_item(store, ctx, FakeExtractor(), incoming(), source="nobody")


def test_ingest_all_goes_on_after_bad_input_and_reports_each_document(store, ctx):
    items = [incoming(location="good.txt"), replace(incoming(location="img.png"), data=b"\x89PNG\r\n\x1a\n\x00\x00"),
             replace(incoming(location="empty.txt"), data=b"  \n"),
             Failure(source="gone.txt", error=EmptyDocument("gone.txt is empty")),
             incoming(location="again.txt"), incoming("Another story about Idlib.", location="other.txt")]
    results = list(ingest_all(items, scope=lambda: same_store(store), ctx=ctx, extractor=FakeExtractor(),
                              source="wire"))
    assert [r.status for r in results] == [STORED, FAILED, FAILED, FAILED, DUPLICATE, STORED]
    assert isinstance(results[1].error, BinaryDocument) and results[2].error.code == "E703"
    assert results[3].location == "gone.txt"


def test_a_failure_after_writes_rolls_back_the_whole_document(sql_store, ctx, db_url, monkeypatch):
    from truceline.db.engine import make_engine, make_sessionmaker
    from truceline.db.store import store_scope
    from truceline.errors import InvalidValue
    from truceline.ingest.repository import SqlStatementRepository

    seed(sql_store)
    sql_store.session.commit()

    def refuse(self, statements):
        raise InvalidValue("statement refused")

    monkeypatch.setattr(SqlStatementRepository, "add_many", refuse)
    engine = make_engine(db_url)
    factory = make_sessionmaker(engine)
    try:
        results = list(ingest_all([incoming()], scope=lambda: store_scope(factory), ctx=ctx,
                                  extractor=FakeExtractor(events=[event()]), source="wire"))
        assert [r.status for r in results] == [FAILED] and results[0].error.code == "E104"
        with store_scope(factory) as store:  # neither the document nor its report was kept
            assert list_documents(store, DocumentQuery(), Page()).count == 0
            assert store.reports.list(ReportQuery(), Page()).count == 0
    finally:
        engine.dispose()


def test_accepting_a_candidate_keeps_its_document_link_too(store, ctx):
    from truceline.incidents.service import attach_report
    from truceline.reports.service import accept_report

    result = ingest_item(store, ctx, FakeExtractor(events=[event()]), incoming(), source="wire")
    [report] = document_reports(store, result.document.id)
    accepted = accept_report(store, ctx, report.id, attach=attach_report)
    assert accepted.status == ReportStatus.accepted and accepted.incident_id is not None
    assert accepted.document_id == result.document.id and accepted.claimed_by == "Defence Ministry"


def test_a_headline_and_its_lead_are_one_claim_not_two(store, ctx):
    headline = event(fatalities=None, claimed_by=None, evidence="Shelling kills 12 in Idlib")
    lead = event(fatalities=12, claimed_by="monitor", evidence="Shelling killed 12 civilians in Idlib on Saturday.")
    elsewhere = event(place=replace(headline.place, lat=36.2, lon=37.1, name="Aleppo"))
    result = ingest_item(store, ctx, FakeExtractor(events=[headline, lead, elsewhere]), incoming(), source="wire")
    reports = document_reports(store, result.document.id)
    assert [(r.place_name, r.casualties.killed_min, r.claimed_by) for r in reports] == [
        ("Idlib", 12, "monitor"), ("Aleppo", None, "Defence Ministry")]
    assert reports[0].text == "Shelling killed 12 civilians in Idlib on Saturday."
    [same] = result.document.unreportable_events
    assert same["reason"] == queue.SAME_AS_EARLIER and same["evidence"].startswith("Shelling killed 12")
