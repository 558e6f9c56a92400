"""Tables drawn cell by cell on a PDF page: text wrapped on words (and inside a word too
long for its column), numbers right-aligned, the header row repeated at the top of every
page the table runs over.

fpdf2's own table does much more (images, spans, markdown) and costs about a millisecond
per cell; a funder report only needs wrapped text, at a fraction of that.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

PAD = 1.0  # mm around a cell's text
_PT = 0.3528  # mm per point
HEADING_FILL = (221, 228, 238)
TOTAL_FILL = (242, 242, 242)
RULE = 190


class Grid:
    def __init__(
        self, pdf: Any, family: str, size: float, widths: Sequence[float], right: Sequence[bool]
    ) -> None:
        self.pdf, self.family, self.size = pdf, family, size
        self.widths, self.right = list(widths), list(right)
        self.line = size * _PT * 1.25

    def draw(
        self,
        rows: Sequence[Sequence[str]],
        heading: Sequence[str] | None = None,
        totals: Sequence[str] | None = None,
    ) -> None:
        if heading is not None:
            self._row(heading, bold=True, fill=HEADING_FILL, heading=None)
        for cells in rows:
            self._row(cells, bold=False, fill=None, heading=heading)
        if totals is not None:
            self._row(totals, bold=True, fill=TOTAL_FILL, heading=heading)

    def _row(
        self,
        cells: Sequence[str],
        bold: bool,
        fill: tuple[int, int, int] | None,
        heading: Sequence[str] | None,
    ) -> None:
        pdf = self.pdf
        pdf.set_font(self.family, "B" if bold else "", self.size)
        lines = [
            wrap(pdf, text, width - 2 * PAD) for text, width in zip(cells, self.widths, strict=True)
        ]
        height = max(len(cell) for cell in lines) * self.line + 2 * PAD
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            if heading is not None:
                self._row(heading, bold=True, fill=HEADING_FILL, heading=None)
            pdf.set_font(self.family, "B" if bold else "", self.size)
        top, x = pdf.get_y(), pdf.l_margin
        if fill is not None:
            pdf.set_fill_color(*fill)
            pdf.rect(x, top, sum(self.widths), height, style="F")
        for cell, width, right in zip(lines, self.widths, self.right, strict=True):
            for number, text in enumerate(cell):
                left = x + width - PAD - text_width(pdf, text) if right else x + PAD
                pdf.text(left, top + PAD + number * self.line + self.size * _PT, text)
            x += width
        pdf.set_draw_color(RULE)
        pdf.line(pdf.l_margin, top + height, pdf.l_margin + sum(self.widths), top + height)
        pdf.set_draw_color(0)
        pdf.set_y(top + height)


def wrap(pdf: Any, text: str, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` (mm) in the current font."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if text_width(pdf, candidate) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while len(word) > 1 and text_width(pdf, word) > width:
                cut = _fitting(pdf, word, width)
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


def text_width(pdf: Any, text: str) -> float:
    """``text``'s width (mm) in the current font, from its glyph widths: what
    ``get_string_width`` gives without text shaping, without its per-call overhead."""
    widths = pdf.current_font.cw
    return sum(widths[ord(c)] for c in text) * pdf.font_size_pt * 0.001 / pdf.k


def _fitting(pdf: Any, word: str, width: float) -> int:
    """How many of ``word``'s first characters fit in ``width`` (at least one)."""
    cut = 1
    while cut < len(word) and text_width(pdf, word[: cut + 1]) <= width:
        cut += 1
    return cut
