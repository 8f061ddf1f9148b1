"""The dashboard page: incident counts per day and zone, by type, party, grade and scope, with coverage.

Counts come from the database through ``dashboard.service`` (GROUP BY queries, never the incidents
themselves); charts are SVG drawn here (``web/charts.py``) with a data table under each. The filter form
works as a plain GET form; with HTMX it swaps the charts in place and keeps the address bar in step.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from truceline.accounts.policy import Action, Principal, Resource
from truceline.accounts.web_deps import require
from truceline.dashboard import service
from truceline.errors import InputError, InvalidValue
from truceline.web import i18n
from truceline.web.access import Rule
from truceline.web.dashboard_view import dashboard_view
from truceline.web.deps import StoreDep
from truceline.web.routes.pages import GRADE_COLOURS, page_context, templates

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require(Action.read, Resource.incidents))]
RULES = {("GET", "/dashboard"): Rule(Action.read, Resource.incidents)}


def parse_day(value: str | None, *, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"{field}: {value!r} is not a date (YYYY-MM-DD)",
                           details=[{"field": field, "value": value}]) from None


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, store: StoreDep, principal: Reader,
                   start: Annotated[str | None, Query(alias="from")] = None,
                   end: Annotated[str | None, Query(alias="to")] = None,
                   zone: str | None = None) -> HTMLResponse:
    lang = i18n.request_language(request)
    zones = sorted(service.visible_zones(store, principal).values(), key=lambda z: z.name)
    form = {"from": start or "", "to": end or "", "zone": zone or ""}
    try:
        first, last = service.period(store, principal, start=parse_day(start, field="from"),
                                     end=parse_day(end, field="to"), today=request.app.state.clock.now().date())
    except InputError as err:  # shown above the form, the form kept as typed
        return templates.TemplateResponse(request, "dashboard.html", page_context(
            request, "dashboard", principal=principal, zones=zones, form=form, error=err.to_dict(), view=None),
            status_code=err.http_status)
    board = service.build_dashboard(store, principal, start=first, end=last, zone=zone or None)
    colours = {str(k): v for k, v in GRADE_COLOURS.items()}
    view = dashboard_view(board, i18n.translator(lang), lang, grade_colours=colours)
    form = {"from": first.isoformat(), "to": last.isoformat(), "zone": zone or ""}
    return templates.TemplateResponse(request, "dashboard.html", page_context(
        request, "dashboard", principal=principal, zones=zones, form=form, error=None, board=board, view=view))
