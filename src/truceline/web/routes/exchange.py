"""Routes of the signed exchange: a peer pushes an envelope to the inbox, or pulls this instance's outbox."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from truceline.errors import InputTooLarge
from truceline.exchange import service
from truceline.exchange.canonical import parse_strict
from truceline.exchange.local import open_exchange
from truceline.exchange.verify import DEFAULT_MAX_BYTES
from truceline.web.deps import StoreDep

router = APIRouter(prefix="/api/v1/exchange", tags=["exchange"])
OUTBOX_LIMIT = 1000


async def envelope_bytes(request: Request) -> bytes:
    """The request body, refused unread past the envelope size limit."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > DEFAULT_MAX_BYTES:
        raise InputTooLarge(f"the envelope is {declared} bytes; at most {DEFAULT_MAX_BYTES} are accepted")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > DEFAULT_MAX_BYTES:
            raise InputTooLarge(f"the envelope is over {DEFAULT_MAX_BYTES} bytes")
    return bytes(body)


@router.post("/inbox", status_code=202)
def inbox(request: Request, data: Annotated[bytes, Depends(envelope_bytes)], store: StoreDep) -> JSONResponse:
    """Verify a pushed envelope and import it; 202 with what was imported, or the error shape with its code."""
    ex = open_exchange(store, request.app.state.settings)
    receipt = service.receive(ex, data, now=request.app.state.clock.now())
    return JSONResponse(receipt.to_json(), status_code=202)


@router.get("/outbox")
def outbox(request: Request, store: StoreDep, kind: str | None = None,
           after: Annotated[int, Query(ge=0, description="Only envelopes with a higher sequence")] = 0,
           audience: Annotated[str | None, Query(description="Envelopes for every peer and for this one")] = None,
           ) -> dict[str, Any]:
    """The envelopes this instance issued after a sequence number, oldest first per stream."""
    ex = open_exchange(store, request.app.state.settings)
    issued = ex.outbox.after(kind=kind, after=after, audience=audience, limit=OUTBOX_LIMIT)
    data = [parse_strict(i.envelope, what="a stored envelope") for i in issued]
    return {"data": data, "count": len(data)}
