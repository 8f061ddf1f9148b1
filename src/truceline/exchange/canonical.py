"""Canonical JSON for signing, and a strict parser for what arrives from other instances.

Canonical form (what ``canonical_bytes`` writes and what a signed payload must be, byte for byte):

* UTF-8, no byte-order mark; non-ASCII characters written as themselves, not as ``\\u`` escapes; the
  characters JSON requires to be escaped (``"``, ``\\`` and control characters) escaped as Python's
  ``json`` module does (``\\n``, ``\\t``..., others as ``\\u00XX``);
* object keys sorted by Unicode code point, each key once; no whitespace between tokens;
* values: objects, arrays, strings, ``true``, ``false``, ``null`` and **integers only**, within
  ±(2**53 - 1) so that every JSON implementation reads them exactly. Floats are refused, and so are NaN and
  Infinity: two implementations may print the same float differently, which would change the bytes and
  the hash of the same content. A producer writes a measurement as a decimal string with a fixed number
  of places (``to_fixed(36.2021, places=6)`` gives ``"36.202100"``) or as a scaled integer;
* times are strings, ``YYYY-MM-DDTHH:MM:SSZ`` in UTC (``format_time``).

The strict parser (``parse_strict``) refuses, each with its own error code: input over ``max_bytes``,
bytes that are not UTF-8 (or start with a byte-order mark), text that is not JSON, a key repeated in one
object, nesting deeper than ``max_depth``, floats, NaN, Infinity and integers out of range.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from truceline.errors import (
    DuplicateJsonKey,
    InputTooLarge,
    JsonTooDeep,
    MalformedJson,
    NotUtf8,
    NumberNotAllowed,
)

MAX_SAFE_INTEGER = 2**53 - 1
DEFAULT_MAX_BYTES = 1024 * 1024
DEFAULT_MAX_DEPTH = 32
_INT_DIGITS_MAX = 16  # a longer integer literal is out of range before int() has to read it
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def canonical_bytes(value: Any) -> bytes:
    """The canonical encoding of ``value``; refuses floats, out-of-range integers and non-JSON types."""
    _check_value(value, path="$")
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate cannot be UTF-8
        raise NotUtf8(f"a string holds a lone surrogate (U+{ord(exc.object[exc.start]):04X}); "
                      "it cannot be written as UTF-8") from None


def _check_value(value: Any, *, path: str) -> None:
    if value is None or isinstance(value, bool | str):
        return
    if isinstance(value, int):
        _check_int(value, path=path)
    elif isinstance(value, float):
        raise NumberNotAllowed(f"{path}: floats are not allowed in canonical JSON ({value!r}); "
                               "write a decimal string (to_fixed) or a scaled integer")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: object keys must be strings, not {type(key).__name__}")
            _check_value(item, path=f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_value(item, path=f"{path}[{index}]")
    else:
        raise TypeError(f"{path}: {type(value).__name__} is not a JSON value")


def _check_int(value: int, *, path: str) -> None:
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise NumberNotAllowed(f"{path}: integer {value} is outside ±(2**53 - 1)")


def parse_strict(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = DEFAULT_MAX_DEPTH,
                 what: str = "input") -> Any:
    """Parse untrusted JSON bytes, refusing anything canonical JSON would not hold (see the module doc)."""
    if len(data) > max_bytes:
        raise InputTooLarge(f"{what} is {len(data)} bytes; at most {max_bytes} are accepted")
    if data.startswith(b"\xef\xbb\xbf"):
        raise NotUtf8(f"{what} starts with a byte-order mark; send plain UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(f"{what} is not UTF-8 (invalid byte at offset {exc.start})") from None
    try:
        value = json.loads(text, object_pairs_hook=_unique_object, parse_float=_no_float,
                           parse_int=_int, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise MalformedJson(f"{what} is not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") \
            from None
    except RecursionError:
        raise JsonTooDeep(f"{what} is nested deeper than {max_depth} levels") from None
    depth = _depth(value, limit=max_depth + 1)
    if depth > max_depth:
        raise JsonTooDeep(f"{what} is nested more than {max_depth} levels deep; at most {max_depth} are accepted")
    _check_strings(value)
    return value


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateJsonKey(f"duplicate key {key!r} in one JSON object")
        out[key] = value
    return out


def _no_float(literal: str) -> Any:
    raise NumberNotAllowed(f"number {literal} is not an integer; only integers are accepted")


def _no_constant(literal: str) -> Any:
    raise NumberNotAllowed(f"{literal} is not a JSON number; only integers are accepted")


def _int(literal: str) -> int:
    if len(literal.lstrip("-")) > _INT_DIGITS_MAX:
        raise NumberNotAllowed(f"integer {literal[:20]}... is outside ±(2**53 - 1)")
    value = int(literal)
    _check_int(value, path="$")
    return value


def _depth(value: Any, *, limit: int) -> int:
    """Nesting depth of containers (a scalar is 0, ``[]`` is 1); stops counting at ``limit``."""
    if limit <= 0:
        return 0
    if isinstance(value, dict):
        return 1 + max((_depth(v, limit=limit - 1) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v, limit=limit - 1) for v in value), default=0)
    return 0


def _check_strings(value: Any) -> None:
    """Refuse lone surrogates written as ``\\ud800`` escapes: they are not Unicode text."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise NotUtf8("a string holds a lone surrogate escape; it is not Unicode text") from None
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key)
            _check_strings(item)
    elif isinstance(value, list):
        for item in value:
            _check_strings(item)


def is_canonical(data: bytes, value: Any) -> bool:
    """Whether ``data`` is exactly the canonical encoding of ``value`` (already parsed from it)."""
    return canonical_bytes(value) == data


def to_fixed(number: float | int | Decimal, *, places: int) -> str:
    """A decimal string with exactly ``places`` digits after the point (half-even): floats travel this way."""
    if isinstance(number, float) and (number != number or number in (float("inf"), float("-inf"))):
        raise NumberNotAllowed(f"{number!r} cannot be written as a decimal")
    quantum = Decimal(1).scaleb(-places)
    return str(Decimal(str(number)).quantize(quantum, rounding=ROUND_HALF_EVEN))


def format_time(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` in UTC; refuses naive datetimes; drops fractions of a second."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: give a timezone-aware time")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime:
    """The inverse of ``format_time``; raises ``ValueError`` on any other shape."""
    if not TIME_RE.match(text):
        raise ValueError(f"{text!r} is not a UTC time written YYYY-MM-DDTHH:MM:SSZ")
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
