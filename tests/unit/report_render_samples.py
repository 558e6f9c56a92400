"""Reports built by hand for the renderer tests: a POCTEFA-like partner report with money
columns and totals, a long list of expenditure lines, a chart, and labels with accents."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hub.reports.model import Chart, Column, Kind, Provenance, Report, Series, Table, Text

CATEGORIES = (
    (Text("Staff costs", "Frais de personnel", "Gastos de personal"), "0.00", "48000.00"),
    (
        Text(
            "Office and administration",
            "Frais de bureau et administratifs",
            "Gastos de oficina y administrativos",
        ),
        "0.15",
        "7200.00",
    ),
    (
        Text(
            "Travel and accommodation",
            "Frais de déplacement et d'hébergement",
            "Gastos de viaje y alojamiento",
        ),
        "0.00",
        "12500.50",
    ),
    (Text("External expertise", "Expertise externe", "Expertos externos"), "0.00", "30999.99"),
)
DECLARED = (Decimal("12000.10"), Decimal("1800.02"), Decimal("4321.99"), Decimal("0"))
DEDUCTED = (Decimal("250.00"), Decimal("0"), Decimal("120.50"), Decimal("0"))

MONEY_COLUMNS = ("budget", "declared", "deducted", "eligible", "remaining")


def category_table() -> Table:
    columns = (
        Column("category", Text("Cost category", "Catégorie de dépenses", "Categoría de gasto")),
        Column("flat_rate", Text("Flat rate", "Taux forfaitaire", "Tipo fijo"), Kind.PERCENT),
        Column("budget", Text("Budget", "Budget", "Presupuesto"), Kind.MONEY, total=True),
        Column("declared", Text("Declared", "Déclaré", "Declarado"), Kind.MONEY, total=True),
        Column("deducted", Text("Deducted", "Déduit", "Deducido"), Kind.MONEY, total=True),
        Column(
            "eligible",
            Text(
                "Eligible after control", "Éligible après contrôle", "Subvencionable tras control"
            ),
            Kind.MONEY,
            total=True,
        ),
        Column("share", Text("% of budget", "% du budget", "% del presupuesto"), Kind.PERCENT),
        Column("remaining", Text("Remaining", "Reste", "Restante"), Kind.MONEY, total=True),
    )
    rows = []
    for (label, rate, budget), declared, deducted in zip(
        CATEGORIES, DECLARED, DEDUCTED, strict=True
    ):
        eligible = declared - deducted
        share = (eligible / Decimal(budget)).quantize(Decimal("0.0001"))
        rows.append((label, Decimal(rate), Decimal(budget), declared, deducted, eligible, share,
                     Decimal(budget) - eligible))  # fmt: skip
    sums = [sum((row[i] for row in rows), Decimal(0)) for i in (2, 3, 4, 5)]
    share = (sums[3] / sums[0]).quantize(Decimal("0.0001"))
    totals = (None, None, *sums, share, sums[0] - sums[3])
    note = Text(
        "Flat rates apply to staff costs.",
        "Les taux forfaitaires s'appliquent aux frais de personnel.",
        "Los tipos fijos se aplican a los gastos de personal.",
    )
    title = Text("By cost category", "Par catégorie de dépenses", "Por categoría de gasto")
    return Table("categories", title, columns, tuple(rows), totals, note)


def lines_table(count: int) -> Table:
    columns = (
        Column("number", Text("Line", "Ligne", "Línea"), Kind.INTEGER),
        Column("spent_on", Text("Date", "Date", "Fecha"), Kind.DATE),
        Column("supplier", Text("Supplier", "Fournisseur", "Proveedor")),
        Column("amount", Text("Amount", "Montant", "Importe"), Kind.MONEY, total=True),
        Column("outcome", Text("Control outcome", "Résultat du contrôle", "Resultado del control")),
    )
    outcome = Text("validated", "validée", "validada")
    rows = tuple(
        (n, date(2024, 1, 1) + timedelta(days=n), f"Théâtre n°{n} — Señor Núñez",
         Decimal(n * 101) / 100, outcome)
        for n in range(1, count + 1)
    )  # fmt: skip
    title = Text("Expenditure lines", "Lignes de dépenses", "Líneas de gasto")
    return Table("lines", title, columns, rows, (None, None, None, sum(r[3] for r in rows), None))


def budget_chart() -> Chart:
    return Chart(
        "budget",
        Text("Budget and expenditure", "Budget et dépenses", "Presupuesto y gasto"),
        tuple(label for label, _, _ in CATEGORIES),
        (
            Series(
                Text("Budget", "Budget", "Presupuesto"), tuple(Decimal(b) for _, _, b in CATEGORIES)
            ),
            Series(Text("Declared", "Déclaré", "Declarado"), DECLARED),
        ),
    )


def partner_report(lines: int = 12, position: int = 4242) -> Report:
    command = (
        "hub report poctefa-partner --project Travesía --partner 'Teatro Arriaga' --period 2 "
        f"--as-of {position}"
    )
    return Report(
        kind="poctefa-partner",
        title=Text(
            "Partner financial report",
            "Rapport financier du partenaire",
            "Informe financiero del socio",
        ),
        project="Travesía",
        project_id="6f1c1d9e-8d7a-5c55-9a55-0f1d7b7b2a11",
        currency="EUR",
        provenance=Provenance(
            position=position,
            head_hash="9f" * 32,
            as_of=datetime(2024, 7, 1, 9, 30, 15, 123456, tzinfo=UTC),
            plan_version=3,
            command=command,
        ),
        period="P2",
        partner="Teatro Arriaga",
        facts=(
            (Text("Programme", "Programme", "Programa"), "Interreg POCTEFA 2021-2027"),
            (Text("ERDF rate", "Taux FEDER", "Tasa FEDER"), Decimal("0.65")),
            (Text("Period end", "Fin de période", "Fin del periodo"), date(2024, 6, 30)),
            (Text("Fund", "Fonds", "Fondo"), Text("ERDF", "FEDER", "FEDER")),
        ),
        tables=(category_table(), lines_table(lines)),
        charts=(budget_chart(),),
    )
