"""What every register page shares: who is asking and what they may see, forms in and errors out.

Forms post ``application/x-www-form-urlencoded`` (or ``multipart/form-data`` when a file comes along) with
field names that are the schema's own: ``name``, ``settlement.lat``, ``aliases.0.name`` (row 0 of a list of
objects). ``parse_form`` turns them into the dict the register's ``...Create`` / ``...Update`` schema
validates, so a page calls the very same service as the API. Errors come back as ``FormErrors``: the
error's message for the top of the form and, where the error's details name a field, a message next to
that field.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from truceline.accounts.models import STAFF_ROLES
from truceline.accounts.policy import Principal, can, record_visible, visibility
from truceline.accounts.web_deps import session_csrf
from truceline.common.context import Ctx
from truceline.common.paging import Page
from truceline.errors import Conflict as ConflictError
from truceline.errors import (
    InputError,
    InvalidValue,
    NotFound,
    SchemaError,
    StaleVersion,
    TrucelineError,
    schema_error,
)
from truceline.web import deps
from truceline.web.routes.pages import page_context, templates

ALL = Page(limit=100_000, offset=0)
PER_PAGE = 100
FORM_ERRORS = (InputError, ConflictError, NotFound)  # shown on the form; NotFound covers UnknownReference
_INDEX = re.compile(r"\[(\d+)\]")
M = TypeVar("M", bound=BaseModel)


async def read_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form, parsed once (the CSRF check has usually read it already); its uploaded files are
    closed when the request is done."""
    form = await request.form()
    try:
        yield form
    finally:
        await form.close()


FormDep = Annotated[FormData, Depends(read_form)]


def is_staff(principal: Principal) -> bool:
    """Staff (admins, analysts) see every record and each record's change history."""
    return principal.role in STAFF_ROLES


def visible(principal: Principal, records: Iterable[Any]) -> list[Any]:
    return [r for r in records if record_visible(principal, r)]


def visible_or_404(principal: Principal, record: Any, what: str, ref: str) -> Any:
    """The record if the principal may see it; a restricted record is answered as a missing one."""
    return deps.visible(visibility(principal), record, what=what, ref=ref)


def ctx_for(request: Request, principal: Principal) -> Ctx:
    """Changes made through the pages are recorded under the account that made them."""
    return Ctx(actor=(principal.username or "anonymous")[:120], clock=request.app.state.clock)


def today(request: Request) -> date:
    day: date = request.app.state.clock.now().date()
    return day


def render(request: Request, principal: Principal, template: str, *, page: str, status_code: int = 200,
           **extra: Any) -> HTMLResponse:
    """A register page with the principal and the session's CSRF token (main will pass them itself)."""
    context = page_context(request, page, principal=principal, csrf_token=session_csrf(request, principal) or "",
                           staff=is_staff(principal), can=lambda action, resource: can(principal, action, resource),
                           **extra)
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def see_other(url: str) -> RedirectResponse:
    """After a successful post, go to the record's page (303: the browser follows with a GET)."""
    return RedirectResponse(url, status_code=303)


def paged(items: list[Any], page_no: int) -> dict[str, Any]:
    """One page of an already filtered list, with what the template needs for previous/next links."""
    page_no = max(page_no, 1)
    start = (page_no - 1) * PER_PAGE
    return {"records": items[start:start + PER_PAGE], "count": len(items), "page_no": page_no,
            "has_prev": page_no > 1, "has_next": start + PER_PAGE < len(items)}


# --- forms in -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class FormShape:
    """How a register's form maps to its schema: which names are lists of rows, multi-selects, checkboxes,
    one-per-line text areas or comma-separated lists (inside rows too: ``delegations.members``)."""

    rows: frozenset[str] = frozenset()
    multi: frozenset[str] = frozenset()
    bools: frozenset[str] = frozenset()
    lines: frozenset[str] = frozenset()
    commas: frozenset[str] = frozenset()
    ignore: frozenset[str] = frozenset({"csrf_token"})


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def parse_form(form: FormData, shape: FormShape) -> dict[str, Any]:
    """The posted fields as the nested dict the schema reads; blank text is ``None``, empty rows are dropped.

    Multi-selects, rows and line lists are always present (``[]`` when nothing is chosen or filled in), so an
    update replaces the stored list with what the form shows."""
    out: dict[str, Any] = {}
    rows: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in shape.rows}
    for name in shape.multi:
        out[name] = [v for v in (_clean(x) for x in form.getlist(name)) if v is not None]
    for name in shape.bools:
        out[name] = form.get(name) in ("on", "true", "1", "yes")
    for key in form:
        if key in shape.ignore or key in shape.multi or key in shape.bools:
            continue
        value = form.get(key)
        if isinstance(value, UploadFile):
            continue
        head, _, rest = key.partition(".")
        index, _, sub = rest.partition(".")
        if head in shape.rows and index.isdigit() and sub:
            cell = f"{head}.{sub}"
            raw = form.getlist(key) if cell in shape.multi else _clean(value)
            rows[head].setdefault(int(index), {})[sub] = _split(cell, raw, shape)
            continue
        _put(out, key, _split(key, _clean(value), shape))
    for name, by_index in rows.items():
        out[name] = [row for _, row in sorted(by_index.items()) if any(v not in (None, [], "") for v in row.values())]
    return out


def _split(name: str, value: Any, shape: FormShape) -> Any:
    if name in shape.lines:
        return [line.strip() for line in (value or "").splitlines() if line.strip()]
    if name in shape.commas:
        return [part.strip() for part in (value or "").split(",") if part.strip()]
    return value


def _put(out: dict[str, Any], dotted: str, value: Any) -> None:
    """``settlement.lat`` goes into ``out["settlement"]["lat"]``."""
    *path, last = dotted.split(".")
    target = out
    for part in path:
        target = target.setdefault(part, {})
    target[last] = value


def drop_empty_objects(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """An object of the form whose fields are all blank (a settlement not filled in) becomes ``None``."""
    for name in names:
        value = data.get(name)
        if isinstance(value, dict) and all(v is None for v in value.values()):
            data[name] = None
    return data


def for_create(data: dict[str, Any], *, drop: Iterable[str] = ("reason", "expected_version")) -> dict[str, Any]:
    """What a create schema gets: blank fields left out, so the schema's defaults apply."""
    return {k: v for k, v in data.items() if v is not None and k not in set(drop)}


def validated(schema: type[M], data: dict[str, Any], *, required: Iterable[str] = ()) -> M:
    """The schema's object, or the one ``SchemaError`` (E101) the API would answer with. ``required`` names
    fields an update schema leaves optional but a full form must not send blank (a name, a kind)."""
    blank = [name for name in required if data.get(name) is None]
    if blank:
        raise SchemaError(f"fill in {', '.join(blank)}",
                          details=[{"field": name, "message": "required"} for name in blank])
    try:
        return schema.model_validate(data)
    except ValidationError as err:
        raise schema_error(list(err.errors())) from None


# --- errors out ---------------------------------------------------------------------------------------------


@dataclass
class FormErrors:
    """An error as a form shows it: its code and message on top; the messages whose details name a field
    of the form next to that field (``by_field``), the rest on top as well (``general``)."""

    code: str
    message: str
    by_field: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def for_field(self, name: str) -> list[str]:
        """Messages for ``name`` and for anything inside it (``aliases`` gets those of ``aliases.0.name``)."""
        return [m for key, msgs in self.by_field.items() if key == name or key.startswith(name + ".") for m in msgs]


def form_errors(err: TrucelineError, fields: Iterable[str], *,
                renames: dict[str, str] | None = None) -> FormErrors:
    """Place ``err`` on a form whose top-level field names are ``fields``; ``renames`` maps a detail's
    field prefix to the form's (a zone's ``versions.0.geometry`` is the form's ``geometry``)."""
    known = set(fields)
    out = FormErrors(code=err.code, message=err.user_message)
    for detail in err.details:
        name = _INDEX.sub(r".\1", str(detail.get("field") or ""))
        for old, new in (renames or {}).items():
            if name == old.rstrip(".") or name.startswith(old):
                name = new + name[len(old):] if name.startswith(old) else new
        message = str(detail.get("message") or err.user_message)
        if name and name.split(".")[0] in known:
            out.by_field.setdefault(name, []).append(message)
        elif message != err.user_message:
            out.general.append(f"{name}: {message}" if name else message)
    return out


def status_of(err: TrucelineError) -> int:
    return 409 if isinstance(err, StaleVersion | ConflictError) else 422


def attempt(store: Any, action: Callable[[], Any]) -> tuple[Any, TrucelineError | None]:
    """Run a service call that may refuse the input; other errors go on to the error page. A refusal rolls
    the request's transaction back, so nothing of it is kept although the page answers normally; a success
    is committed before the page answers, so the record is there when the browser follows the redirect
    (the store's own commit comes after the response is sent)."""
    try:
        result = action()
    except FORM_ERRORS as err:
        store.session.rollback()
        return None, err
    store.session.commit()
    return result, None


# --- query parameters of the list pages (a blank select or date means "any") ---------------------------------

E = TypeVar("E")


def opt_enum(kind: Callable[[str], E], value: str | None, *, name: str) -> E | None:
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise InvalidValue(f"{name} {value!r} is not one of the allowed values",
                           details=[{"field": name, "value": value}]) from None


def opt_date(value: str | None, *, name: str = "at") -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"{name} {value!r} is not a date (YYYY-MM-DD)",
                           details=[{"field": name, "value": value}]) from None


def choices(enum: Iterable[Any]) -> list[tuple[str, str]]:
    """(value, label) pairs of an enum for a select."""
    return [(str(e.value), str(e.value).replace("_", " ")) for e in enum]
