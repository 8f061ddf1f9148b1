"""Scope follows the registers: a change to a zone, post, agreement or accession re-checks exactly the
incidents it may affect, in the same transaction, and leaves the others alone."""

from __future__ import annotations

import pytest

from tests.incidents.fakes import DOUMA, IDLIB, add_report, memory_store, report
from tests.incidents.seed import ASTANA, seed_registers
from tests.posts.places import point, wafideen
from tests.zones.places import RASTAN, homs_zone
from truceline.accessions import service as accessions
from truceline.accessions.schemas import AccessionCreate, AccessionWithdraw
from truceline.agreements import service as agreements
from truceline.agreements.schemas import AmendmentCreate
from truceline.audit.models import Action, Change
from truceline.incidents.follow import affected_incidents
from truceline.incidents.models import Scope
from truceline.incidents.service import attach_report
from truceline.posts import service as posts
from truceline.posts.schemas import PostCreate
from truceline.registry import service as parties
from truceline.registry.schemas import PartyUpdate
from truceline.zones import service as zones
from truceline.zones.schemas import ZoneCreate


@pytest.fixture
def store(ctx):
    s = memory_store()
    seed_registers(s, ctx)
    return s


def _attach(store, ctx, **kw):
    return attach_report(store, ctx, add_report(store, report(**kw)))


def _now(store, incident):
    return store.incidents.get(incident.id)


def test_follow_new_zone_rechecks_incidents_inside_it_only(store, ctx):
    rastan = _attach(store, ctx, lon=RASTAN.x, lat=RASTAN.y, perpetrator="syria")
    idlib = _attach(store, ctx, lon=IDLIB[0], lat=IDLIB[1], perpetrator="syria")
    assert "north-homs" not in rastan.scope.zones
    zones.create_zone(store, ctx, ZoneCreate.model_validate(homs_zone(key="north-homs", agreement=ASTANA)))
    assert _now(store, rastan).scope.zones == ["north-homs"] and _now(store, rastan).version > rastan.version
    assert _now(store, idlib) == idlib  # far away: untouched, no new version


def test_follow_new_post_lists_it_among_nearby_posts(store, ctx):
    douma = _attach(store, ctx, lon=DOUMA[0], lat=DOUMA[1], perpetrator="syria")
    assert douma.scope.posts_nearby == []
    posts.create_post(store, ctx, PostCreate.model_validate(wafideen(key="wafideen")))
    assert [p["post"] for p in _now(store, douma).scope.posts_nearby] == ["wafideen"]


def test_follow_amendment_excluding_a_group_reclassifies(store, ctx):
    incident = _attach(store, ctx, lon=DOUMA[0], lat=DOUMA[1], perpetrator="faylaq-al-rahman")
    assert incident.scope.scope == Scope.undetermined
    agreements.add_amendment(store, ctx, ASTANA, AmendmentCreate.model_validate({
        "adopted_on": "2017-06-01", "summary": "Faylaq al-Rahman excluded",
        "changes": {"excluded_groups": ["isil", "jabhat-al-nusra", "faylaq-al-rahman"]}}))
    assert _now(store, incident).scope.scope == Scope.excluded_party


def test_follow_accession_and_its_withdrawal(store, ctx):
    incident = _attach(store, ctx, lon=DOUMA[0], lat=DOUMA[1], perpetrator="faylaq-al-rahman")
    joined = accessions.create_accession(store, ctx, AccessionCreate.model_validate(
        {"party": "faylaq-al-rahman", "agreement": ASTANA, "joined_on": "2017-08-18"}))
    assert _now(store, incident).scope.scope == Scope.violation
    accessions.withdraw_accession(store, ctx, joined.key,
                                  AccessionWithdraw(on="2017-09-01", reason="left the ceasefire"))
    assert _now(store, incident).scope.scope == Scope.undetermined


def test_follow_party_change_touches_no_incident(store, ctx):
    incident = _attach(store, ctx, lon=DOUMA[0], lat=DOUMA[1], perpetrator="syria")
    parties.update_party(store, ctx, "syria", PartyUpdate(description="renamed desk"))
    assert _now(store, incident) == incident


def test_affected_incidents_of_a_moved_post_include_old_and_new_places(store, ctx):
    near_old = _attach(store, ctx, lon=36.37, lat=33.56, perpetrator="syria")
    near_new = _attach(store, ctx, lon=36.50, lat=35.10, perpetrator="syria", hours=3)
    change = Change(entity="post", record_id=1, record_key="p", version=2, action=Action.update, actor="t",
                    at=near_old.created_at, before={"location": point(36.36, 33.55)},
                    after={"location": point(36.51, 35.11)})
    assert affected_incidents(store, change) == sorted([near_old.id, near_new.id])
