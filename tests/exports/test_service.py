"""Preparing an export (every user error raised before any output) and the exporters' table."""

from __future__ import annotations

import pytest

from tests.exports.helpers import request
from truceline.errors import InvalidCursor, InvalidFilter, UnknownFormat, UnknownRecordKind
from truceline.exports import service
from truceline.exports.models import Audience, RecordKind
from truceline.exports.registry import EXPORTERS, get_exporter


def test_registry_holds_the_built_in_formats():
    assert list(EXPORTERS) == ["csv", "hxl", "geojson", "acled", "feed"]
    assert all(name == exporter.name for name, exporter in EXPORTERS.items())
    assert len({e.suffix for e in EXPORTERS.values()}) == len(EXPORTERS)


def test_get_exporter_unknown_lists_the_known_formats():
    with pytest.raises(UnknownFormat) as err:
        get_exporter("xlsx")
    assert err.value.code == "E751" and "csv, hxl, geojson, acled, feed" in err.value.user_message


def test_prepare_builds_the_request():
    exporter, req = service.prepare(kind="reports", fmt="feed", filters={"status": "accepted"},
                                    audience="public", since=None, limit=10)
    assert exporter.name == "feed" and req.kind == RecordKind.reports and req.limit == 10
    assert req.audience == Audience.public


@pytest.mark.parametrize(("over", "error"), [
    ({"kind": "bulletins"}, UnknownRecordKind),
    ({"fmt": "pdf"}, UnknownFormat),
    ({"audience": "everyone"}, InvalidFilter),
    ({"since": "abc"}, InvalidFilter),  # the cursor belongs to the feed
    ({"fmt": "feed", "limit": 0}, InvalidFilter),
    ({"fmt": "feed", "limit": 5001}, InvalidFilter),
])
def test_prepare_refuses_bad_requests(over, error):
    args = {"kind": "incidents", "fmt": "csv", "filters": {}, **over}
    with pytest.raises(error):
        service.prepare(**args)


def test_stream_raises_a_bad_cursor_before_any_output(world):
    exporter = get_exporter("feed")
    with pytest.raises(InvalidCursor):
        service.stream(world, exporter, request(since="garbage"))


def test_stream_gives_the_whole_export(world):
    exporter = get_exporter("csv")
    text = "".join(service.stream(world, exporter, request("reports", page_size=1)))
    assert text.count("\r\n") == 4 and text.startswith("id,uid,source")
