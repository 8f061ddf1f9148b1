"""The one table of exporters: the CLI, the routes and the docs read it; the built-ins are its entries.

A new format is one module with a ``render(store, request)`` generator and one entry here.
"""

from __future__ import annotations

from truceline.errors import UnknownFormat
from truceline.exports.acled import render_acled
from truceline.exports.csv_ import render_csv
from truceline.exports.feed import render_feed
from truceline.exports.geojson import render_geojson
from truceline.exports.hxl import render_hxl
from truceline.exports.models import Exporter

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"

EXPORTERS: dict[str, Exporter] = {e.name: e for e in (
    Exporter(name="csv", suffix="csv", media_type=CSV_MEDIA_TYPE, title="CSV", render=render_csv),
    Exporter(name="hxl", suffix="hxl.csv", media_type=CSV_MEDIA_TYPE, title="CSV with HXL hashtags",
             render=render_hxl),
    Exporter(name="geojson", suffix="geojson", media_type="application/geo+json",
             title="GeoJSON FeatureCollection", render=render_geojson),
    Exporter(name="acled", suffix="acled.csv", media_type=CSV_MEDIA_TYPE, title="CSV with ACLED columns",
             render=render_acled),
    Exporter(name="feed", suffix="feed.json", media_type="application/json",
             title="Change feed (one page)", render=render_feed, attachment=False),
)}


def get_exporter(name: str) -> Exporter:
    exporter = EXPORTERS.get(name)
    if exporter is None:
        known = ", ".join(EXPORTERS)
        raise UnknownFormat(f"no export format {name!r}; the formats are: {known}",
                            details=[{"field": "format", "value": name, "known": known}])
    return exporter
