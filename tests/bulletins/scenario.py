"""A week of October 2017 for the bulletin tests: registers, party sources, reports clustered into incidents.

The bulletin period is 20-26 October 2017 (the previous period 13-19 October). Incidents:

* ``idlib_shelling``: 20 Oct, Idlib, shelling by syria, reported by Turkey's own source, admin area
  "SY-ID Idlib"; Russia disputes it, Turkey confirms it; graded fair.
* ``douma_strike``: 21 Oct, Douma (Eastern Ghouta), air strike by syria on jaysh-al-islam, from the media;
  no admin area (province from the zone: Rif Dimashq), place "Дума".
* ``aleppo_clash``: 22 Oct, Aleppo (outside every zone), armed clash, perpetrator unknown, reported by
  Russia's own source, place "حلب"; Turkey confirms it.
* ``dismissed``: 23 Oct, Douma, dismissed: never counted.
* ``earlier``: 15 Oct, Idlib, shelling: the previous period.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.incidents.fakes import report
from tests.incidents.seed import seed_registers
from truceline.common.context import Ctx
from truceline.incidents import confirmations, workflow
from truceline.incidents.service import attach_report
from truceline.sources import service as sources
from truceline.sources.schemas import SourceCreate

START, END = date(2017, 10, 20), date(2017, 10, 26)
T0 = datetime(2017, 10, 20, 6, 0, tzinfo=UTC)
IDLIB = (36.63, 35.93)
DOUMA = (36.40, 33.57)
ALEPPO = (37.16, 36.20)


def _at(days: float) -> dict[str, Any]:
    at = T0 + timedelta(days=days)
    return {"received_at": at, "occurred_at": at, "created_at": at, "updated_at": at}


def add_incident(store: Any, ctx: Ctx, *, days: float, where: tuple[float, float], uid: str, **over: Any) -> Any:
    rep = store.reports.add(report(lon=where[0], lat=where[1], uid=uid, **{**_at(days), **over}))
    return attach_report(store, ctx, rep)


def seed_sources(store: Any, ctx: Ctx) -> None:
    for key, party in (("turkish-mod", "turkey"), ("russian-mod", "russia")):
        sources.create_source(store, ctx, SourceCreate(key=key, name=key, kind="party_self_report", party=party))


def build(store: Any, ctx: Ctx) -> dict[str, Any]:
    """Registers and the five incidents above; returns them by name (at their latest version)."""
    seed_registers(store, ctx)
    seed_sources(store, ctx)
    out = {
        "idlib_shelling": add_incident(store, ctx, days=0, where=IDLIB, uid="r-idlib", perpetrator="syria",
                                       source="turkish-mod", admin_area="SY-ID Idlib", place_name="Idlib",
                                       killed=(2, 4)),
        "douma_strike": add_incident(store, ctx, days=1, where=DOUMA, uid="r-douma", event_type="air_strike",
                                     place_name="Дума",
                                     perpetrator="syria", target="jaysh-al-islam"),
        "aleppo_clash": add_incident(store, ctx, days=2, where=ALEPPO, uid="r-aleppo", event_type="armed_clash",
                                     source="russian-mod", place_name="حلب"),
        "dismissed": add_incident(store, ctx, days=3, where=DOUMA, uid="r-dismissed", event_type="sniper_fire"),
        "earlier": add_incident(store, ctx, days=-5, where=IDLIB, uid="r-earlier", perpetrator="syria"),
    }
    shelling = out["idlib_shelling"].id
    confirmations.record_position(store, ctx, shelling, "russia", "disputes", counter_evidence="no firing logged")
    confirmations.record_position(store, ctx, shelling, "turkey", "confirms")
    confirmations.record_position(store, ctx, out["aleppo_clash"].id, "turkey", "confirms")
    for status in ("triaged", "under_verification"):
        workflow.set_status(store, ctx, shelling, status)
    workflow.grade(store, ctx, shelling, "fair", rationale="two independent sources agree")
    workflow.set_status(store, ctx, out["dismissed"].id, "dismissed")
    return {name: store.incidents.get(i.id) for name, i in out.items()}


def publish(store: Any, incident: Any) -> Any:
    """Publish an incident for the public (no use-case does it yet: the record is saved directly)."""
    published = incident.model_copy(update={"published": True, "release": "public", "version": incident.version + 1})
    store.incidents.save(published)
    return published
