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
    """``text`` in lines no wider than ``width`` (mm) in the current font (leading spaces
    dropped). Widths are added up in font units, as ``text_width`` does, so each line is
    measured once."""
    if "\n" not in text and not text.startswith(" ") and text_width(pdf, text) <= width:
        return [text]  # most cells: what the word-by-word loop below would give
    lines: list[str] = []
    space = _units(pdf, " ")
    for paragraph in text.split("\n"):
        current, used = "", 0
        for word in paragraph.split(" "):
            size = _units(pdf, word)
            candidate, needed = (
                (f"{current} {word}", used + space + size) if current else (word, size)
            )
            if _mm(pdf, needed) <= width:
                current, used = candidate, needed
                continue
            if current:
                lines.append(current)
            while len(word) > 1 and _mm(pdf, size) > width:
                cut = _fitting(pdf, word, width)
                lines.append(word[:cut])
                word = word[cut:]
                size = _units(pdf, word)
            current, used = word, size
        lines.append(current)
    return lines


def text_width(pdf: Any, text: str) -> float:
    """``text``'s width (mm) in the current font, from its glyph widths: what
    ``get_string_width`` gives without text shaping, without its per-call overhead."""
    return _mm(pdf, _units(pdf, text))


def _units(pdf: Any, text: str) -> int:
    """``text``'s width in the current font's units (whole numbers: sums are exact)."""
    return sum(map(pdf.current_font.cw.__getitem__, map(ord, text)))


def _mm(pdf: Any, units: int) -> float:
    return units * pdf.font_size_pt * 0.001 / pdf.k


def _fitting(pdf: Any, word: str, width: float) -> int:
    """How many of ``word``'s first characters fit in ``width`` (at least one)."""
    cut, used = 1, _units(pdf, word[0])
    while cut < len(word):
        used += _units(pdf, word[cut])  # the width of word[: cut + 1]
        if _mm(pdf, used) > width:
            break
        cut += 1
    return cut
