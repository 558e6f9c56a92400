"""A report as a PDF (fpdf2): A4 landscape, a cover page with the facts and the
provenance, then each table from a new page (its header repeated on every page it runs
over), then each chart as a bar chart on a page of its own; "Page x / y" at the foot.

The font (DejaVu Sans Condensed, in ``fonts/``) is embedded, so accents print anywhere.
The bytes depend only on the report: the creation date is the report's date and the
document id is derived from the content.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

from hub.reports.model import Kind, Report, Table
from hub.reports.render import labels
from hub.reports.render.cells import command_line, cover, header, in_language, total_label, utc
from hub.reports.render.numbers import shown
from hub.reports.render.pdf_chart import draw_chart
from hub.reports.render.pdf_fonts import FAMILY, add_fonts, prefer_common_glyphs
from hub.reports.render.pdf_table import Grid

_NUMERIC = (Kind.MONEY, Kind.PERCENT, Kind.INTEGER, Kind.DECIMAL)


class _Document(FPDF):
    def __init__(self, report: Report, lang: str) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.report, self.lang = report, lang
        add_fonts(self)
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(True, margin=14)
        self.set_creation_date(utc(report.provenance.as_of))
        self.set_title(report.title(lang))
        self.set_subject(f"{report.project} — {report.kind}")
        self.set_author(labels.AUTHOR)
        self.set_creator(labels.AUTHOR)
        self.set_keywords(command_line(report, "pdf", lang))
        self.set_lang(lang)

    def header(self) -> None:
        self.set_font(FAMILY, "", 7)
        self.set_text_color(110)
        position = self.report.provenance.position
        line = f"{self.report.title(self.lang)} — {self.report.project} — #{position}"
        self.cell(0, 4, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FAMILY, "", 7)
        self.set_text_color(110)
        text = labels.PAGE(self.lang).format(page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(0, 5, text, align=Align.C)
        self.set_text_color(0)


def render_pdf(report: Report, lang: str) -> bytes:
    report = in_language(report, lang)
    pdf = _Document(report, lang)
    _cover_page(pdf, report, lang)
    for table in report.tables:
        _table_pages(pdf, table, report, lang)
    for chart in report.charts:
        pdf.add_page()
        draw_chart(pdf, chart, lang, FAMILY)
    prefer_common_glyphs(pdf)
    return bytes(pdf.output())


def _cover_page(pdf: _Document, report: Report, lang: str) -> None:
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(0, 8, report.title(lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    rows = [(label, shown(value, Kind.TEXT, lang)) for label, value in cover(report, "pdf", lang)]
    width = pdf.epw
    Grid(pdf, FAMILY, 9, (width * 0.3, width * 0.7), (False, False)).draw(rows)


def _table_pages(pdf: _Document, table: Table, report: Report, lang: str) -> None:
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(0, 6, table.title(lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    if not table.rows and table.totals is None:
        pdf.set_font(FAMILY, "", 9)
        pdf.cell(0, 5, labels.EMPTY_TABLE(lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        _grid(pdf, table, report, lang)
    if table.note is not None:
        pdf.ln(2)
        pdf.set_font(FAMILY, "", 8)
        pdf.multi_cell(0, 4, table.note(lang), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _grid(pdf: _Document, table: Table, report: Report, lang: str) -> None:
    kinds = [column.kind for column in table.columns]
    heading = [header(column, report, lang) for column in table.columns]
    rows = [[shown(v, k, lang) for v, k in zip(cells, kinds, strict=True)] for cells in table.rows]
    weights = _widths(table, heading, rows)
    widths = [pdf.epw * weight / sum(weights) for weight in weights]
    grid = Grid(pdf, FAMILY, _font_size(table), widths, [kind in _NUMERIC for kind in kinds])
    totals = None
    if table.totals is not None:
        cells = (total_label(table.columns, table.totals, lang), *table.totals[1:])
        totals = [shown(v, k, lang) for v, k in zip(cells, kinds, strict=True)]
    grid.draw(rows, heading=heading, totals=totals)


def _font_size(table: Table) -> float:
    count = len(table.columns)
    return 6.5 if count > 11 else 7.5 if count > 7 else 9


def _widths(table: Table, heading: list[str], rows: list[list[str]]) -> list[float]:
    """Relative widths: each column's longest header word or value, text columns wider."""
    widths = []
    for index, column in enumerate(table.columns):
        words = max((len(w) for w in heading[index].split()), default=1)
        values = max((len(row[index]) for row in rows), default=1)
        cap = 40 if column.kind is Kind.TEXT else 16
        widths.append(float(max(words, min(values, cap), 4)))
    return widths
