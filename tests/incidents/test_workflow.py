"""Workflow, confirmations and coverage use-cases on the in-memory store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.incidents.fakes import add_report, memory_store, report
from tests.incidents.seed import seed_registers
from truceline.clock import FixedClock
from truceline.common.context import Ctx
from truceline.errors import DatesOutOfOrder, InvalidTransition, InvalidValue, Locked, NotFound, UnknownReference
from truceline.incidents import confirmations, workflow
from truceline.incidents.coverage import coverage
from truceline.incidents.models import IncidentStatus, Position
from truceline.incidents.service import attach_report, incident_history


@pytest.fixture
def store(ctx):
    s = memory_store()
    seed_registers(s, ctx)
    attach_report(s, ctx, add_report(s, report(perpetrator="syria")))
    return s


def _verify(store, ctx):
    workflow.set_status(store, ctx, 1, IncidentStatus.triaged)
    return workflow.set_status(store, ctx, 1, IncidentStatus.under_verification, reason="two sources")


def test_set_status_follows_transitions(store, ctx):
    incident = _verify(store, ctx)
    assert incident.status == IncidentStatus.under_verification
    assert incident_history(store, 1)[-1].reason == "two sources"
    with pytest.raises(InvalidTransition):
        workflow.set_status(store, ctx, 1, IncidentStatus.received)


def test_set_status_refuses_graded_without_grade(store, ctx):
    _verify(store, ctx)
    with pytest.raises(InvalidValue, match="use grade"):
        workflow.set_status(store, ctx, 1, IncidentStatus.graded)


def test_grade_needs_rationale_and_verification(store, ctx):
    with pytest.raises(InvalidTransition):
        workflow.grade(store, ctx, 1, "confirmed", rationale="seen by the Salwa post")
    _verify(store, ctx)
    with pytest.raises(InvalidValue, match="rationale"):
        workflow.grade(store, ctx, 1, "confirmed", rationale="short")
    incident = workflow.grade(store, ctx, 1, "confirmed", rationale="  seen by the Salwa post ")
    assert incident.status == IncidentStatus.graded and incident.grade_rationale == "seen by the Salwa post"
    reopened = workflow.set_status(store, ctx, 1, IncidentStatus.under_verification)
    assert reopened.grade is None


def test_publish_only_graded_and_reopening_withdraws(store, ctx):
    with pytest.raises(InvalidValue, match="only a graded incident"):
        workflow.publish(store, ctx, 1)
    _verify(store, ctx)
    workflow.grade(store, ctx, 1, "confirmed", rationale="two independent observers and imagery")
    published = workflow.publish(store, ctx, 1, reason="cleared for the weekly bulletin")
    assert published.published and incident_history(store, 1)[-1].reason == "cleared for the weekly bulletin"
    assert workflow.publish(store, ctx, 1) == published  # already published: nothing new recorded
    reopened = workflow.set_status(store, ctx, 1, IncidentStatus.under_verification, reason="new evidence")
    assert not reopened.published and reopened.grade is None
    workflow.grade(store, ctx, 1, "fair", rationale="the new evidence weakens one account")
    workflow.publish(store, ctx, 1)
    withdrawn = workflow.publish(store, ctx, 1, published=False, reason="party objection under review")
    assert not withdrawn.published and incident_history(store, 1)[-1].reason == "party objection under review"


def test_lock_refuses_others_until_it_runs_out(store, ctx, clock):
    workflow.lock(store, ctx, 1, minutes=15)
    other = Ctx(actor="boris", clock=clock)
    with pytest.raises(Locked, match="locked by tester until") as err:
        workflow.assign(store, other, 1, "boris")
    assert err.value.code == "E303" and err.value.http_status == 409
    with pytest.raises(Locked):
        workflow.unlock(store, other, 1)
    assert workflow.assign(store, ctx, 1, "amal").assigned_to == "amal"  # the holder may
    later = Ctx(actor="boris", clock=FixedClock(clock.now() + timedelta(minutes=16)))
    assert workflow.assign(store, later, 1, "boris").assigned_to == "boris"


def test_unlock_releases(store, ctx):
    workflow.lock(store, ctx, 1)
    incident = workflow.unlock(store, ctx, 1)
    assert incident.locked_by is None and incident.locked_until is None
    assert workflow.unlock(store, ctx, 1) == incident  # nothing to release


@pytest.mark.parametrize("minutes", [0, 481])
def test_lock_refuses_bad_durations(store, ctx, minutes):
    with pytest.raises(InvalidValue, match="minutes"):
        workflow.lock(store, ctx, 1, minutes=minutes)


def test_confirmation_ledger(store, ctx):
    incident = confirmations.request_confirmation(store, ctx, 1, "russia", deadline=date(2017, 10, 25))
    assert incident.confirmations[0].position == Position.no_answer
    confirmations.request_confirmation(store, ctx, 1, "turkey", deadline=date(2017, 10, 25))
    with pytest.raises(InvalidValue, match="counter-evidence"):
        confirmations.record_position(store, ctx, 1, "russia", Position.disputes)
    incident = confirmations.record_position(store, ctx, 1, "russia", "disputes",
                                             counter_evidence="drone footage shows no damage")
    russia = incident.confirmations[0]
    assert (russia.party, russia.position, russia.deadline) == ("russia", "disputes", date(2017, 10, 25))
    assert russia.recorded_by == "tester"
    confirmations.record_position(store, ctx, 1, "united-states", "confirms")
    counts = confirmations.confirmation_counts(store, datetime(2017, 10, 1, tzinfo=UTC),
                                               datetime(2017, 11, 1, tzinfo=UTC))
    assert counts == {"reported": 1, "by_party": {"russia": {"disputes": 1}, "turkey": {"no_answer": 1},
                                                  "united-states": {"confirms": 1}}}


def test_confirmation_only_from_monitors(store, ctx):
    with pytest.raises(InvalidValue, match="only guarantors and observers"):
        confirmations.request_confirmation(store, ctx, 1, "syria", deadline=None)
    with pytest.raises(UnknownReference):
        confirmations.record_position(store, ctx, 1, "nobody", "confirms")
    with pytest.raises(InvalidValue, match="before the incident"):
        confirmations.request_confirmation(store, ctx, 1, "russia", deadline=date(2017, 1, 1))


def test_coverage_tells_observed_days(store):
    result = coverage(store, "idlib", date(2017, 10, 10), date(2017, 10, 16))
    assert result["posts"] == [{"post": "salwa", "name": "Salwa observation post", "guarantor": "turkey",
                                "days_deployed": 3, "first_day": "2017-10-13", "last_day": "2017-10-15"}]
    assert [d["observed"] for d in result["days"]] == [False, False, False, True, True, True]
    assert (result["observed_days"], result["total_days"]) == (3, 6)


def test_coverage_refuses_bad_input(store):
    with pytest.raises(NotFound):
        coverage(store, "atlantis", date(2017, 10, 10), date(2017, 10, 16))
    with pytest.raises(DatesOutOfOrder):
        coverage(store, "idlib", date(2017, 10, 16), date(2017, 10, 10))
