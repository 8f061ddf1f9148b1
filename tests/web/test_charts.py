"""The SVG charts: well-formed, accessible (title, desc, role), bars sized by value, text escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from truceline.web.charts import Bar, bar_chart, column_chart, nice_ticks

NS = {"s": "http://www.w3.org/2000/svg"}


def _svg(markup) -> ET.Element:
    return ET.fromstring(str(markup))


@pytest.mark.parametrize(("top", "ticks"), [
    (0, [0.0, 1.0]),
    (2, [0, 1, 2]),
    (7, [0, 2, 4, 6, 8]),
    (95, [0, 25, 50, 75, 100]),
    (1234, [0, 500, 1000, 1500]),
    (0.3, [0, 0.1, 0.2, 0.3]),
])
def test_nice_ticks_are_round_and_reach_the_top(top, ticks):
    assert nice_ticks(top) == ticks


def test_bar_chart_is_accessible_and_sizes_bars_by_value():
    svg = _svg(bar_chart([Bar("shelling", 4), Bar("air strike", 2, "#b30000"), Bar("<script>", 0)],
                         chart_id="c1", title="By type", desc="Largest: shelling 4"))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "c1-t c1-d"
    assert svg.find("s:title", NS).text == "By type" and svg.find("s:desc", NS).text == "Largest: shelling 4"
    widths = [float(r.get("width")) for r in svg.iterfind(".//s:g[@class='bar']/s:rect", NS)]
    assert widths[0] == pytest.approx(2 * widths[1]) and widths[2] == 0
    labels = [t.text for t in svg.iterfind(".//s:g[@class='bar']/s:text", NS)]
    assert labels == ["shelling", "4", "air strike", "2", "<script>", "0"]  # escaped in the markup, text here
    assert "&lt;script&gt;" in str(bar_chart([Bar("<script>", 1)], chart_id="c", title="t", desc="d"))


def test_bar_chart_cuts_long_labels_and_writes_value_texts():
    svg = _svg(bar_chart([Bar("Government of the Syrian Arab Republic and friends", 60, text="60% (18/30)")],
                         chart_id="c2", title="t", desc="d", top=100))
    texts = [t.text for t in svg.iterfind(".//s:g[@class='bar']/s:text", NS)]
    assert texts[0].endswith("…") and len(texts[0]) <= 30 and texts[1] == "60% (18/30)"
    axis = [t.text for t in svg.iterfind("s:text", NS)]
    assert axis[0] == "0" and axis[-1] == "100"


def test_column_chart_draws_columns_hatches_unobserved_days_and_shares_a_scale():
    labels = [f"{d} Oct" for d in range(1, 11)]
    values = [0, 1, 0, 3, 0, 0, 0, 0, 0, 2]
    svg = _svg(column_chart(values, chart_id="z1", title="Idlib", desc="d", labels=labels,
                            unobserved=[1, 1, 0.5, 0, 0, 0, 0, 0, 0, 0], top=6, max_labels=5))
    cols = list(svg.iterfind(".//s:rect[@class='col']", NS))
    assert len(cols) == 3 and [c.find("s:title", NS).text for c in cols] == ["2 Oct: 1", "4 Oct: 3", "10 Oct: 2"]
    heights = [float(c.get("height")) for c in cols]
    assert heights[1] == pytest.approx(3 * heights[0])
    hatched = list(svg.iterfind(".//s:rect[@class='unobserved']", NS))
    assert len(hatched) == 3 and float(hatched[2].get("opacity")) < float(hatched[0].get("opacity"))
    axis = [t.text for t in svg.iterfind("s:text", NS)]
    assert "6" in axis and "1 Oct" in axis and "3 Oct" in axis and "2 Oct" not in axis  # every other label


def test_column_chart_of_nothing_is_still_a_chart():
    svg = _svg(column_chart([], chart_id="e", title="Empty", desc="No incidents.", labels=[]))
    assert svg.find("s:title", NS).text == "Empty" and not list(svg.iterfind(".//s:rect[@class='col']", NS))
