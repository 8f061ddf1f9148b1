"""Repository contract of documents, statements and feeds: memory, SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

from tests.ingest.helpers import T0, seed
from truceline.common.paging import Page
from truceline.ingest.models import Document, DocumentQuery, Feed, FeedQuery, OriginKind, Statement
from truceline.sources.models import Source, SourceKind


def doc(n: int, **over) -> Document:
    data = {"id": 0, "uid": f"u{n}", "source": "wire", "origin": OriginKind.file, "location": f"{n}.txt",
            "fetched_at": T0, "raw_sha256": f"{n:064d}", "text_sha256": f"{n:063d}t", "text": f"text {n}",
            "extraction": {"events": [{"type": "shelling"}]}, "unplaced_events": [{"reason": "no_place"}],
            "submitted_by": "amal", "created_at": T0}
    return Document.model_validate({**data, **over})


def test_documents_round_trip_filter_page_and_find_by_hash(any_store):
    seed(any_store)
    any_store.sources.add(Source(id=0, key="sohr", name="SOHR", kind=SourceKind.ngo, created_at=T0, updated_at=T0))
    a = any_store.documents.add(doc(1))
    any_store.documents.add(doc(2, source="sohr", origin=OriginKind.feed, submitted_by="fr1"))
    any_store.documents.add(doc(3, origin=OriginKind.feed))
    assert any_store.documents.get(a.id) == a and any_store.documents.get_by_uid("u1") == a
    assert any_store.documents.find_by_hash(raw_sha256=f"{1:064d}", text_sha256="none") == a
    assert any_store.documents.find_by_hash(raw_sha256="none", text_sha256=f"{1:063d}t") == a
    assert any_store.documents.find_by_hash(raw_sha256="none", text_sha256="none") is None

    def uids(query, page=Page()):
        paged = any_store.documents.list(query, page)
        return [d.uid for d in paged.items], paged.count

    assert uids(DocumentQuery(source="wire")) == (["u1", "u3"], 2)
    assert uids(DocumentQuery(origin=OriginKind.feed)) == (["u2", "u3"], 2)
    assert uids(DocumentQuery(submitted_by="fr1")) == (["u2"], 1)
    assert uids(DocumentQuery(), Page(limit=1, offset=1)) == (["u2"], 3)


def test_statements_belong_to_their_document_with_their_party(any_store):
    seed(any_store)
    d = any_store.documents.add(doc(1))
    other = any_store.documents.add(doc(2))
    said = [Statement(id=0, document_id=d.id, speaker=s, party=p, text="t", direct=True, start=at, end=at + 1)
            for s, p, at in (("B", None, 20), ("A", "russia", 5))]
    any_store.statements.add_many([*said, Statement(id=0, document_id=other.id, speaker="C", text="t",
                                                    direct=False, start=0, end=1)])
    assert [(s.speaker, s.party) for s in any_store.statements.for_document(d.id)] == [("A", "russia"), ("B", None)]
    assert any_store.statements.count_for([d.id, other.id]) == {d.id: 2, other.id: 1}


def test_feeds_round_trip_and_the_due_ones_come_most_overdue_first(any_store):
    seed(any_store)

    def feed(key: str, minutes: int, **over) -> Feed:
        return any_store.feeds.add(Feed(id=0, key=key, url=f"http://{key}.example/rss", source="wire",
                                        next_attempt_at=T0 + timedelta(minutes=minutes), created_at=T0,
                                        updated_at=T0, **over))

    late, soon = feed("late", -30), feed("soon", 10)
    feed("paused", -60, active=False)
    assert [f.key for f in any_store.feeds.due(T0)] == ["late"]
    assert [f.key for f in any_store.feeds.due(T0 + timedelta(minutes=10))] == ["late", "soon"]
    changed = soon.model_copy(update={"last_error": "down", "last_error_code": "E711", "consecutive_failures": 2})
    any_store.feeds.save(changed)
    assert any_store.feeds.get(soon.id) == changed and any_store.feeds.get_by_url(late.url) == late
    assert [f.key for f in any_store.feeds.list(FeedQuery(active=True), Page()).items] == ["late", "soon"]
