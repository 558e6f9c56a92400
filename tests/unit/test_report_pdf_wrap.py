"""Cell text wrapping in PDF tables: the lines are the ones a plain word-by-word fit gives,
measured string by string (leading spaces dropped, a word too long for a line cut)."""

from __future__ import annotations

from typing import Any

from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st

from hub.reports.render.pdf_fonts import FAMILY, add_fonts
from hub.reports.render.pdf_table import text_width, wrap


def document() -> FPDF:
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    add_fonts(pdf)
    pdf.set_font(FAMILY, "", 7.5)
    return pdf


def fitted(pdf: Any, text: str, width: float) -> list[str]:
    """Each candidate line measured whole: what ``wrap`` must give."""
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
                cut = 1
                while cut < len(word) and text_width(pdf, word[: cut + 1]) <= width:
                    cut += 1
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    return lines


PDF = document()
TEXTS = st.text(alphabet=st.sampled_from("ab WMé—0 ,\n"), max_size=80)


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.floats(min_value=0.5, max_value=60))
def test_wrapped_lines_are_the_word_by_word_fit(text: str, width: float) -> None:
    assert wrap(PDF, text, width) == fitted(PDF, text, width)


def test_a_word_too_long_for_its_column_is_cut_and_leading_spaces_dropped() -> None:
    lines = wrap(PDF, "  Théâtre-de-la-Cité-internationale Paris", 20)
    assert all(text_width(PDF, line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == "Théâtre-de-la-Cité-internationaleParis"
    assert lines[0].startswith("Th")
