"""Interreg POCTEFA partner financial report: one row per cost category plus a total
(the columns of the programme's partner report), the same per fund, the per-period
table, the expenditure lines with their control outcome, deductions by error type, and the
documents of the vault attached to the lines and to the control."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from uuid import UUID

from domain.evidence import EntityKind
from domain.expenditure import Deduction, PartnerReport, ReportStatus
from domain.periods import ReportingPeriod
from domain.plan import PlanVersion
from domain.project import Programme, Project
from hub.reports.builders import labels
from hub.reports.builders.context import BuildContext
from hub.reports.builders.figures import (
    ZERO,
    add_into,
    budget_by_category,
    by_category,
    flat_rates_by_category,
    is_controlled,
    ordered,
    percent,
    share,
)
from hub.reports.errors import not_found
from hub.reports.model import Cell, Chart, Column, Kind, Report, Series, Table, Text

T = Text
M, P = Kind.MONEY, Kind.PERCENT

CATEGORY_COLUMNS = (
    Column("category", T("Cost category", "Catégorie de dépenses", "Categoría de gasto")),
    Column("flat_rate", T("Flat rate", "Taux forfaitaire", "Tipo fijo"), P),
    Column("budget", T("Budget", "Budget", "Presupuesto"), M, total=True),
    Column("previously_reported", T("Previously reported", "Précédemment déclaré",
                                    "Declarado anteriormente"), M, total=True),
    Column("declared", T("Declared this period", "Dépenses déclarées sur la période",
                         "Gastos declarados en el periodo"), M, total=True),
    Column("sampled", T("In the control sample", "Dans l'échantillon contrôlé",
                        "En la muestra de control"), M, total=True),
    Column("deducted", T("Deducted by the controller", "Corrections du contrôleur",
                         "Correcciones del controlador"), M, total=True),
    Column("parked", T("Parked", "Mis en attente", "Aplazado"), M, total=True),
    Column("eligible", T("Eligible after control", "Éligible après contrôle",
                         "Subvencionable tras el control"), M, total=True),
    Column("previously_validated", T("Previously validated", "Précédemment validé",
                                     "Validado anteriormente"), M, total=True),
    Column("validated_to_date", T("Validated to date", "Validé à ce jour",
                                  "Validado hasta la fecha"), M, total=True),
    Column("percent_of_budget", T("% of budget", "% du budget", "% del presupuesto"), P),
    Column("remaining", T("Remaining budget", "Budget restant", "Presupuesto restante"), M,
           total=True),
)  # fmt: skip


def build(context: BuildContext) -> Report:
    project = context.project(Programme.INTERREG_POCTEFA)
    reporting_period = context.reporting_period()
    assert reporting_period is not None
    partner_id = context.partner_id()
    reports = [r for r in context.folded.reports if r.partner_id == partner_id]
    report = next(
        (r for r in reports if r.reporting_period.number == reporting_period.number), None
    )
    name = context.folded.organisation_name(partner_id)
    if report is None:
        raise not_found(
            f"{name} has no report for period {reporting_period.number} of {project.acronym}"
            f" at position {context.log.position}"
        )
    version = _plan_version(context, report)
    categories = _categories(context, report, version, reports, partner_id)
    tables = (
        categories.table,
        _funds_table(context, project, partner_id, categories.totals),
        _periods_table(project, version, reports, partner_id),
        _lines_table(report),
        _deductions_table(report),
        _documents_table(context, report),
    )
    return Report(
        kind=context.kind,
        title=context.title,
        project=project.acronym,
        project_id=str(project.id),
        currency=project.currency,
        provenance=context.provenance(version.number if version else None),
        period=f"P{reporting_period.number}",
        partner=name,
        facts=_facts(context, project, report, reporting_period, version),
        tables=tables,
        charts=(categories.chart,),
    )


def _plan_version(context: BuildContext, report: PartnerReport) -> PlanVersion | None:
    plan = context.folded.plan
    if plan is None:
        return None
    return next((v for v in plan.versions if v.number == report.plan_version), None)


class _Categories:
    def __init__(self, table: Table, chart: Chart, totals: dict[str, Decimal]) -> None:
        self.table, self.chart, self.totals = table, chart, totals


def _categories(
    context: BuildContext,
    report: PartnerReport,
    version: PlanVersion | None,
    reports: list[PartnerReport],
    partner_id: UUID,
) -> _Categories:
    number = report.reporting_period.number
    budget = budget_by_category(version.content, partner_id) if version else {}
    previously_reported: dict[str, Decimal] = {}
    previously_validated: dict[str, Decimal] = {}
    for earlier in reports:
        if earlier.reporting_period.number >= number:
            continue
        if earlier.status != ReportStatus.DRAFT:
            add_into(previously_reported, by_category(earlier, eligible=False))
        if earlier.status == ReportStatus.CERTIFIED:
            add_into(previously_validated, by_category(earlier, eligible=True))
    declared = by_category(report, eligible=False)
    controlled = is_controlled(report)
    eligible = by_category(report, eligible=True) if controlled else {}
    sampled, deducted, parked = _control_by_category(report) if controlled else ({}, {}, {})
    for category, amount in eligible.items():  # flat rates follow their base
        if category not in sampled:
            deducted[category] = declared.get(category, ZERO) - amount
    rates = flat_rates_by_category(report)
    keys = ordered([*budget, *declared, *previously_reported, *previously_validated, *rates])
    rows, sums = [], defaultdict(lambda: ZERO)
    for category in keys:
        figures = {
            "budget": budget.get(category, ZERO),
            "previously_reported": previously_reported.get(category, ZERO),
            "declared": declared.get(category, ZERO),
            "sampled": sampled.get(category, ZERO) if controlled else None,
            "deducted": deducted.get(category, ZERO) if controlled else None,
            "parked": parked.get(category, ZERO) if controlled else None,
            "eligible": eligible.get(category, ZERO) if controlled else None,
            "previously_validated": previously_validated.get(category, ZERO),
        }
        this_period = (
            eligible.get(category, ZERO) if report.status == ReportStatus.CERTIFIED else ZERO
        )
        figures["validated_to_date"] = figures["previously_validated"] + this_period
        figures["remaining"] = figures["budget"] - figures["validated_to_date"]
        for key, value in figures.items():
            if value is not None:
                sums[key] += value
        rows.append(_category_row(labels.COST_CATEGORIES[category], rates.get(category), figures))
    totals_row = _category_row(labels.TOTAL, None, {k: (sums[k] if k in sums else None) for k in (
        "budget", "previously_reported", "declared", "sampled", "deducted", "parked", "eligible",
        "previously_validated", "validated_to_date", "remaining")})  # fmt: skip
    table = Table(
        "categories",
        T("Expenditure by cost category", "Dépenses par catégorie de dépenses",
          "Gastos por categoría de gasto"),
        CATEGORY_COLUMNS, tuple(rows), totals_row,
        note=None if controlled else T(
            "The report has not been controlled yet: control columns are empty.",
            "Le rapport n'a pas encore été contrôlé : les colonnes du contrôle sont vides.",
            "El informe aún no ha sido controlado: las columnas del control están vacías.",
        ),
    )  # fmt: skip
    chart = Chart(
        "budget_by_category",
        T("Budget, declared and validated by cost category",
          "Budget, dépenses déclarées et validées par catégorie",
          "Presupuesto, gastos declarados y validados por categoría"),
        tuple(labels.COST_CATEGORIES[c] for c in keys),
        (
            Series(T("Budget", "Budget", "Presupuesto"), tuple(r[2] for r in rows)),
            Series(T("Declared to date", "Déclaré à ce jour", "Declarado hasta la fecha"),
                   tuple(r[3] + r[4] for r in rows)),
            Series(T("Validated to date", "Validé à ce jour", "Validado hasta la fecha"),
                   tuple(r[10] for r in rows)),
        ),
    )  # fmt: skip
    return _Categories(table, chart, dict(sums))


def _category_row(
    label: Text, rate: Decimal | None, figures: dict[str, Decimal | None]
) -> tuple[Cell, ...]:
    budget, validated = figures["budget"], figures["validated_to_date"]
    share_of_budget = (
        percent(validated, budget) if budget is not None and validated is not None else None
    )
    return (
        label, rate, budget, figures["previously_reported"], figures["declared"],
        figures["sampled"], figures["deducted"], figures["parked"], figures["eligible"],
        figures["previously_validated"], validated, share_of_budget, figures["remaining"],
    )  # fmt: skip


def _control_by_category(
    report: PartnerReport,
) -> tuple[dict[str, Decimal], dict[str, Decimal], dict[str, Decimal]]:
    """Sampled (declared amount of sampled lines), deducted (on lines not parked) and
    parked amounts per direct cost category."""
    sampled: dict[str, Decimal] = defaultdict(lambda: ZERO)
    deducted: dict[str, Decimal] = defaultdict(lambda: ZERO)
    parked: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for number, line in report.lines.items():
        category, amount = line.category.value, line.declared_in_report_currency.amount
        sampled[category] += amount if number in report.sampled else ZERO
        if number in report.parked:
            parked[category] += amount
        else:
            deducted[category] += report.deducted(number).amount
    return dict(sampled), dict(deducted), dict(parked)


FUND_COLUMNS = (
    Column("fund", T("Funding source", "Source de financement", "Fuente de financiación")),
    Column("rate", T("Co-financing rate", "Taux de cofinancement", "Tasa de cofinanciación"), P),
    Column("budget", T("Budget", "Budget", "Presupuesto"), M, total=True),
    Column("declared", T("Declared this period", "Dépenses déclarées sur la période",
                         "Gastos declarados en el periodo"), M, total=True),
    Column("eligible", T("Eligible after control", "Éligible après contrôle",
                         "Subvencionable tras el control"), M, total=True),
    Column("validated_to_date", T("Validated to date", "Validé à ce jour",
                                  "Validado hasta la fecha"), M, total=True),
    Column("remaining", T("Remaining budget", "Budget restant", "Presupuesto restante"), M,
           total=True),
    Column("paid", T("Paid to date", "Payé à ce jour", "Pagado hasta la fecha"), M, total=True),
)  # fmt: skip
_FUND_FIGURES = ("budget", "declared", "eligible", "validated_to_date", "remaining")


def _funds_table(
    context: BuildContext, project: Project, partner_id: UUID, totals: dict[str, Decimal]
) -> Table:
    """Each fund's share of the category totals, and the partner's contribution (the rest)."""
    rows: list[tuple[Cell, ...]] = []
    left = {key: totals.get(key) for key in _FUND_FIGURES}
    for fund_share in project.funds:
        rate, fund = fund_share.cofinancing_rate, fund_share.fund
        figures = {
            key: None if totals.get(key) is None else share(totals[key], rate, project.currency)
            for key in _FUND_FIGURES
        }
        for key, value in figures.items():
            if value is not None and left[key] is not None:
                left[key] -= value
        paid = sum(
            (p.amount.amount for p in context.folded.payments
             if p.partner_id == partner_id and p.fund == fund and p.is_confirmed
             and p.amount.currency == project.currency),
            ZERO,
        )  # fmt: skip
        rows.append((labels.FUNDS[fund], rate, *figures.values(), paid))
    contribution_rate = Decimal(1) - sum((f.cofinancing_rate for f in project.funds), Decimal(0))
    rows.append((labels.PARTNER_CONTRIBUTION, contribution_rate, *left.values(), None))
    return Table(
        "funds",
        T("By funding source", "Par source de financement", "Por fuente de financiación"),
        FUND_COLUMNS,
        tuple(rows),
        (labels.TOTAL, None, *(totals.get(k) for k in _FUND_FIGURES),
         sum((r[-1] for r in rows if r[-1] is not None), ZERO)),
    )  # fmt: skip


PERIOD_COLUMNS = (
    Column("period", T("Period", "Période", "Periodo"), Kind.INTEGER),
    Column("start", T("From", "Du", "Desde"), Kind.DATE),
    Column("end", T("To", "Au", "Hasta"), Kind.DATE),
    Column("status", T("Report status", "État du rapport", "Estado del informe")),
    Column("planned", T("Planned", "Prévu", "Previsto"), M, total=True),
    Column("declared", T("Declared", "Déclaré", "Declarado"), M, total=True),
    Column("validated", T("Validated", "Validé", "Validado"), M, total=True),
)


def _periods_table(
    project: Project, version: PlanVersion | None, reports: list[PartnerReport], partner_id: UUID
) -> Table:
    by_number = {r.reporting_period.number: r for r in reports}
    rows: list[tuple[Cell, ...]] = []
    for reporting_period in project.reporting_periods:
        number = reporting_period.number
        planned = (
            version.content.budget_total(project.currency, partner_id, period_number=number).amount
            if version else ZERO
        )  # fmt: skip
        report = by_number.get(number)
        declared = report.declared_total().amount if report else ZERO
        validated = (
            report.eligible_total().amount
            if report and report.status == ReportStatus.CERTIFIED else ZERO
        )  # fmt: skip
        status = labels.REPORT_STATUSES[report.status] if report else None
        rows.append((number, reporting_period.period.start, reporting_period.period.end,
                     status, planned, declared, validated))  # fmt: skip
    return Table(
        "periods",
        T("By reporting period", "Par période de rapport", "Por periodo de informe"),
        PERIOD_COLUMNS,
        tuple(rows),
        (labels.TOTAL, None, None, None, *(sum((r[i] for r in rows), ZERO) for i in (4, 5, 6))),
    )


LINE_COLUMNS = (
    Column("number", T("Line", "Ligne", "Línea"), Kind.INTEGER),
    Column("category", T("Cost category", "Catégorie de dépenses", "Categoría de gasto")),
    Column("description", T("Description", "Description", "Descripción")),
    Column("supplier", T("Supplier", "Fournisseur", "Proveedor")),
    Column("invoice", T("Invoice number", "Numéro de facture", "Número de factura")),
    Column("invoice_date", T("Invoice date", "Date de facture", "Fecha de factura"), Kind.DATE),
    Column("payment_date", T("Payment date", "Date de paiement", "Fecha de pago"), Kind.DATE),
    Column("amount", T("Amount (original currency)", "Montant (devise d'origine)",
                       "Importe (moneda original)"), Kind.DECIMAL),
    Column("currency", T("Currency", "Devise", "Moneda")),
    Column("rate", T("Exchange rate", "Taux de change", "Tipo de cambio"), Kind.DECIMAL),
    Column("rate_date", T("Rate date", "Date du taux", "Fecha del tipo"), Kind.DATE),
    Column("vat", T("VAT", "TVA", "IVA"), Kind.DECIMAL),
    Column("vat_recoverable", T("VAT recoverable", "TVA récupérable", "IVA recuperable")),
    Column("declared", T("Declared", "Déclaré", "Declarado"), M, total=True),
    Column("sampled", T("Sampled", "Échantillonnée", "Muestreada")),
    Column("deducted", T("Deducted", "Corrigé", "Corregido"), M, total=True),
    Column("error_type", T("Error type", "Typologie d'erreur", "Tipología de error")),
    Column("parked", T("Parked (reason)", "Mise en attente (motif)", "Aplazada (motivo)")),
    Column("eligible", T("Eligible", "Éligible", "Subvencionable"), M, total=True),
    Column("evidence", T("Evidence reference", "Pièce justificative", "Justificante")),
)  # fmt: skip


def _lines_table(report: PartnerReport) -> Table:
    controlled = is_controlled(report)
    rows: list[tuple[Cell, ...]] = []
    for number in sorted(report.lines):
        line = report.lines[number]
        deductions = report.deductions.get(number, ())
        rate = line.exchange_rate
        rows.append((
            number, labels.COST_CATEGORIES[line.category], line.description, line.supplier,
            line.invoice_number, line.invoice_date, line.payment_date, line.declared.amount,
            line.declared.currency, rate.rate if rate else None, rate.rate_date if rate else None,
            line.vat.amount, labels.YES if line.vat_recoverable else labels.NO,
            line.declared_in_report_currency.amount,
            (labels.YES if number in report.sampled else labels.NO) if controlled else None,
            report.deducted(number).amount,
            _error_types(deductions),
            report.parked.get(number),
            report.eligible_amount(number).amount if controlled else None,
            line.evidence_ref,
        ))  # fmt: skip
    sums = [sum((r[i] for r in rows if r[i] is not None), ZERO) for i in (13, 15, 18)]
    totals: tuple[Cell, ...] = (
        labels.TOTAL, *([None] * 12), sums[0], None, sums[1], None, None,
        sums[2] if controlled else None, None,
    )  # fmt: skip
    return Table(
        "lines",
        T("Expenditure lines and control outcome", "Liste des dépenses et résultat du contrôle",
          "Lista de gastos y resultado del control"),
        LINE_COLUMNS, tuple(rows), totals,
    )  # fmt: skip


DOCUMENT_COLUMNS = (
    Column("evidence_for", T("Evidence for", "Justifie", "Justifica")),
    Column("file_name", T("File", "Fichier", "Archivo")),
    Column("sha256", T("SHA-256 of the bytes", "SHA-256 du contenu", "SHA-256 del contenido")),
    Column("size", T("Size (bytes)", "Taille (octets)", "Tamaño (bytes)"), Kind.INTEGER),
    Column("attached_on", T("Attached on", "Joint le", "Adjuntado el"), Kind.DATE),
)  # fmt: skip
CONTROL = T("First-level control", "Contrôle de premier niveau", "Control de primer nivel")


def _documents_table(context: BuildContext, report: PartnerReport) -> Table:
    """The vault's documents for each line (in line order), then for the control."""
    documents = context.folded.documents
    line = EntityKind.EXPENDITURE_LINE.value
    entities = [
        (T(f"Line {n}", f"Ligne {n}", f"Línea {n}"), (line, f"{report.id}:{n}"))
        for n in sorted(report.lines)
    ]
    entities.append((CONTROL, (EntityKind.CONTROL.value, str(report.id))))
    rows: list[tuple[Cell, ...]] = []
    for label, entity in entities:
        for document in documents.get(entity, ()):
            rows.append((label, document.file_name, document.sha256, document.size,
                         document.attached_at.date()))  # fmt: skip
    return Table(
        "documents",
        T("Supporting documents in the vault", "Pièces justificatives au coffre",
          "Justificantes en el archivo"),
        DOCUMENT_COLUMNS, tuple(rows),
        note=T("Each document is named by the SHA-256 of its bytes: the command "
               "“hub evidence verify” checks that the vault still holds them unchanged.",
               "Chaque pièce est nommée par le SHA-256 de son contenu : la commande "
               "« hub evidence verify » vérifie que le coffre les conserve intactes.",
               "Cada documento se identifica por el SHA-256 de su contenido: la orden "
               "«hub evidence verify» comprueba que el archivo los conserva intactos."),
    )  # fmt: skip


def _error_types(deductions: tuple[Deduction, ...]) -> Text | None:
    found = [labels.ERROR_TYPES[e] for e in dict.fromkeys(d.error_type for d in deductions)]
    if not found:
        return None
    return Text(*(", ".join(t(lang) for t in found) for lang in ("en", "fr", "es")))


def _deductions_table(report: PartnerReport) -> Table:
    """Deductions by error type (rows) and cost category (columns)."""
    cells: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for number, deductions in report.deductions.items():
        category = report.lines[number].category.value
        for deduction in deductions:
            cells[deduction.error_type.value][category] += deduction.amount.amount
    categories = ordered({c for row in cells.values() for c in row})
    error_types = [e for e in labels.ERROR_TYPES if e in cells]
    columns = (
        Column("error_type", T("Error type", "Typologie d'erreur", "Tipología de error")),
        *(Column(c, labels.COST_CATEGORIES[c], M, total=True) for c in categories),
        Column("total", labels.TOTAL, M, total=True),
    )
    rows = tuple(
        (labels.ERROR_TYPES[e], *(cells[e][c] for c in categories), sum(cells[e].values(), ZERO))
        for e in error_types
    )
    totals = (labels.TOTAL, *(sum((r[i] for r in rows), ZERO) for i in range(1, len(columns))))
    return Table(
        "deductions",
        T("Deductions by error type and cost category",
          "Corrections par typologie d'erreur et catégorie de dépenses",
          "Correcciones por tipología de error y categoría de gasto"),
        columns, rows, totals,
    )  # fmt: skip


def _facts(
    context: BuildContext,
    project: Project,
    report: PartnerReport,
    reporting_period: ReportingPeriod,
    version: PlanVersion | None,
) -> tuple[tuple[Text, Cell], ...]:
    membership = project.memberships.get(report.partner_id)
    return (
        (T("Project", "Projet", "Proyecto"), f"{project.acronym}: {project.title}"),
        (T("Programme", "Programme", "Programa"), "Interreg VI-A España-Francia-Andorra (POCTEFA)"),
        (T("Partner", "Partenaire", "Socio"), context.folded.organisation_name(report.partner_id)),
        (T("Role", "Rôle", "Función"), labels.ROLES[membership.role] if membership else None),
        (T("Reporting period", "Période de rapport", "Periodo de informe"),
         f"P{reporting_period.number}"),
        (T("From", "Du", "Desde"), reporting_period.period.start),
        (T("To", "Au", "Hasta"), reporting_period.period.end),
        (T("Report status", "État du rapport", "Estado del informe"),
         labels.REPORT_STATUSES[report.status]),
        (T("Plan version", "Version du plan", "Versión del plan"),
         version.number if version else None),
        (T("First-level controller", "Contrôleur de premier niveau",
           "Controlador de primer nivel"), report.controller),
        (T("Second reviewer", "Second contrôleur", "Segundo revisor"), report.second_reviewer),
        (T("Certified eligible total", "Total éligible certifié",
           "Total subvencionable certificado"),
         report.certified_total.amount if report.certified_total else None),
    )  # fmt: skip
