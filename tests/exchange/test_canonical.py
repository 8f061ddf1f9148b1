"""Canonical JSON and the strict parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from truceline.errors import ExchangeError
from truceline.exchange.canonical import (
    MAX_SAFE_INTEGER,
    canonical_bytes,
    format_time,
    parse_strict,
    parse_time,
    to_fixed,
)


def test_canonical_bytes_sorts_keys_and_drops_whitespace():
    assert canonical_bytes({"b": [1, {"d": None, "c": True}], "a": "x"}) == b'{"a":"x","b":[1,{"c":true,"d":null}]}'


def test_canonical_bytes_writes_non_ascii_as_utf8():
    assert canonical_bytes({"name": "حلب Алеппо"}) == '{"name":"حلب Алеппо"}'.encode()


def test_canonical_bytes_escapes_control_characters():
    assert canonical_bytes(["a\nb\u0001\"\\"]) == b'["a\\nb\\u0001\\"\\\\"]'


@pytest.mark.parametrize("value", [1.5, 0.0, float("nan"), float("inf"), {"x": [2.0]}, MAX_SAFE_INTEGER + 1,
                                   -MAX_SAFE_INTEGER - 1])
def test_canonical_bytes_refuses_floats_and_unsafe_integers(value):
    with pytest.raises(ExchangeError) as err:
        canonical_bytes(value)
    assert err.value.code == "E506"


def test_canonical_bytes_refuses_non_json_types():
    with pytest.raises(TypeError):
        canonical_bytes({"at": datetime.now(UTC)})
    with pytest.raises(TypeError):
        canonical_bytes({1: "x"})


def test_canonical_bytes_refuses_lone_surrogates():
    with pytest.raises(ExchangeError) as err:
        canonical_bytes("\ud800")
    assert err.value.code == "E502"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER)
    | st.text(alphabet=st.characters(exclude_categories=("Cs",))),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)


@given(json_values)
def test_canonical_bytes_round_trips_through_the_strict_parser(value):
    data = canonical_bytes(value)
    assert parse_strict(data, max_depth=64) == value
    assert canonical_bytes(parse_strict(data, max_depth=64)) == data


@pytest.mark.parametrize(("data", "code", "options"), [
    (b"x" * 101, "E501", {"max_bytes": 100}),
    (b'{"a":"\xff"}', "E502", {}),
    (b'\xef\xbb\xbf{"a":1}', "E502", {}),
    (b'["\\udc00"]', "E502", {}),
    (b'{"a":1', "E503", {}),
    (b"", "E503", {}),
    (b"{'a':1}", "E503", {}),
    (b'{"a":1,"a":2}', "E504", {}),
    (b'{"x":{"a":1,"b":{},"a":1}}', "E504", {}),
    (b"[" * 5 + b"]" * 5, "E505", {"max_depth": 4}),
    (b"[" * 100_000 + b"]" * 100_000, "E505", {}),
    (b"[1.0]", "E506", {}),
    (b"[1e3]", "E506", {}),
    (b"[NaN]", "E506", {}),
    (b"[-Infinity]", "E506", {}),
    (b"[9007199254740992]", "E506", {}),
    (b"[" + b"9" * 5000 + b"]", "E506", {}),
])
def test_parse_strict_refuses_with_its_code(data, code, options):
    with pytest.raises(ExchangeError) as err:
        parse_strict(data, **options)
    assert err.value.code == code
    assert err.value.user_message


def test_parse_strict_accepts_the_depth_limit_exactly():
    assert parse_strict(b"[[[[]]]]", max_depth=4) == [[[[]]]]


def test_parse_strict_accepts_the_size_limit_exactly():
    assert parse_strict(b"[1]", max_bytes=3) == [1]


def test_to_fixed_writes_a_fixed_number_of_places():
    assert to_fixed(36.2021, places=6) == "36.202100"
    assert to_fixed(-0.5, places=0) == "-0"
    assert to_fixed(2.675, places=2) == "2.68"  # from the float's shortest repr, not its binary value
    with pytest.raises(ExchangeError):
        to_fixed(float("nan"), places=2)


def test_format_time_is_utc_whole_seconds_and_parse_time_inverts_it():
    moment = datetime(2017, 10, 30, 12, 30, 15, 999, tzinfo=timezone(timedelta(hours=3)))
    assert format_time(moment) == "2017-10-30T09:30:15Z"
    assert parse_time("2017-10-30T09:30:15Z") == datetime(2017, 10, 30, 9, 30, 15, tzinfo=UTC)
    with pytest.raises(ValueError):
        format_time(datetime(2017, 10, 30))
    for bad in ("2017-10-30T09:30:15", "2017-10-30 09:30:15Z", "2017-10-30T09:30:15.5Z", "2017-13-30T09:30:15Z"):
        with pytest.raises(ValueError):
            parse_time(bad)
