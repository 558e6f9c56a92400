"""The PDF rendering opens with a PDF parser: a cover page, each table from a new page with
its header repeated, the chart, page numbers, labels in the chosen language; the fonts
shared by every document in the process embed the same bytes whatever the path taken."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime

import pypdf
from fontTools.ttLib import TTFont

from hub.reports.render import pdf, render
from hub.reports.render.pdf_fonts import COMMON
from tests.unit.report_render_samples import partner_report


def pages(lines: int, lang: str) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(render(partner_report(lines=lines), "pdf", lang)))
    return [page.extract_text() for page in reader.pages]


def test_a_short_report_has_a_cover_a_page_per_table_and_a_chart_page():
    found = pages(lines=5, lang="es")
    assert len(found) == 4
    assert "Informe financiero del socio" in found[0] and "Posición en el registro" in found[0]
    assert "Por categoría de gasto" in found[1] and "48.000,00" in found[1]
    assert "Líneas de gasto" in found[2] and "Señor Núñez" in found[2]
    assert "Presupuesto y gasto" in found[3] and "Declarado" in found[3]
    for number, text in enumerate(found, start=1):
        assert f"Página {number} / 4" in text


def test_a_long_table_runs_over_pages_with_its_header_repeated():
    found = pages(lines=150, lang="fr")
    line_pages = [text for text in found if "Théâtre n°" in text]
    assert len(line_pages) >= 3 and len(found) == 3 + len(line_pages)
    for text in line_pages:
        assert "Ligne Date Fournisseur Montant (EUR) Résultat du contrôle" in text
    assert "Théâtre n°150" in line_pages[-1] and "Théâtre n°1 " in line_pages[0]
    assert f"Page {len(found)} / {len(found)}" in found[-1]


def test_the_pdf_is_dated_from_the_report_and_states_how_to_rebuild_it():
    reader = pypdf.PdfReader(io.BytesIO(render(partner_report(), "pdf", "en")))
    assert reader.metadata.creation_date == datetime(2024, 7, 1, 9, 30, 15, tzinfo=UTC)
    assert reader.metadata.title == "Partner financial report"
    cover = reader.pages[0].extract_text()
    assert "--as-of 4242 --format pdf --lang en" in cover.replace("\n", " ")


def test_fonts_subset_from_the_common_glyphs_embed_the_same_bytes(monkeypatch):
    common = render(partner_report(lines=30), "pdf", "fr")
    monkeypatch.setattr(pdf, "prefer_common_glyphs", lambda document: None)  # the whole file
    assert render(partner_report(lines=30), "pdf", "fr") == common


def embedded_characters(document: bytes) -> set[int]:
    """The characters the fonts embedded in ``document`` can draw."""
    reader = pypdf.PdfReader(io.BytesIO(document))
    found: set[int] = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        data = descriptor.get_object()["/FontFile2"].get_object().get_data()
        found |= set(TTFont(io.BytesIO(data)).getBestCmap())
    return found


def test_characters_beyond_the_common_ones_are_embedded_from_the_whole_font():
    name = "Ωμέγα Київ"
    assert not {ord(c) for c in name} <= COMMON
    document = render(replace(partner_report(), partner=name), "pdf", "en")
    assert name in pypdf.PdfReader(io.BytesIO(document)).pages[0].extract_text()
    assert {ord(c) for c in name} <= embedded_characters(document)


def test_documents_rendered_at_once_in_threads_are_the_same_bytes():
    alone = render(partner_report(lines=60), "pdf", "es")
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda _: render(partner_report(lines=60), "pdf", "es"), range(8)))
    assert together == [alone] * 8
