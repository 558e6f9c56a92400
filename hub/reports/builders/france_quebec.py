"""France–Québec fund report: the mobilities (who travelled, where, when, how far, with
their carbon estimate) and the travel expenditure in EUR and CAD with the exchange rate
frozen on each line."""

from __future__ import annotations

from decimal import Decimal

from domain.costs import CostCategory
from domain.periods import Period
from domain.project import Programme
from hub.reports.builders import labels, tables
from hub.reports.builders.context import BuildContext
from hub.reports.model import Column, Kind, Report, Table, Text

T = Text
MOBILITY_COLUMNS = (
    tables.CODE,
    tables.TITLE,
    Column("kind", T("Kind", "Type", "Tipo")),
    Column("held_on", T("Date", "Date", "Fecha"), Kind.DATE),
    Column("city", T("City", "Ville", "Ciudad")),
    Column("country", T("Country", "Pays", "País")),
    Column("partners", T("Partners", "Partenaires", "Socios")),
    Column("travellers", T("Travellers", "Voyageurs", "Viajeros"), Kind.INTEGER, total=True),
    Column("km", T("Distance (km)", "Distance (km)", "Distancia (km)"), Kind.DECIMAL, total=True),
    Column("kg_co2e", T("kg CO2e", "kg CO2e", "kg CO2e"), Kind.DECIMAL, total=True),
)  # fmt: skip
EXPENDITURE_COLUMNS = (
    Column("partner", T("Partner", "Partenaire", "Socio")),
    Column("period", T("Period", "Période", "Periodo"), Kind.INTEGER),
    Column("line", T("Line", "Ligne", "Línea"), Kind.INTEGER),
    Column("description", T("Description", "Description", "Descripción")),
    Column("invoice_date", T("Invoice date", "Date de facture", "Fecha de factura"), Kind.DATE),
    Column("eur", T("Amount (EUR)", "Montant (EUR)", "Importe (EUR)"), Kind.MONEY, total=True),
    Column("cad", T("Amount (CAD)", "Montant (CAD)", "Importe (CAD)"), Kind.MONEY,
           currency="CAD", total=True),
    Column("rate", T("EUR/CAD rate", "Taux EUR/CAD", "Tipo EUR/CAD"), Kind.DECIMAL),
    Column("rate_date", T("Rate date", "Date du taux", "Fecha del tipo"), Kind.DATE),
    Column("rate_source", T("Rate source", "Source du taux", "Fuente del tipo")),
    Column("status", T("Report status", "État du rapport", "Estado del informe")),
)  # fmt: skip


def build(context: BuildContext) -> Report:
    project = context.project(Programme.FRANCE_QUEBEC_FUND)
    reporting_period = context.reporting_period()
    period = reporting_period.period if reporting_period else None
    version = tables.plan_for(context, period)
    return Report(
        kind=context.kind,
        title=context.title,
        project=project.acronym,
        project_id=str(project.id),
        currency=project.currency,
        provenance=context.provenance(version.number if version else None),
        period=f"P{context.period}" if context.period is not None else None,
        facts=tables.project_facts(project, version, period, context.period),
        tables=(_mobilities(context, period), _travel_expenditure(context)),
    )


def _mobilities(context: BuildContext, period: Period | None) -> Table:
    rows = []
    travelled = [
        a
        for a in context.folded.activities
        if a.travel_legs and not a.cancelled and tables.within(period, a.held_on)
    ]
    for a in sorted(travelled, key=lambda a: (a.held_on, a.code)):
        rows.append((
            a.code, a.title, labels.ACTIVITY_KINDS[a.kind], a.held_on, a.place.city,
            a.place.country, ", ".join(context.folded.organisation_name(p) for p in a.partners),
            max(leg.travellers for leg in a.travel_legs),
            sum((leg.distance_km for leg in a.travel_legs), Decimal(0)),
            a.carbon_estimate_kg(),
        ))  # fmt: skip
    return Table(
        "mobilities", T("Mobilities", "Mobilités", "Movilidades"), MOBILITY_COLUMNS,
        tuple(rows), tables.sums(rows, MOBILITY_COLUMNS),
        note=T("Travellers: the largest group on one leg.",
               "Voyageurs : le groupe le plus nombreux sur un trajet.",
               "Viajeros: el grupo más numeroso en un trayecto."),
    )  # fmt: skip


def _travel_expenditure(context: BuildContext) -> Table:
    rows = []
    number = context.period
    for report in context.folded.reports:
        if number not in (None, report.reporting_period.number):
            continue
        name = context.folded.organisation_name(report.partner_id)
        for line_number in sorted(report.lines):
            line = report.lines[line_number]
            if line.category != CostCategory.TRAVEL_AND_ACCOMMODATION:
                continue
            rate = line.exchange_rate
            rows.append((
                name, report.reporting_period.number, line_number, line.description,
                line.invoice_date, line.declared_in_report_currency.amount,
                line.declared.amount if line.declared.currency == "CAD" else None,
                rate.rate if rate else None, rate.rate_date if rate else None,
                rate.source if rate else None, labels.REPORT_STATUSES[report.status],
            ))  # fmt: skip
    rows.sort(key=lambda r: (r[1], str(r[0]), r[2]))
    totals = tables.sums(rows, EXPENDITURE_COLUMNS)
    return Table(
        "travel_expenditure",
        T("Travel expenditure in EUR and CAD", "Frais de déplacement en EUR et CAD",
          "Gastos de viaje en EUR y CAD"),
        EXPENDITURE_COLUMNS, tuple(rows),
        totals,
    )  # fmt: skip
