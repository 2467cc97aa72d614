"""Charts as inline SVG built from counts: no script library, nothing fetched, prints as vectors.

Every label passes through markupsafe's escape before it joins the markup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from markupsafe import Markup, escape

from neutrality.i18n import grouped

WIDTH = 1000  # the timeline spans the page
BAR_WIDTH = 560  # two bar charts sit side by side
LABEL_WIDTH = 200
ROW = 22
MAX_BARS = 15
DAY_BUCKET_LIMIT = 400  # more days than this are drawn per week, so bars stay visible


def bar_chart(
    items: Sequence[tuple[str, int]], title: str, more_label: str = "…", lang: str = "id"
) -> Markup:
    """Horizontal bars, largest first as given; past MAX_BARS the rest are summed in one bar.
    Counts are written with `lang`'s digit grouping (1.000 in Indonesian)."""
    shown = list(items[:MAX_BARS])
    if len(items) > MAX_BARS:
        shown.append((more_label, sum(count for _, count in items[MAX_BARS:])))
    top = max((count for _, count in shown), default=0) or 1
    plot = BAR_WIDTH - LABEL_WIDTH - 50
    height = max(len(shown), 1) * ROW + 8
    parts = [_open(title, height, BAR_WIDTH, "bars")]
    for index, (label, count) in enumerate(shown):
        y = index * ROW + 4
        width = max(round(plot * count / top), 1)
        name = escape(_shorten(label or "-", 28))
        shown_count = grouped(count, lang)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{name}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y}" width="{width}" height="16">'
            f"<title>{escape(label)}: {shown_count}</title></rect>"
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 13}">{shown_count}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # safe: labels escaped above, numbers are ints


def timeline(
    by_day: Mapping[str, int],
    stages: Sequence[tuple[dt.date, str]],
    title: str,
    lang: str = "id",
) -> Markup:
    """Findings per day (per week over long runs) with the election stages as dashed lines."""
    days = sorted(day for day in map(_parse_day, by_day) if day is not None)
    if not days:
        return Markup("")
    first, last = days[0], days[-1]
    step = 7 if (last - first).days + 1 > DAY_BUCKET_LIMIT else 1
    first = first - dt.timedelta(days=first.weekday()) if step == 7 else first
    buckets = _buckets(by_day, first, step)
    count = (last - first).days // step + 1
    left, plot_w, plot_h, top_pad = 40, WIDTH - 50, 150, 46
    bar_w = plot_w / count
    top = max(buckets.values(), default=0) or 1
    parts = [_open(title, top_pad + plot_h + 24, WIDTH, "timeline")]
    parts += _axes(left, top_pad, plot_w, plot_h, grouped(top, lang), first, last)
    for index, value in sorted(buckets.items()):
        h = plot_h * value / top
        x = left + index * bar_w
        day = first + dt.timedelta(days=index * step)
        # a weekly bar names its whole week (Monday to Sunday), not a Monday that may fall
        # before the first finding or a stage
        when = f"{day} – {day + dt.timedelta(days=6)}" if step == 7 else f"{day}"
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{top_pad + plot_h - h:.1f}" '
            f'width="{max(bar_w - 1, 1):.1f}" height="{h:.1f}">'
            f"<title>{when}: {grouped(value, lang)}</title></rect>"
        )
    parts += _stage_marks(stages, first, last, step, left, bar_w, top_pad, plot_h)
    parts.append("</svg>")
    return Markup("".join(parts))  # safe: stage names escaped in _stage_marks


def _open(title: str, height: int, width: int, kind: str) -> str:
    label = escape(title)
    return (
        f'<svg class="chart {kind}" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{label}"><title>{label}</title>'
    )


def _axes(
    left: int, top_pad: int, plot_w: int, plot_h: int, top: str, first: dt.date, last: dt.date
) -> list[str]:
    base = top_pad + plot_h
    return [
        f'<line class="axis" x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}"/>',
        f'<line class="axis" x1="{left}" y1="{top_pad}" x2="{left}" y2="{base}"/>',
        f'<text x="{left - 4}" y="{top_pad + 10}" text-anchor="end">{top}</text>',
        f'<text x="{left - 4}" y="{base}" text-anchor="end">0</text>',
        f'<text x="{left}" y="{base + 16}">{first.isoformat()}</text>',
        f'<text x="{left + plot_w}" y="{base + 16}" text-anchor="end">{last.isoformat()}</text>',
    ]


def _stage_marks(
    stages: Sequence[tuple[dt.date, str]],
    first: dt.date,
    last: dt.date,
    step: int,
    left: int,
    bar_w: float,
    top_pad: int,
    plot_h: int,
) -> list[str]:
    """Each stage as a dashed line labelled with its number in the stage list under the chart:
    an election has a dozen stages, some days apart, and names would overlap."""
    marks = []
    for number, (day, name) in enumerate(sorted(stages), start=1):
        if not first <= day <= last:
            continue
        x = left + (day - first).days / step * bar_w
        y = 12 + (number % 3) * 12  # three label rows, so stages close together stay readable
        marks.append(
            f'<g class="stage"><line x1="{x:.1f}" y1="{y + 2}" x2="{x:.1f}" y2="{top_pad + plot_h}"/>'
            f'<text x="{x + 2:.1f}" y="{y}">{number}</text>'
            f"<title>{number}. {escape(name)} ({day.isoformat()})</title></g>"
        )
    return marks


def _buckets(by_day: Mapping[str, int], first: dt.date, step: int) -> dict[int, int]:
    buckets: dict[int, int] = {}
    for text, value in by_day.items():
        day = _parse_day(text)
        if day is not None:
            index = (day - first).days // step
            buckets[index] = buckets.get(index, 0) + value
    return buckets


def _parse_day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
