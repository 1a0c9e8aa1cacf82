"""The trend chart: an SVG drawn at build time from numbers only (no script, no library).

The same numbers are always printed as a table beside it; the SVG carries a
title and description for screen readers.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from . import format

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 40, 16, 34


def _scale(low: Decimal, high: Decimal, value: Decimal) -> float:
    span = float(high - low) or 1.0
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(value - low) / span)


def trend_svg(years: list[int], totals: list[Decimal | None],
              indicators: dict[int, list[Decimal | None]], title: str, description: str) -> str:
    """A line for the total (thick) and one thin line per indicator, across ``years``.

    Nothing ("") for fewer than two years: a trend needs two points (the page shows the
    score itself instead).
    """
    if len(years) < 2:
        return ""
    values = [v for v in totals if v is not None]
    values += [v for series in indicators.values() for v in series if v is not None]
    low = min([Decimal(100), *values])
    low = Decimal(max(0, int(low // 10) * 10 - (10 if low % 10 < 2 else 0)))
    high = Decimal(100)
    step = (WIDTH - LEFT - RIGHT) / max(1, len(years) - 1)

    def x(i: int) -> float:
        return LEFT + (step * i if len(years) > 1 else (WIDTH - LEFT - RIGHT) / 2)

    def path(series: list[Decimal | None]) -> str:
        points = [f"{x(i):.1f},{_scale(low, high, v):.1f}" for i, v in enumerate(series) if v is not None]
        return " ".join(points)

    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="trend-title trend-desc" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="trend-title">{escape(title)}</title>',
             f'<desc id="trend-desc">{escape(description)}</desc>']
    tick = Decimal(10) if high - low > 20 else Decimal(5)
    value = low
    while value <= high:
        y = _scale(low, high, value)
        parts.append(f'<line class="oit-chart__grid" stroke="#d0d0d0" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                     f'y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="oit-chart__label" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
        value += tick
    for i, year in enumerate(years):
        parts.append(f'<text class="oit-chart__label" x="{x(i):.1f}" y="{HEIGHT - 10}" '
                     f'text-anchor="middle">{year}</text>')
    for number, series in sorted(indicators.items()):
        if any(v is not None for v in series):
            parts.append(f'<polyline class="oit-chart__indicator" fill="none" stroke="#9e9e9e" stroke-width="1" '
                         f'points="{path(series)}"><title>ตัวชี้วัดที่ {number}</title></polyline>')
    parts.append(f'<polyline class="oit-chart__total" fill="none" stroke="#303f9f" stroke-width="3" '
                 f'points="{path(totals)}"/>')
    for i, v in enumerate(totals):
        if v is not None:
            y = _scale(low, high, v)
            parts.append(f'<circle class="oit-chart__total" fill="#303f9f" cx="{x(i):.1f}" cy="{y:.1f}" r="4"/>')
            parts.append(f'<text class="oit-chart__label oit-chart__value" x="{x(i):.1f}" y="{y - 9:.1f}" '
                         f'text-anchor="middle">{format.score(v)}</text>')
    parts.append("</svg>")
    return "".join(parts)
