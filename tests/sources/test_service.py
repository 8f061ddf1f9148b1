"""Sources use-cases on the in-memory store, reliability from the track record."""

from __future__ import annotations

import pytest

from tests.reports.helpers import report, seed
from truceline.errors import DuplicateName, InvalidValue, NotFound, UnknownReference
from truceline.incidents.models import Grade
from truceline.sources.models import Reliability, SourceKind
from truceline.sources.schemas import SourceCreate, SourceUpdate
from truceline.sources.service import (
    create_source,
    ensure_source,
    get_source,
    resolve_source,
    source_history,
    source_reliability,
    to_public,
    update_source,
)
from truceline.testing.memory import MemoryRepository, MemoryStore


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    seed(s)
    return s


def test_create_source_derives_key_and_records_change(store, ctx):
    src = create_source(store, ctx, SourceCreate(name="Hmeymim Centre", kind=SourceKind.party_self_report,
                                                 party="SAA"))
    assert src.key == "hmeymim-centre"
    assert src.party == "syrian-government"
    assert [c.action for c in source_history(store, src.key)] == ["create"]


def test_create_source_rejects_duplicate_name_and_unknown_party(store, ctx):
    with pytest.raises(DuplicateName):
        create_source(store, ctx, SourceCreate(key="other", name="sohr", kind=SourceKind.ngo))
    with pytest.raises(UnknownReference):
        create_source(store, ctx, SourceCreate(name="X", kind=SourceKind.media, party="nobody"))


def test_override_requires_reason(store, ctx):
    with pytest.raises(InvalidValue, match="override_reason"):
        update_source(store, ctx, "sohr", SourceUpdate(reliability_override=Reliability.B))
    src = update_source(store, ctx, "sohr", SourceUpdate(reliability_override=Reliability.B,
                                                          override_reason="long record elsewhere"))
    assert source_reliability(store, "sohr")[0] == Reliability.B
    assert src.version == 2
    cleared = update_source(store, ctx, "sohr", SourceUpdate(reliability_override=None))
    assert cleared.override_reason is None


def test_resolve_source_by_key_or_name_and_unknown(store):
    assert resolve_source(store, "SOHR").key == "sohr"
    with pytest.raises(UnknownReference):
        resolve_source(store, "Nobody News")
    with pytest.raises(NotFound):
        get_source(store, 99)


def test_ensure_source_registers_unknown_name_as_f(store, ctx):
    src, created = ensure_source(store, ctx, "Qasioun News")
    assert created and src.kind == SourceKind.unknown and src.key == "qasioun-news"
    again, created_again = ensure_source(store, ctx, "qasioun news")
    assert not created_again and again.id == src.id
    assert to_public(store, src).reliability == Reliability.F


def _incidents_with_grades(store, grades):
    """One incident per grade (stand-ins with id and grade), each holding one report of ``sohr``."""
    repo = MemoryRepository()
    store.incidents = store.reports.incidents = repo
    for i, grade in enumerate(grades):
        rep = store.reports.add(report(hours=i, uid=f"g{i}"))
        store.reports.set_incident([rep.id], i + 1)
        repo.rows[i + 1] = _Graded(id=i + 1, grade=grade)


class _Graded:
    def __init__(self, *, id: int, grade: Grade | None) -> None:  # noqa: A002
        self.id = id
        self.grade = grade


@pytest.mark.parametrize(("confirmed", "discounted", "other", "letter"), [
    (10, 0, 0, Reliability.A), (8, 2, 3, Reliability.B), (3, 2, 0, Reliability.C), (2, 3, 0, Reliability.D),
    (1, 9, 0, Reliability.E), (4, 0, 5, Reliability.F)])
def test_source_reliability_from_incident_grades(store, confirmed, discounted, other, letter):
    _incidents_with_grades(store, [Grade.confirmed] * confirmed + [Grade.discounted] * discounted
                           + [Grade.weak] * other)
    got, record = source_reliability(store, "sohr")
    assert got == letter
    assert (record.confirmed, record.discounted) == (confirmed, discounted)


def test_source_reliability_ignores_reports_without_incident(store):
    for i in range(6):
        store.reports.add(report(hours=i, uid=f"c{i}"))
    letter, record = source_reliability(store, "sohr")
    assert letter == Reliability.F and record.judged == 0


@pytest.mark.parametrize(("grades", "letter"), [
    (["confirmed"] * 4 + ["discounted", "weak"], Reliability.B), (["discounted"] * 4 + ["confirmed"], Reliability.E),
    (["confirmed"] * 4, Reliability.F)])
def test_source_reliability_on_every_engine_from_real_incidents(any_store, grades, letter):
    """The track record is one grouped query on SQL engines: reports joined to their incidents' grades."""
    seed(any_store)
    from truceline.incidents.models import Incident

    for i, grade in enumerate(grades):
        rep = any_store.reports.add(report(hours=i, uid=f"s{i}"))
        incident = any_store.incidents.add(Incident(
            id=0, uid=f"i{i}", event_type="shelling", start=rep.occurred_at, end=rep.occurred_at, lon=rep.lon,
            lat=rep.lat, status="graded", grade=grade, grade_rationale="seen by two observers",
            created_at=rep.occurred_at, updated_at=rep.occurred_at))
        any_store.reports.set_incident([rep.id], incident.id)
    any_store.reports.add(report(hours=50, uid="loose"))  # in no incident: not judged
    got, record = source_reliability(any_store, "sohr")
    assert (record.confirmed, record.discounted) == (grades.count("confirmed"), grades.count("discounted"))
    assert got == letter
