"""The growth chart: a server-rendered SVG of the members over time, drawn from shown points only.

Pure: takes the points of released figures and returns markup. No inline `style`
(the CSP forbids it): colours and lines are presentation attributes. The page puts a table of
the same points beside it, which is what screen readers use; the SVG is labelled and hides its
drawing from them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT = 320, 180
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28


def growth_chart(
    points: Sequence[tuple[dt.date, int]],
    *,
    title: str,
    number: Callable[[int], str] = str,
    day: Callable[[dt.date], str] = dt.date.isoformat,
) -> Markup:
    """An SVG line of (day, members) points; empty markup when there is nothing to draw."""
    if not points:
        return Markup("")
    points = sorted(points)
    first, last = points[0][0], points[-1][0]
    span_days = max((last - first).days, 1)
    top_value = max(max(members for _day, members in points), 1)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(when: dt.date) -> float:
        if first == last:
            return LEFT + plot_width / 2
        return LEFT + plot_width * (when - first).days / span_days

    def y(members: int) -> float:
        return TOP + plot_height * (1 - members / top_value)

    coordinates = " ".join(f"{x(when):.1f},{y(members):.1f}" for when, members in points)
    dots = "".join(
        f'<circle cx="{x(when):.1f}" cy="{y(members):.1f}" r="3" fill="currentColor"/>' for when, members in points
    )
    baseline = TOP + plot_height
    parts = [
        f'<svg class="growth-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="growth-chart-title" '
        f'xmlns="http://www.w3.org/2000/svg" width="100%" preserveAspectRatio="xMidYMid meet">',
        f'<title id="growth-chart-title">{escape(title)}</title>',
        '<g aria-hidden="true" font-size="11" fill="currentColor">',
        f'<line x1="{LEFT}" y1="{baseline}" x2="{WIDTH - RIGHT}" y2="{baseline}" stroke="currentColor" stroke-width="1"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{baseline}" stroke="currentColor" stroke-width="1"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end">{escape(number(top_value))}</text>',
        f'<text x="{LEFT - 4}" y="{baseline}" text-anchor="end">{escape(number(0))}</text>',
        f'<text x="{LEFT}" y="{HEIGHT - 8}" text-anchor="start">{escape(day(first))}</text>',
    ]
    if first != last:
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end">{escape(day(last))}</text>')
    parts += [
        f'<polyline points="{coordinates}" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/>',
        dots,
        "</g></svg>",
    ]
    # every value above is a number of ours or passed through escape()
    return Markup("".join(parts))  # noqa: S704
