"""Turning HTML form fields into the API's input shapes, and errors back into per-field messages.

Forms post flat fields (``killed_min``, ``lon``...); the services take the same pydantic inputs as the API
(``ReportCreate``...). ``form_errors`` maps a pydantic ``ValidationError`` or a ``TrucelineError`` whose
details name fields onto ``{field: message}`` so that each message shows beside its input; what names no
field goes to the form's general message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from truceline.errors import TrucelineError

CASUALTY_FIELDS = ("killed_min", "killed_max", "injured_min", "injured_max", "civilians_killed_min",
                   "civilians_killed_max", "combatants_killed_min", "combatants_killed_max")
GENERAL = "_form"


def blank_to_none(form: Mapping[str, Any], name: str) -> str | None:
    value = form.get(name)
    if value is None or not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def report_fields(form: Mapping[str, Any], *, staff: bool) -> dict[str, Any]:
    """The report input from the report form's fields (empty inputs are left out, so defaults apply)."""
    data: dict[str, Any] = {}
    for name in ("source", "occurred_at", "occurred_until", "time_precision", "place_precision", "place_name",
                 "admin_area", "event_type", "sub_type", "perpetrator", "target", "text", "language"):
        value = blank_to_none(form, name)
        if value is not None:
            data[name] = value
    for name in ("lon", "lat"):
        value = blank_to_none(form, name)
        if value is not None:
            data[name] = value  # pydantic parses the number and says so when it is not one
    casualties = {name: blank_to_none(form, name) for name in CASUALTY_FIELDS}
    data["casualties"] = {k: v for k, v in casualties.items() if v is not None}
    if staff:
        for name in ("credibility", "release"):
            value = blank_to_none(form, name)
            if value is not None:
                data[name] = value
    return data


def _field_of(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    if parts and parts[0] == "casualties" and len(parts) > 1:
        return parts[1]
    return parts[0] if parts else GENERAL


def form_errors(err: Exception) -> dict[str, str]:
    """``{field: message}`` for an input error; ``_form`` holds what names no field."""
    out: dict[str, str] = {}
    if isinstance(err, ValidationError):
        for item in err.errors():
            out.setdefault(_field_of(tuple(item.get("loc", ()))), str(item.get("msg", "invalid")))
        return out
    if isinstance(err, TrucelineError):
        fields = [d.get("field") for d in err.details if isinstance(d, dict) and d.get("field")]
        for field in fields:
            out.setdefault(str(field).split(".")[-1], err.user_message)
        if not fields:
            out[GENERAL] = err.user_message
        out.setdefault(GENERAL, f"{err.user_message} ({err.code})")
        return out
    raise err
