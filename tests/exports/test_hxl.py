"""CSV with HXL hashtags, read back with libhxl."""

from __future__ import annotations

import hxl
import pytest

from tests.exports.helpers import render
from truceline.exports.columns import INCIDENT_COLUMNS, REPORT_COLUMNS


def _read(tmp_path, text):
    path = tmp_path / "export.hxl.csv"
    path.write_text(text, encoding="utf-8", newline="")
    with hxl.data(str(path), hxl.InputOptions(allow_local=True)) as source:
        tags = [str(c.display_tag) for c in source.columns]
        rows = [list(r.values) for r in source]
    return tags, rows


@pytest.mark.parametrize(("kind", "columns"), [("incidents", INCIDENT_COLUMNS), ("reports", REPORT_COLUMNS)])
def test_hxl_hashtags_parse_with_libhxl(world, tmp_path, kind, columns):
    tags, rows = _read(tmp_path, render(world, "hxl", kind))
    assert tags == [c.hxl for c in columns]
    assert len(rows) == (2 if kind == "incidents" else 3)


def test_hxl_values_are_found_by_hashtag(world, tmp_path):
    path = tmp_path / "incidents.hxl.csv"
    path.write_text(render(world, "hxl"), encoding="utf-8", newline="")
    with hxl.data(str(path), hxl.InputOptions(allow_local=True)) as source:
        rows = list(source)
    first = rows[0]
    assert first.get("#date+start") == "2017-10-20T06:00:00+00:00"
    assert first.get("#geo+lat") == "35.93" and first.get("#geo+lon") == "36.63"
    assert first.get("#org+perpetrator") == "syria" and first.get("#org+target") == "ahrar-al-sham"
    assert first.get("#affected+killed+min") == "2" and first.get("#affected+killed+max") == "4"
    assert first.get("#event+type") == "shelling" and first.get("#meta+id") == "1"
    assert rows[1].get("#loc+zone") == "eastern-ghouta"


def test_hxl_reports_carry_admin1(world, tmp_path):
    path = tmp_path / "reports.hxl.csv"
    path.write_text(render(world, "hxl", "reports"), encoding="utf-8", newline="")
    with hxl.data(str(path), hxl.InputOptions(allow_local=True)) as source:
        values = [r.get("#adm1+name") for r in source]
    assert values == ["Idlib", None, None]  # libhxl reads an empty cell as None


def test_hxl_hashtags_are_well_formed():
    for column in (*INCIDENT_COLUMNS, *REPORT_COLUMNS):
        parsed = hxl.model.Column.parse(column.hxl)
        name, *attributes = column.hxl.split("+")
        assert parsed.tag == name and sorted(parsed.attributes) == sorted(attributes)
