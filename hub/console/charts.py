"""Bar charts as SVG, drawn on the server: readable without JavaScript, with a title and a
text label on every bar for screen readers and print."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from markupsafe import Markup

# dark enough on white for 3:1 non-text contrast (WCAG 1.4.11)
COLOURS = ("#1f4e79", "#b8470b", "#2e7d32", "#6a1b9a", "#795548")
LABEL_WIDTH, BAR_AREA, BAR_HEIGHT, GAP = 220, 360, 12, 10


@dataclass(frozen=True)
class Group:
    label: str
    values: Sequence[Decimal]


def grouped_bars(title: str, series: Sequence[str], groups: Sequence[Group], fmt) -> Markup:  # type: ignore[no-untyped-def]
    """Horizontal bars, one group per row label, one bar per series, with a legend."""
    largest = max((v for g in groups for v in g.values), default=Decimal(0)) or Decimal(1)
    group_height = len(series) * BAR_HEIGHT + GAP
    height = 30 + len(groups) * group_height
    width = LABEL_WIDTH + BAR_AREA + 120
    parts = [_legend(series)]
    for row, group in enumerate(groups):
        top = 30 + row * group_height
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{top + BAR_HEIGHT}" text-anchor="end">'
            f"{escape(group.label[:34])}</text>"
        )
        for index, value in enumerate(group.values):
            parts.append(_bar(top + index * BAR_HEIGHT, value, largest, index, fmt))
    identifier = "chart-" + hashlib.sha256(title.encode()).hexdigest()[:10]
    return Markup(
        f'<svg class="chart" role="img" aria-labelledby="{identifier}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="11">'
        f'<title id="{identifier}">{escape(title)}</title>{"".join(parts)}</svg>'
    )


def _bar(y: int, value: Decimal, largest: Decimal, index: int, fmt) -> str:  # type: ignore[no-untyped-def]
    length = int(BAR_AREA * value / largest) if value > 0 else 0
    colour = COLOURS[index % len(COLOURS)]
    return (
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT - 2}" '
        f'fill="{colour}"/><text x="{LABEL_WIDTH + length + 4}" y="{y + BAR_HEIGHT - 3}">'
        f"{escape(fmt(value))}</text>"
    )


def _legend(series: Sequence[str]) -> str:
    items = []
    for index, name in enumerate(series):
        x = LABEL_WIDTH + index * 110
        items.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{COLOURS[index % len(COLOURS)]}"/>'
            f'<text x="{x + 14}" y="15">{escape(name)}</text>'
        )
    return "".join(items)
