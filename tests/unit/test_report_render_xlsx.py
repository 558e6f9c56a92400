"""The XLSX rendering opens as a real spreadsheet: typed cells, SUM formulas with cached
totals, frozen headers, and fixed dates so the bytes are reproducible."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl

from hub.reports.render import render
from tests.unit.report_render_samples import DECLARED, partner_report


def workbook(data_only: bool = False, lang: str = "fr") -> openpyxl.Workbook:
    data = render(partner_report(lines=6), "xlsx", lang)
    return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)


def test_one_sheet_for_the_cover_each_table_and_each_chart():
    assert workbook(lang="es").sheetnames == [
        "Informe", "Por categoría de gasto", "Líneas de gasto", "Presupuesto y gasto"
    ]  # fmt: skip


def test_cells_are_typed_with_number_formats():
    sheet = workbook()["Par catégorie de dépenses"]
    assert sheet["A1"].value == "Catégorie de dépenses" and sheet["C1"].value == "Budget (EUR)"
    assert sheet["A2"].value == "Frais de personnel"
    assert sheet["D2"].value == float(DECLARED[0]) and sheet["D2"].number_format == "#,##0.00"
    assert sheet["B3"].value == 0.15 and sheet["B3"].number_format == "0.00%"
    lines = workbook()["Lignes de dépenses"]
    assert lines["A2"].value == 1 and lines["B2"].value == datetime(2024, 1, 2)
    assert lines["B2"].number_format == "yyyy-mm-dd"


def test_total_rows_are_sum_formulas_with_the_total_cached():
    sheet = workbook()["Par catégorie de dépenses"]
    assert sheet["A6"].value == "Total"
    assert sheet["D6"].value == "=SUM(D2:D5)"
    cached = workbook(data_only=True)["Par catégorie de dépenses"]
    assert Decimal(str(cached["D6"].value)) == sum(DECLARED)
    assert cached["G6"].value == 0.1799  # not a summed column: the builder's figure


def test_header_rows_are_frozen():
    book = workbook()
    assert book["Par catégorie de dépenses"].freeze_panes == "A2"
    assert book["Lignes de dépenses"].freeze_panes == "A2"


def test_the_cover_sheet_holds_the_provenance():
    cover = {row[0]: row[1] for row in workbook()["Rapport"].iter_rows(values_only=True)}
    assert cover["Position dans le journal"] == 4242
    assert cover["Empreinte de la chaîne à cette position"] == "9f" * 32
    assert cover["Commande qui le reconstruit"].endswith("--as-of 4242 --format xlsx --lang fr")


def test_document_dates_come_from_the_report_not_the_clock():
    data = render(partner_report(), "xlsx", "en")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.properties.created == datetime(2024, 7, 1, 9, 30, 15)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
