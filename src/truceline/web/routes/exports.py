"""Routes of the exports: one download per kind of record and format, the change feed, the catalogue.

The paths come from the exporters' table (``exports/registry.py``): ``/api/v1/exports/{kind}.{suffix}``
for each format and ``/api/v1/feed/{kind}`` for the change feed. Each streams from its own store (a
dependency's store would close before a streamed body is sent); the head and the first page are rendered
before the response starts, so errors answer in the usual JSON shape.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from truceline.accounts.policy import Principal, visibility
from truceline.common.visibility import Visibility
from truceline.db.store import store_scope
from truceline.errors import LoginRequired, NotAllowed, UnknownFormat
from truceline.exports import service
from truceline.exports.models import Audience, Exporter, RecordKind
from truceline.exports.registry import EXPORTERS

router = APIRouter(tags=["exports"])

AUDIENCE_HELP = "public (default): published, public-release records only; mechanism: all (admins and analysts)."


def filter_params(
    start: Annotated[str | None, Query(alias="from", description="ISO date or date-time (time overlap).")] = None,
    end: Annotated[str | None, Query(alias="to", description="ISO date (the whole day) or date-time.")] = None,
    zone: Annotated[str | None, Query(description="Incidents: zone key.")] = None,
    type: Annotated[str | None, Query(description="Event type.")] = None,  # noqa: A002
    party: Annotated[str | None, Query(description="Incidents: party key, perpetrator or target.")] = None,
    grade: Annotated[str | None, Query(description="Incidents: grade.")] = None,
    status: Annotated[str | None, Query(description="Incident or report status.")] = None,
    scope: Annotated[str | None, Query(description="Incidents: scope class.")] = None,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat.")] = None,
    published: Annotated[str | None, Query(description="Incidents: true or false.")] = None,
    source: Annotated[str | None, Query(description="Reports: source key.")] = None,
    incident: Annotated[str | None, Query(description="Reports: of this incident id.")] = None,
) -> dict[str, str | None]:
    return {"from": start, "to": end, "zone": zone, "type": type, "party": party, "grade": grade, "status": status,
            "scope": scope, "bbox": bbox, "published": published, "source": source, "incident": incident}


FiltersDep = Annotated[dict[str, str | None], Depends(filter_params)]
AudienceQuery = Annotated[str, Query(description=AUDIENCE_HELP)]


def check_audience(request: Request, audience: str) -> None:
    """Only the mechanism's staff may export everything; others get the public audience or nothing."""
    principal = getattr(request.state, "principal", None) or Principal.anonymous()
    if audience == Audience.mechanism.value and visibility(principal) != Visibility.all():
        if not principal.authenticated:
            raise LoginRequired("log in as an admin or analyst to export the mechanism's records")
        raise NotAllowed(f"a {principal.role.value} may export the public audience only")


def streamed(request: Request, *, kind: str, fmt: str, filters: dict[str, str | None], audience: str,
             since: str | None = None, limit: int | None = None) -> StreamingResponse:
    check_audience(request, audience)
    exporter, export_request = service.prepare(kind=kind, fmt=fmt, filters=filters, audience=audience,
                                               since=since, limit=limit)

    def body() -> Iterator[str]:
        with store_scope(request.app.state.sessionmaker) as store:
            yield from service.stream(store, exporter, export_request)

    chunks = body()
    first = next(chunks)  # runs the checks and the first page now: errors become JSON answers
    headers = {}
    if exporter.attachment:
        headers["Content-Disposition"] = f'attachment; filename="{kind}.{exporter.suffix}"'
    return StreamingResponse(itertools.chain([first], chunks), media_type=exporter.media_type, headers=headers)


def _download(kind: RecordKind, exporter: Exporter) -> Callable[..., StreamingResponse]:
    def endpoint(request: Request, filters: FiltersDep, audience: AudienceQuery = Audience.public.value
                 ) -> StreamingResponse:
        return streamed(request, kind=kind.value, fmt=exporter.name, filters=filters, audience=audience)

    endpoint.__doc__ = f"{kind.value.capitalize()} as {exporter.title}, filtered like the map."
    return endpoint


def _feed(kind: RecordKind) -> Callable[..., StreamingResponse]:
    def endpoint(request: Request, filters: FiltersDep, audience: AudienceQuery = Audience.public.value,
                 since: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
                 limit: Annotated[int | None, Query(description="Items per page (default 500).")] = None,
                 ) -> StreamingResponse:
        return streamed(request, kind=kind.value, fmt="feed", filters=filters, audience=audience, since=since,
                        limit=limit)

    endpoint.__doc__ = f"What changed in the {kind.value} after the cursor: upserts and tombstones, one page."
    return endpoint


def paths() -> dict[str, list[str]]:
    """The route of each format for each kind, from the exporters' table."""
    out: dict[str, list[str]] = {}
    for exporter in EXPORTERS.values():
        if exporter.attachment:
            out[exporter.name] = [f"/api/v1/exports/{kind.value}.{exporter.suffix}" for kind in RecordKind]
        else:
            out[exporter.name] = [f"/api/v1/feed/{kind.value}" for kind in RecordKind]
    return out


@router.get("/api/v1/exports")
def catalogue() -> dict[str, Any]:
    """The export formats: name, title, media type and routes."""
    routes = paths()
    return {"data": [{"name": e.name, "title": e.title, "media_type": e.media_type, "paths": routes[e.name]}
                     for e in EXPORTERS.values()], "count": len(EXPORTERS)}


for _exporter in EXPORTERS.values():
    for _kind in RecordKind:
        if _exporter.attachment:
            router.add_api_route(f"/api/v1/exports/{_kind.value}.{_exporter.suffix}", _download(_kind, _exporter),
                                 methods=["GET"], response_class=StreamingResponse,
                                 name=f"export_{_kind.value}_{_exporter.name}")
        else:
            router.add_api_route(f"/api/v1/feed/{_kind.value}", _feed(_kind), methods=["GET"],
                                 response_class=StreamingResponse, name=f"feed_{_kind.value}")


@router.get("/api/v1/exports/{name}")
def unknown_export(name: str) -> None:
    """Any other name: refused with the known kinds and formats."""
    kind, _, suffix = name.partition(".")
    service.parse_kind(kind)
    known = ", ".join(f"{kind}.{e.suffix}" for e in EXPORTERS.values() if e.attachment)
    raise UnknownFormat(f"no export {name!r}; the exports of {kind} are: {known} (and the feed /api/v1/feed/{kind})",
                        details=[{"field": "format", "value": suffix, "known": known}])
