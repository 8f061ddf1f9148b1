"""The incremental change feed of incidents or reports, built on the change history (``changes``).

A page answers "what changed after this cursor": for every record with a change after the cursor, once,
either an ``upsert`` with its current representation (``represent.py``) or a ``delete`` tombstone. A record
appears at the position of its latest change, so a record changed many times appears once, with its latest
state, however the client pages. The exported-set rule of ``records.py`` decides between the two:

* in the set now (matches the filters, visible to the audience, live) -> ``upsert``;
* gone from the store -> tombstone ``deleted``;
* not in the set now, but in it as it stood at the cursor (the ``before`` of its first change after the
  cursor) -> tombstone with the reason it left: ``merged`` (a duplicate, with ``duplicate_of``),
  ``dismissed``, ``rejected``, ``withdrawn`` (no longer visible to the audience: unpublished or its release
  level raised) or ``filtered`` (no longer matches the filters);
* not in the set now and not at the cursor -> nothing: the client never held it. A feed read from the
  beginning (no cursor) therefore holds no tombstones.

Each page reads at most ``limit`` items' worth of history per batch and ``MAX_BATCHES`` batches, so memory
and time per page are bounded; ``has_more`` says whether history remains after ``next_cursor``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from truceline.audit.models import Change
from truceline.errors import CursorAhead
from truceline.exports import cursor
from truceline.exports.models import ENTITY, Audience, ExportRequest, RecordKind
from truceline.exports.records import Record, in_set, live, repository, visible
from truceline.exports.represent import representation
from truceline.incidents.models import Incident, IncidentStatus
from truceline.reports.models import Report, ReportStatus

MAX_BATCHES = 20


@dataclass(frozen=True)
class FeedPage:
    items: list[dict[str, Any]]
    next_cursor: str
    has_more: bool


def feed_page(store: Any, request: ExportRequest) -> FeedPage:
    entity = ENTITY[request.kind]
    after_id = cursor.decode(request.since, entity)
    last = store.changes.last_id()
    if after_id > last:
        raise CursorAhead(f"the cursor points after change {last}, the last one this instance holds: it comes "
                          "from another instance or a database restored from an older backup; start again "
                          "without a cursor", details=[{"field": "since", "value": request.since}])
    items: list[dict[str, Any]] = []
    position = after_id
    for _ in range(MAX_BATCHES):
        batch = store.changes.after(entity, after_id=position, limit=request.limit)
        if not batch:
            break
        latest = store.changes.latest_ids(entity, sorted({c.record_id for c in batch}))
        due = [c for c in batch if latest.get(c.record_id) == c.id]  # each record at its latest change
        room = request.limit - len(items)
        if len(due) > room:
            due = due[:room]
            position = int(due[-1].id or 0)
        else:
            position = int(batch[-1].id or 0)
        items.extend(_items(store, request, due, after_id))
        if len(items) >= request.limit or len(batch) < request.limit:
            break
    more = bool(store.changes.after(entity, after_id=position, limit=1))
    return FeedPage(items=items, next_cursor=cursor.encode(entity, position), has_more=more)


def _items(store: Any, request: ExportRequest, due: list[Change], after_id: int) -> list[dict[str, Any]]:
    repo = repository(store, request.kind)
    current = {c.record_id: repo.get(c.record_id) for c in due}
    gone = [rid for rid, record in current.items() if record is None or not in_set(record, request)]
    at_cursor = {} if after_id == 0 or not gone else store.changes.first_after(
        ENTITY[request.kind], gone, after_id=after_id)
    out: list[dict[str, Any]] = []
    for change in due:
        record = current[change.record_id]
        head = {"id": change.record_id, "change_id": change.id,
                "changed_at": change.at.isoformat().replace("+00:00", "Z")}
        if record is not None and in_set(record, request):
            out.append({"op": "upsert", **head, "uid": record.uid, "version": record.version,
                        "record": representation(record, request.audience)})
            continue
        first = at_cursor.get(change.record_id)
        if first is None or not _held(first, request):
            continue  # the client never held it
        uid = record.uid if record is not None else (first.before or {}).get("uid")
        out.append({"op": "delete", **head, "uid": uid, **_why(record, request)})
    return out


def _held(first: Change, request: ExportRequest) -> bool:
    """Was the record in the exported set as it stood at the cursor (before its first change after it)?"""
    if first.before is None:
        return False  # created after the cursor
    model = Incident if request.kind == RecordKind.incidents else Report
    try:
        before = model.model_validate(first.before)
    except ValidationError:
        return True  # an old snapshot we cannot read: a tombstone is the safe answer
    return in_set(before, request)


def _why(record: Record | None, request: ExportRequest) -> dict[str, Any]:
    if record is None:
        return {"reason": "deleted"}
    if not live(record, request.query):
        if isinstance(record, Incident) and record.status == IncidentStatus.duplicate:
            return {"reason": "merged", "duplicate_of": record.duplicate_of}
        return {"reason": "dismissed" if record.status == IncidentStatus.dismissed else
                "rejected" if record.status == ReportStatus.rejected else str(record.status)}
    if not visible(record, request.audience):
        return {"reason": "withdrawn"}
    return {"reason": "filtered"}


def render_feed(store: Any, request: ExportRequest) -> Iterator[str]:
    """One feed page as JSON: ``{"feed", "audience", "since", "items", "next_cursor", "has_more"}``."""
    page = feed_page(store, request)
    head = {"feed": str(request.kind), "audience": str(request.audience), "since": request.since}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "items": ['
    for n, item in enumerate(page.items):
        yield ("" if n == 0 else ",") + "\n" + json.dumps(item, ensure_ascii=False)
    yield f'\n], "next_cursor": {json.dumps(page.next_cursor)}, "has_more": {json.dumps(page.has_more)}}}\n'


__all__ = ["Audience", "FeedPage", "feed_page", "render_feed"]
