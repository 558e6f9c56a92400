"""A grouped bar chart drawn on a PDF page: one group per category, one bar per series,
a value axis with round steps, and a legend."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from hub.reports.model import Chart
from hub.reports.render.numbers import grouped

PALETTE = ((46, 94, 152), (230, 146, 40), (88, 160, 90), (180, 70, 80), (120, 100, 170))
_AXIS_WIDTH = 28.0
_HEIGHT = 120.0


def round_step(largest: float, steps: int = 5) -> float:
    """The smallest of 1, 2, 5 × 10ⁿ that covers ``largest`` in ``steps`` steps."""
    if largest <= 0:
        return 1.0
    raw = largest / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if raw <= m * magnitude)


def draw_chart(pdf: Any, chart: Chart, lang: str, family: str) -> None:
    pdf.set_font(family, "B", 11)
    pdf.cell(0, 6, chart.title(lang), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    values = [float(v) for s in chart.series for v in s.values]
    step = round_step(max(values, default=0.0))
    top = step * max(1, math.ceil(max(values, default=0.0) / step))
    left, base = pdf.l_margin + _AXIS_WIDTH, pdf.get_y() + _HEIGHT
    width = pdf.epw - _AXIS_WIDTH
    _axis(pdf, family, left, base, width, step, top, lang)
    _bars(pdf, family, chart, lang, left, base, width, top)
    _legend(pdf, family, chart, lang, base + 16)


def _axis(
    pdf: Any, family: str, left: float, base: float, width: float, step: float, top: float,
    lang: str,
) -> None:  # fmt: skip
    pdf.set_font(family, "", 7)
    pdf.set_draw_color(200)
    ticks = round(top / step)
    for tick in range(ticks + 1):
        y = base - _HEIGHT * tick / ticks
        pdf.line(left, y, left + width, y)
        pdf.set_xy(pdf.l_margin, y - 2)
        label = grouped(Decimal(str(step * tick)).normalize(), 0, lang)
        pdf.cell(_AXIS_WIDTH - 2, 4, label, align="R")
    pdf.set_draw_color(0)
    pdf.line(left, base, left + width, base)


def _bars(
    pdf: Any, family: str, chart: Chart, lang: str, left: float, base: float, width: float,
    top: float,
) -> None:  # fmt: skip
    groups = max(1, len(chart.categories))
    group = width / groups
    bar = group * 0.8 / max(1, len(chart.series))
    pdf.set_font(family, "", 6.5)
    for index, category in enumerate(chart.categories):
        x = left + group * index + group * 0.1
        for number, series in enumerate(chart.series):
            value = max(0.0, float(series.values[index]))
            height = _HEIGHT * value / top
            pdf.set_fill_color(*PALETTE[number % len(PALETTE)])
            pdf.rect(x + bar * number, base - height, bar, height, style="F")
        pdf.set_xy(left + group * index, base + 1)
        pdf.multi_cell(group, 3, category(lang), align="C", max_line_height=3)


def _legend(pdf: Any, family: str, chart: Chart, lang: str, y: float) -> None:
    pdf.set_font(family, "", 8)
    x = pdf.l_margin + _AXIS_WIDTH
    for number, series in enumerate(chart.series):
        pdf.set_fill_color(*PALETTE[number % len(PALETTE)])
        pdf.rect(x, y + 1, 4, 3, style="F")
        pdf.set_xy(x + 5, y)
        text = series.label(lang)
        pdf.cell(pdf.get_string_width(text) + 2, 5, text)
        x += pdf.get_string_width(text) + 14
