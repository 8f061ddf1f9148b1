"""The demo scenario loads on both engines, through the same validation as any import, and reloads."""

from __future__ import annotations

from datetime import date

from truceline.accessions import service as accessions
from truceline.common.paging import Page
from truceline.demo.loader import load_demo
from truceline.registry import service as parties
from truceline.registry.models import PartyKind, PartyQuery


def test_demo_loads_every_register_and_reloads_without_duplicates(sql_store, ctx):
    first = load_demo(sql_store, ctx)
    assert [s.register for s in first.imports] == ["parties", "agreements", "zones", "posts", "accessions",
                                                   "talks"]
    assert all(s.created and not s.updated for s in first.imports)
    guarantors = parties.list_parties(sql_store, PartyQuery(kind=PartyKind.guarantor), Page())
    assert {p.key for p in guarantors.items} == {"russia", "turkey", "iran"}
    assert accessions.is_covered(sql_store, "jaysh-al-islam", "ceasefire-2016-12-29", date(2017, 3, 1))
    assert not accessions.is_covered(sql_store, "isil", "ceasefire-2016-12-29", date(2017, 3, 1))
    again = load_demo(sql_store, ctx)
    assert all(not s.created for s in again.imports)


def test_demo_reports_become_checked_graded_incidents_once(sql_store, ctx):
    from truceline.demo.loader import load_demo_reports
    from truceline.incidents.models import Grade, IncidentQuery, Scope
    from truceline.reports.models import ReportQuery, ReportStatus

    load_demo(sql_store, ctx)
    lines = load_demo_reports(sql_store, ctx)
    assert lines == ["reports: 18 imported into incidents", "incidents: 6 graded by the demo centre",
                     "review queue: 3 candidate reports wait for an analyst"]
    waiting = sql_store.reports.list(ReportQuery(status=ReportStatus.candidate), Page(limit=100)).items
    assert len(waiting) == 3 and all(r.incident_id is None for r in waiting)
    incidents = sql_store.incidents.list(IncidentQuery(), Page(limit=100)).items
    by_place = {i.uid: i for i in incidents}
    assert len(by_place) >= 10 and sum(len(i.report_ids) for i in incidents) == 18
    published = [i for i in incidents if i.published]
    assert len(published) == 5 and all(i.grade is not None for i in published)
    khan = next(i for i in incidents if len(i.report_ids) == 3)  # three accounts of the Khan Shaykhun shelling
    assert khan.grade == Grade.confirmed and khan.scope.scope == Scope.violation and "idlib" in khan.zone_keys()
    isil = next(i for i in incidents if "isil" in i.perpetrators)
    assert isil.scope.scope == Scope.excluded_party
    assert load_demo_reports(sql_store, ctx) == ["reports: the demo reports are already loaded"]
    assert sql_store.incidents.list(IncidentQuery(), Page(limit=100)).count == len(incidents)


def test_demo_person_lists_are_sealed_matched_and_loaded_once(sql_store, ctx, tmp_path):
    from truceline.demo.loader import load_demo_persons
    from truceline.persons.keyfile import load_cipher
    from truceline.persons.review_service import list_runs

    load_demo(sql_store, ctx)
    cipher = load_cipher(configured=None, data_dir=tmp_path)
    [line] = load_demo_persons(sql_store, ctx, cipher)
    assert line.startswith("person lists: 2 fictional lists, matched: ")
    lists = [sql_store.person_lists.get_by_key(k) for k in ("demo-jaysh-al-islam-detained",
                                                            "demo-syrian-government-detained")]
    assert [pl.record_count for pl in lists] == [8, 7]
    [run] = list_runs(sql_store, Page(limit=10)).items
    assert run.match_count >= 4  # the same people written in other scripts and spellings
    assert load_demo_persons(sql_store, ctx, cipher) == ["person lists: the demo lists are already loaded"]
