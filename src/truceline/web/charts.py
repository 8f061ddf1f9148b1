"""Charts as inline SVG, drawn on the server: no script, no network, printable, readable by screen readers.

Two shapes, pure functions from numbers and already-translated labels to SVG markup:

* :func:`bar_chart` — horizontal bars, one per category (incidents by type, party, grade, scope; coverage);
* :func:`column_chart` — one column per time bucket (incidents per day), with the buckets not observed by
  any post hatched behind the columns, so "nothing recorded" is told from "nobody was watching".

Each chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` (what it shows and its largest values);
the page puts the same numbers in a table under each chart. Charts are drawn left to right in every
language (time runs left to right on the axes); labels in any script are anchored to the axis.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

FONT = 12
CHAR_WIDTH = 6.6  # a rough average glyph width at FONT, to fit labels and values
INK, MUTED, GRID, BAR, HATCH = "#1d2430", "#5b6472", "#e3e6ea", "#1f4e79", "#b8bec7"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str | None = None
    text: str | None = None  # the value as shown at the end of the bar (default: the number)


def nice_ticks(top: float, *, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least ``top``: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if top >= 1 and step < 1:
        step = 1.0
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _cut(label: str, limit: int) -> str:
    """Cut a label longer than ``limit`` characters with an ellipsis (the full text is in the table)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _frame(chart_id: str, width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    ident = escape(chart_id)
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{ident}" role="img" '
            f'aria-labelledby="{ident}-t {ident}-d" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" font-size="{FONT}" style="direction:ltr;max-width:{width}px">'
            f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>')
    return Markup(head + "".join(body) + "</svg>")


def bar_chart(bars: Sequence[Bar], *, chart_id: str, title: str, desc: str, width: int = 540,
              top: float | None = None, unit: Callable[[float], str] = _num, gutter: int = 200) -> Markup:
    """Horizontal bars, largest scale ``top`` (default: the largest value), a value axis underneath;
    ``gutter`` is the room for the category labels."""
    row, bar_h, pad_top, axis_h = 24, 15, 6, 22
    texts = [b.text if b.text is not None else unit(b.value) for b in bars]
    pad_end = 12 + round(CHAR_WIDTH * max([len(t) for t in texts] or [2]))  # the value written after the bar
    plot = width - gutter - pad_end
    height = pad_top + row * max(len(bars), 1) + axis_h
    ticks = nice_ticks(max([top or 0, *(b.value for b in bars)]))
    scale = plot / ticks[-1]
    body = []
    base = pad_top + row * max(len(bars), 1)
    for t in ticks:
        x = gutter + t * scale
        body.append(f'<line x1="{x:.1f}" y1="{pad_top}" x2="{x:.1f}" y2="{base}" stroke="{GRID}"/>'
                    f'<text x="{x:.1f}" y="{base + 15}" text-anchor="middle" fill="{MUTED}">{escape(unit(t))}</text>')
    for i, (b, text) in enumerate(zip(bars, texts, strict=True)):
        y = pad_top + i * row
        w = max(b.value * scale, 0.0)
        body.append(
            f'<g class="bar"><text x="{gutter - 6}" y="{y + bar_h - 3}" text-anchor="end" fill="{INK}">'
            f'{escape(_cut(b.label, int((gutter - 10) / CHAR_WIDTH)))}</text>'
            f'<rect x="{gutter}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{escape(b.colour or BAR)}" '
            f'stroke="rgba(0,0,0,0.25)" stroke-width="{0.5 if w else 0}"/>'
            f'<text x="{gutter + w + 4:.1f}" y="{y + bar_h - 3}" fill="{INK}">'
            f'{escape(text)}</text></g>')
    body.append(f'<line x1="{gutter}" y1="{pad_top}" x2="{gutter}" y2="{base}" stroke="{MUTED}"/>')
    return _frame(chart_id, width, height, title, desc, body)


def column_chart(values: Sequence[int], *, chart_id: str, title: str, desc: str, labels: Sequence[str],
                 unobserved: Sequence[float] | None = None, top: float | None = None, width: int = 640,
                 height: int = 170, colour: str = BAR, max_labels: int = 7) -> Markup:
    """One column per bucket; ``labels`` name the buckets (a few are written under the axis);
    ``unobserved`` gives each bucket's share of days without observation (hatched, darker when larger);
    ``top`` shares one scale between small multiples."""
    gutter, pad_top, axis_h, pad_end = 34, 8, 24, 8
    plot_w, plot_h = width - gutter - pad_end, height - pad_top - axis_h
    n = max(len(values), 1)
    col = plot_w / n
    ticks = nice_ticks(max([top or 0, *values]), count=3)
    scale = plot_h / ticks[-1]
    base = pad_top + plot_h
    hatch = f"{chart_id}-hatch"
    body = [f'<defs><pattern id="{escape(hatch)}" width="6" height="6" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f1f2f4"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}" stroke-width="2"/></pattern></defs>']
    for i, share in enumerate(unobserved or []):
        if share > 0:
            body.append(f'<rect class="unobserved" x="{gutter + i * col:.2f}" y="{pad_top}" width="{col:.2f}" '
                        f'height="{plot_h}" fill="url(#{escape(hatch)})" opacity="{0.35 + 0.65 * share:.2f}"/>')
    for t in ticks:
        y = base - t * scale
        body.append(f'<line x1="{gutter}" y1="{y:.1f}" x2="{gutter + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>'
                    f'<text x="{gutter - 5}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{_num(t)}</text>')
    gap = min(col * 0.2, 3)
    for i, v in enumerate(values):
        if v:
            h = v * scale
            body.append(f'<rect class="col" x="{gutter + i * col + gap / 2:.2f}" y="{base - h:.2f}" '
                        f'width="{max(col - gap, 0.8):.2f}" height="{h:.2f}" fill="{escape(colour)}">'
                        f'<title>{escape(labels[i])}: {v}</title></rect>')
    step = max(1, math.ceil(len(labels) / max_labels))
    for i in range(0, len(labels), step):
        x = gutter + (i + 0.5) * col
        body.append(f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 4}" stroke="{MUTED}"/>'
                    f'<text x="{x:.1f}" y="{base + 17}" text-anchor="middle" fill="{MUTED}">'
                    f'{escape(labels[i])}</text>')
    body.append(f'<line x1="{gutter}" y1="{base}" x2="{gutter + plot_w}" y2="{base}" stroke="{MUTED}"/>')
    return _frame(chart_id, width, height, title, desc, body)
