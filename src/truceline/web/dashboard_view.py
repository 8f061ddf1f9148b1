"""What the dashboard page shows of a ``Dashboard``: each chart as SVG with its title, description and data
table, in the reader's language. Pure: a dashboard and translations in, view objects out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from gettext import NullTranslations

from babel.dates import format_date
from markupsafe import Markup

from truceline.dashboard.models import Bucket, Count, Dashboard, Granularity
from truceline.web.charts import Bar, bar_chart, column_chart
from truceline.web.labels import label

SCOPE_COLOURS = {"violation": "#b30000", "excluded_party": "#7b3294", "outside_zones": "#6a6a6a",
                 "undetermined": "#c9a227", "unevaluated": "#d5d9df"}
COVERAGE_COLOUR = "#08519c"
DESC_ITEMS = 5


@dataclass(frozen=True)
class ChartView:
    id: str
    title: str
    desc: str
    svg: Markup
    columns: list[str]
    rows: list[list[str]]
    note: str | None = None


@dataclass(frozen=True)
class DashboardView:
    summary: str
    audience: str
    per_bucket: ChartView
    zones: list[ChartView]  # small multiples, one scale
    zones_table: ChartView  # their numbers, one column per zone (its svg is empty)
    breakdowns: list[ChartView] = field(default_factory=list)
    coverage: ChartView | None = None


def bucket_labels(buckets: tuple[Bucket, ...], granularity: Granularity, lang: str) -> tuple[list[str], list[str]]:
    """Short labels for the axis and full ones for the tables."""
    short, full = [], []
    for b in buckets:
        last = b.end - timedelta(days=1)
        if granularity == Granularity.day:
            short.append(format_date(b.start, "d MMM", locale=lang))
            full.append(b.start.isoformat())
        elif granularity == Granularity.week:
            short.append(format_date(b.start, "d MMM", locale=lang))
            full.append(f"{b.start.isoformat()} – {last.isoformat()}")
        else:
            short.append(format_date(b.start, "MMM y", locale=lang))
            full.append(format_date(b.start, "LLLL y", locale=lang))
    return short, full


def _describe(items: list[tuple[str, int]], t: NullTranslations) -> str:
    shown = [f"{name}: {n}" for name, n in items[:DESC_ITEMS]]
    if not shown:
        return t.gettext("No incidents.")
    return t.gettext("Largest counts: %(items)s.") % {"items": "; ".join(shown)}


def _breakdown(chart_id: str, title: str, counts: tuple[Count, ...], kind: str, t: NullTranslations,
               colours: dict[str, str] | None = None) -> ChartView:
    names = [c.name or label(t, kind, c.key) for c in counts]
    bars = [Bar(name, c.count, (colours or {}).get(c.key)) for name, c in zip(names, counts, strict=True)]
    ranked = sorted(((n, c.count) for n, c in zip(names, counts, strict=True) if c.count), key=lambda x: -x[1])
    desc = _describe(ranked, t)
    return ChartView(id=chart_id, title=title, desc=desc,
                     svg=bar_chart(bars, chart_id=chart_id, title=title, desc=desc),
                     columns=[title, t.gettext("Incidents")],
                     rows=[[n, str(c.count)] for n, c in zip(names, counts, strict=True)])


def dashboard_view(board: Dashboard, t: NullTranslations, lang: str, *,
                   grade_colours: dict[str, str]) -> DashboardView:
    _ = t.gettext
    short, full = bucket_labels(board.buckets, board.granularity, lang)
    unit = {Granularity.day: _("Day"), Granularity.week: _("Week"), Granularity.month: _("Month")}[board.granularity]
    per_title = {Granularity.day: _("Incidents per day"), Granularity.week: _("Incidents per week"),
                 Granularity.month: _("Incidents per month")}[board.granularity]
    busiest = sorted(zip(full, board.per_bucket, strict=True), key=lambda x: -x[1])
    per_desc = t.ngettext("%(total)s incident from %(start)s to %(end)s.",
                          "%(total)s incidents from %(start)s to %(end)s.", board.total) % {
        "total": board.total, "start": board.start.isoformat(), "end": board.end.isoformat()}
    if busiest and busiest[0][1]:
        per_desc += " " + _("The most: %(count)s on %(when)s.") % {"count": busiest[0][1], "when": busiest[0][0]}
    per_bucket = ChartView(
        id="chart-per-bucket", title=per_title, desc=per_desc,
        svg=column_chart(board.per_bucket, chart_id="chart-per-bucket", title=per_title, desc=per_desc,
                         labels=short, width=900, height=190),
        columns=[unit, _("Incidents")], rows=[[f, str(n)] for f, n in zip(full, board.per_bucket, strict=True)])

    top = max([0, *(max(z.counts, default=0) for z in board.zones)])
    zones, names = [], []
    for i, series in enumerate(board.zones):
        name = series.name or label(t, "zone", None)
        names.append(name)
        chart_id = f"chart-zone-{i}"
        cov = series.coverage
        desc = t.ngettext("%(total)s incident in %(zone)s.", "%(total)s incidents in %(zone)s.", series.total) % {
            "total": series.total, "zone": name}
        note = None
        if cov is not None:  # the days of the period govern the noun: "observed on 20 of 21 days"
            days = {"observed": cov.observed_days, "days": cov.total_days}
            note = t.ngettext("observed on %(observed)s of %(days)s day", "observed on %(observed)s of %(days)s days",
                              cov.total_days) % days
            desc += " " + t.ngettext("Observed on %(observed)s of %(days)s day; days nobody observed are hatched.",
                                     "Observed on %(observed)s of %(days)s days; days nobody observed are hatched.",
                                     cov.total_days) % days
        unobserved = None if cov is None else [1 - share for share in cov.observed]
        title = name[:1].upper() + name[1:]
        zones.append(ChartView(id=chart_id, title=title, desc=desc, note=note, columns=[], rows=[],
                               svg=column_chart(series.counts, chart_id=chart_id, title=title, desc=desc,
                                                labels=short, unobserved=unobserved, top=top, width=360,
                                                height=130, max_labels=4)))
    zones_table = ChartView(
        id="table-zones", title=_("Incidents per zone"), desc="", svg=Markup(""), columns=[unit, *names],
        rows=[[f, *(str(z.counts[k]) for z in board.zones)] for k, f in enumerate(full)])

    breakdowns = [
        _breakdown("chart-type", _("By event type"), board.by_type, "event_type", t),
        _breakdown("chart-party", _("By alleged party"), board.by_party, "party", t),
        _breakdown("chart-grade", _("By grade"), board.by_grade, "grade", t,
                   {**grade_colours, "ungraded": grade_colours.get("ungraded", "#fdd49e")}),
        _breakdown("chart-scope", _("By scope"), board.by_scope, "scope", t, SCOPE_COLOURS),
    ]

    coverage = None
    covered = [(name, z) for name, z in zip(names, board.zones, strict=True) if z.coverage is not None]
    if covered:
        title = _("Observation coverage by zone")
        bars, rows = [], []
        for name, z in covered:
            cov = z.coverage
            assert cov is not None
            percent = round(100 * cov.share)
            bars.append(Bar(name, percent, COVERAGE_COLOUR, f"{percent}% ({cov.observed_days}/{cov.total_days})"))
            rows.append([name, str(cov.observed_days), str(cov.total_days), f"{percent}%", str(cov.posts)])
        desc = _("Share of the period's days on which at least one post of the zone was deployed.") + " " + \
            "; ".join(f"{r[0]}: {r[3]}" for r in rows[:DESC_ITEMS])
        coverage = ChartView(
            id="chart-coverage", title=title, desc=desc,
            svg=bar_chart(bars, chart_id="chart-coverage", title=title, desc=desc, top=100, width=820, gutter=320,
                          unit=lambda v: f"{v:.0f}%"),
            columns=[_("Zone"), _("Days observed"), _("Days"), _("Share"), _("Posts deployed")], rows=rows)

    summary = t.ngettext("%(num)s incident from %(start)s to %(end)s", "%(num)s incidents from %(start)s to %(end)s",
                         board.total) % {"num": board.total, "start": format_date(board.start, "medium", locale=lang),
                                         "end": format_date(board.end, "medium", locale=lang)}
    audience = (_("Counting every incident the mechanism holds, published or not (staff view).")
                if board.everything else _("Counting published public incidents only."))
    return DashboardView(summary=summary, audience=audience, per_bucket=per_bucket, zones=zones,
                         zones_table=zones_table, breakdowns=breakdowns, coverage=coverage)
