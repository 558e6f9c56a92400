"""JSON and CSV renderings of a report, the format table and reproducibility."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from decimal import Decimal

import pytest

from hub.reports.render import FORMATS, RenderError, file_name, render
from tests.unit.report_render_samples import DECLARED, partner_report


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_same_report_renders_to_the_same_bytes(fmt):
    first, second = render(partner_report(), fmt, "fr"), render(partner_report(), fmt, "fr")
    assert first == second
    later = replace(partner_report(), provenance=replace(partner_report().provenance, position=9))
    assert render(later, fmt, "fr") != first


def test_json_carries_money_as_decimal_strings_with_their_currency():
    document = json.loads(render(partner_report(), "json", "es"))
    table = document["tables"][0]
    declared = [row["declared"] for row in table["rows"]]
    assert declared[0] == {"amount": "12000.10", "currency": "EUR"}
    assert sum(Decimal(d["amount"]) for d in declared) == sum(DECLARED)
    assert Decimal(table["totals"]["declared"]["amount"]) == sum(DECLARED)
    assert table["rows"][0]["category"] == "Gastos de personal"
    assert table["columns"][2] == {
        "key": "budget", "label": "Presupuesto", "kind": "money", "total": True, "currency": "EUR"
    }  # fmt: skip


def test_json_states_its_provenance_and_the_command_that_rebuilds_it():
    document = json.loads(render(partner_report(position=77), "json", "en"))
    assert document["provenance"] == {
        "position": 77,
        "head_hash": "9f" * 32,
        "as_of": "2024-07-01T09:30:15.123456+00:00",
        "plan_version": 3,
        "command": "hub report poctefa-partner --project Travesía --partner 'Teatro Arriaga'"
        " --period 2 --as-of 77 --format json --lang en",
    }
    assert document["facts"][1] == {"label": "ERDF rate", "value": "0.65"}
    assert document["facts"][3] == {"label": "Fund", "value": "ERDF"}
    lines = document["tables"][1]["rows"]
    assert lines[0]["spent_on"] == "2024-01-02" and lines[0]["outcome"] == "validated"


def sections(data: bytes) -> list[list[list[str]]]:
    """The CSV's sections (split on blank lines), each a list of rows."""
    found: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
        if row:
            found[-1].append(row)
        else:
            found.append([])
    return found


def test_csv_is_utf8_with_a_bom_and_one_section_per_table():
    data = render(partner_report(lines=5), "csv", "fr")
    assert data.startswith(b"\xef\xbb\xbf")
    cover, categories, lines = sections(data)
    assert cover[0] == ["Rapport financier du partenaire"]
    assert ["Position dans le journal", "4242"] in cover
    assert categories[0] == ["Par catégorie de dépenses"]
    assert categories[1][2] == "Budget (EUR)"
    assert lines[0] == ["Lignes de dépenses"] and len(lines) == 2 + 5 + 1


def test_csv_values_stay_machine_readable_in_every_language():
    _, categories, lines = sections(render(partner_report(lines=3), "csv", "es"))
    staff, total = categories[2], categories[-2]
    assert staff[:3] == ["Gastos de personal", "0.00", "48000.00"]
    assert total[0] == "Total"
    assert Decimal(total[3]) == sum(Decimal(row[3]) for row in categories[2:-2]) == sum(DECLARED)
    assert lines[2][:2] == ["1", "2024-01-02"]
    assert categories[-1] == ["Los tipos fijos se aplican a los gastos de personal."]


def test_an_unknown_format_or_language_is_refused():
    with pytest.raises(RenderError, match="unknown format 'docx'"):
        render(partner_report(), "docx", "fr")
    with pytest.raises(RenderError, match="unknown language 'de'"):
        render(partner_report(), "csv", "de")


def test_file_names_name_project_kind_period_partner_and_position_in_ascii():
    name = file_name(partner_report(), "pdf", "es")
    assert name == "travesia-poctefa-partner-p2-teatro-arriaga-pos4242-es.pdf"
    assert name.isascii()
