"""CSV with HXL hashtags (https://hxlstandard.org): the plain CSV with a second row of hashtags.

The hashtags of each column are in ``columns.py`` and in docs/exports.md; HXL tools (libhxl, HDX) read
the file with the hashtag row and ignore the header row above it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from truceline.exports.columns import COLUMNS
from truceline.exports.csv_ import table
from truceline.exports.models import ExportRequest


def render_hxl(store: Any, request: ExportRequest) -> Iterator[str]:
    columns = COLUMNS[request.kind]
    return table(store, request, [[c.name for c in columns], [c.hxl for c in columns]], columns)
