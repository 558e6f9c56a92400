"""Tables several report kinds share: partners' figures, work packages, deliverables,
indicators, activities with their participants."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.activities import Activity
from domain.deliverables import Deliverable, DeliverableStatus
from domain.expenditure import PartnerReport, ReportStatus
from domain.participants import GENDERS
from domain.periods import Period
from domain.plan import PlanVersion
from domain.project import Project
from hub.reports.builders import labels
from hub.reports.builders.context import BuildContext
from hub.reports.builders.figures import ZERO, percent
from hub.reports.model import Cell, Column, Kind, Table, Text

T = Text
M, P, D, N = Kind.MONEY, Kind.PERCENT, Kind.DECIMAL, Kind.INTEGER
GENDER_ORDER = ("women", "men", "non_binary", "undisclosed")
assert set(GENDER_ORDER) == GENDERS
GENDER_COLUMNS = (
    Column("women", T("Women", "Femmes", "Mujeres"), N, total=True),
    Column("men", T("Men", "Hommes", "Hombres"), N, total=True),
    Column("non_binary", T("Non-binary", "Non binaires", "No binarias"), N, total=True),
    Column("undisclosed", T("Undisclosed", "Non renseigné", "No declarado"), N, total=True),
)
CODE = Column("code", T("Code", "Code", "Código"))
TITLE = Column("title", T("Title", "Intitulé", "Título"))


def sums(rows: Iterable[tuple[Cell, ...]], columns: tuple[Column, ...]) -> tuple[Cell, ...]:
    """The totals row: the sum of every column marked ``total``, a label in the first."""
    rows = list(rows)
    cells: list[Cell] = []
    for index, column in enumerate(columns):
        if index == 0:
            cells.append(labels.TOTAL)
        elif column.total:
            start = {N: 0, Kind.MONEY: ZERO}.get(column.kind, Decimal(0))
            values = (r[index] for r in rows if r[index] is not None)
            cells.append(sum(values, start))  # type: ignore[arg-type]
        else:
            cells.append(None)
    return tuple(cells)


def within(period: Period | None, day: date) -> bool:
    return period is None or period.contains(day)


# Partners -------------------------------------------------------------------------------

PARTNER_COLUMNS = (
    Column("partner", T("Partner", "Partenaire", "Socio")),
    Column("role", T("Role", "Rôle", "Función")),
    Column("joined", T("Joined", "Entrée", "Incorporación"), Kind.DATE),
    Column("left", T("Left", "Sortie", "Salida"), Kind.DATE),
    Column("budget", T("Budget", "Budget", "Presupuesto"), M, total=True),
    Column("declared", T("Declared", "Dépenses déclarées", "Gastos declarados"), M, total=True),
    Column("validated", T("Validated", "Validé", "Validado"), M, total=True),
    Column("percent", T("% of budget validated", "% du budget validé",
                        "% del presupuesto validado"), P),
    Column("paid", T("Paid", "Payé", "Pagado"), M, total=True),
)  # fmt: skip


def partners_table(
    context: BuildContext, project: Project, version: PlanVersion | None, number: int | None
) -> Table:
    """Budget (plan in force), declared (reports handed in), validated (certified) and
    paid (confirmed payments) per partner; for one reporting period when ``number``."""
    declared: dict[UUID, Decimal] = defaultdict(lambda: ZERO)
    validated: dict[UUID, Decimal] = defaultdict(lambda: ZERO)
    for report in _reports(context.folded.reports, number):
        if report.status != ReportStatus.DRAFT:
            declared[report.partner_id] += report.declared_total().amount
        if report.status == ReportStatus.CERTIFIED:
            validated[report.partner_id] += report.eligible_total().amount
    paid: dict[UUID, Decimal] = defaultdict(lambda: ZERO)
    for payment in context.folded.payments:
        if payment.is_confirmed and payment.amount.currency == project.currency:
            paid[payment.partner_id] += payment.amount.amount
    rows = []
    for partner_id, membership in project.memberships.items():
        budget = (
            version.content.budget_total(project.currency, partner_id, period_number=number).amount
            if version else ZERO
        )  # fmt: skip
        rows.append((
            context.folded.organisation_name(partner_id), labels.ROLES[membership.role],
            membership.joined_on, membership.left_on, budget, declared[partner_id],
            validated[partner_id], percent(validated[partner_id], budget),
            paid[partner_id] if number is None else None,
        ))  # fmt: skip
    totals = list(sums(rows, PARTNER_COLUMNS))
    totals[7] = percent(totals[6], totals[4])  # type: ignore[arg-type]
    return Table(
        "partners", T("Partners", "Partenaires", "Socios"), PARTNER_COLUMNS, tuple(rows),
        tuple(totals),
        note=None if number is None else T(
            "Payments are not attributed to periods: see the whole-project report.",
            "Les paiements ne sont pas rattachés aux périodes : voir le rapport du projet entier.",
            "Los pagos no se asignan a periodos: véase el informe del proyecto completo.",
        ),
    )  # fmt: skip


def _reports(reports: list[PartnerReport], number: int | None) -> list[PartnerReport]:
    return [r for r in reports if number in (None, r.reporting_period.number)]


# Work packages and deliverables ----------------------------------------------------------

WORK_PACKAGE_COLUMNS = (
    CODE,
    TITLE,
    Column("lump_sum", T("Lump sum", "Montant forfaitaire", "Importe a tanto alzado"), M,
           total=True),
    Column("deliverables", T("Deliverables", "Livrables", "Entregables"), N, total=True),
    Column("accepted", T("Accepted", "Acceptés", "Aceptados"), N, total=True),
    Column("completion", T("Completion", "Avancement", "Grado de ejecución"), P),
    Column("completed", T("Completed", "Achevé", "Completado")),
    Column("lump_sum_due", T("Lump sum due", "Montant forfaitaire dû",
                             "Importe a tanto alzado adeudado"), M, total=True),
)  # fmt: skip


def work_packages_table(version: PlanVersion | None, deliverables: list[Deliverable]) -> Table:
    """A work package is completed when it has deliverables and all are accepted; its lump
    sum is then due."""
    rows = []
    for package in version.content.work_packages if version else ():
        own = [d for d in deliverables if d.work_package == package.code]
        accepted = sum(1 for d in own if d.status == DeliverableStatus.ACCEPTED)
        completed = bool(own) and accepted == len(own)
        lump_sum = package.lump_sum.amount if package.lump_sum else None
        rows.append((
            package.code, package.title, lump_sum, len(own), accepted,
            percent(Decimal(accepted), Decimal(len(own))), labels.yes_no_text(completed),
            (lump_sum or ZERO) if completed else ZERO,
        ))  # fmt: skip
    return Table(
        "work_packages", T("Work packages", "Lots de travail", "Paquetes de trabajo"),
        WORK_PACKAGE_COLUMNS, tuple(rows), sums(rows, WORK_PACKAGE_COLUMNS),
    )  # fmt: skip


DELIVERABLE_COLUMNS = (
    CODE,
    TITLE,
    Column("work_package", T("Work package", "Lot de travail", "Paquete de trabajo")),
    Column("responsible", T("Responsible partner", "Partenaire responsable", "Socio responsable")),
    Column("due_on", T("Due", "Échéance", "Vencimiento"), Kind.DATE),
    Column("status", T("Status", "État", "Estado")),
    Column("submitted_on", T("Submitted on", "Soumis le", "Presentado el"), Kind.DATE),
    Column("late", T("Late", "En retard", "Con retraso")),
    Column("justification", T("Due-date changes (justification)", "Reports d'échéance"
                              " (justification)", "Cambios de plazo (justificación)")),
)  # fmt: skip


def deliverables_table(context: BuildContext, deliverables: list[Deliverable]) -> Table:
    today = context.as_of_day
    rows = tuple(
        (
            d.code, d.title, d.work_package,
            context.folded.organisation_name(d.responsible_partner), d.due_on,
            labels.DELIVERABLE_STATUSES[d.status], d.submitted_on,
            labels.yes_no_text(d.is_late(today)),
            "; ".join(f"{old}: {why}" for old, why in d.due_date_history) or None,
        )
        for d in sorted(deliverables, key=lambda d: (d.due_on, d.code))
    )  # fmt: skip
    return Table(
        "deliverables", T("Deliverables", "Livrables", "Entregables"), DELIVERABLE_COLUMNS, rows,
        note=T(f"Lateness as of {today}.", f"Retard apprécié au {today}.",
               f"Retraso apreciado a {today}."),
    )  # fmt: skip


# Indicators -------------------------------------------------------------------------------

INDICATOR_COLUMNS = (
    CODE,
    Column("kind", T("Kind", "Type", "Tipo")),
    Column("name", T("Indicator", "Indicateur", "Indicador")),
    Column("unit", T("Unit", "Unité", "Unidad")),
    Column("baseline", T("Baseline", "Valeur de référence", "Valor de referencia"), D),
    Column("target", T("Target", "Valeur cible", "Valor previsto"), D),
    Column("achieved", T("Achieved", "Réalisé", "Alcanzado"), D),
    Column("percent", T("% of target", "% de la cible", "% del objetivo"), P),
)
INDICATOR_KINDS = {
    "output": T("Output", "Réalisation", "Realización"),
    "result": T("Result", "Résultat", "Resultado"),
}


def achieved(activities: Iterable[Activity], period: Period | None = None) -> dict[str, Decimal]:
    """What the activities held (not cancelled) contributed to each indicator."""
    totals: dict[str, Decimal] = defaultdict(lambda: Decimal(0))
    for activity in activities:
        if activity.cancelled or not within(period, activity.held_on):
            continue
        for code, value in activity.indicator_contributions.items():
            totals[code] += value
    return dict(totals)


def indicators_table(
    version: PlanVersion | None, activities: list[Activity], period: Period | None
) -> Table:
    reached = achieved(activities, period)
    rows = tuple(
        (
            i.code, INDICATOR_KINDS[i.kind.value], i.name, i.unit, i.baseline, i.target,
            reached.get(i.code, Decimal(0)), percent(reached.get(i.code, Decimal(0)), i.target),
        )
        for i in (version.content.indicators if version else ())
    )  # fmt: skip
    return Table(
        "indicators", T("Indicators: target and achieved", "Indicateurs : cible et réalisé",
                        "Indicadores: objetivo y alcanzado"), INDICATOR_COLUMNS, rows,
    )  # fmt: skip


# Activities and participants -------------------------------------------------------------

ACTIVITY_COLUMNS = (
    CODE,
    TITLE,
    Column("kind", T("Kind", "Type", "Tipo")),
    Column("held_on", T("Date", "Date", "Fecha"), Kind.DATE),
    Column("city", T("City", "Ville", "Ciudad")),
    Column("country", T("Country", "Pays", "País")),
    Column("partners", T("Partners", "Partenaires", "Socios")),
    Column("cancelled", T("Cancelled", "Annulée", "Cancelada")),
    Column("participants", T("Participants", "Participants", "Participantes"), N, total=True),
    *GENDER_COLUMNS,
)


def activity_rows(context: BuildContext, activities: Iterable[Activity]) -> list[tuple[Cell, ...]]:
    rows = []
    for a in sorted(activities, key=lambda a: (a.held_on, a.code)):
        counts = a.participants.by_gender
        rows.append((
            a.code, a.title, labels.ACTIVITY_KINDS[a.kind], a.held_on, a.place.city,
            a.place.country, ", ".join(context.folded.organisation_name(p) for p in a.partners),
            labels.yes_no_text(a.cancelled), a.participants.total,
            *(counts.get(g, 0) for g in GENDER_ORDER),
        ))  # fmt: skip
    return rows


def activities_table(context: BuildContext, activities: list[Activity]) -> Table:
    rows = activity_rows(context, activities)
    return Table(
        "activities", T("Activities and participants", "Activités et participants",
                        "Actividades y participantes"),
        ACTIVITY_COLUMNS, tuple(rows), sums(rows, ACTIVITY_COLUMNS),
    )  # fmt: skip


# Header ------------------------------------------------------------------------------------


def project_facts(
    project: Project, version: PlanVersion | None, period: Period | None, number: int | None
) -> tuple[tuple[Text, Cell], ...]:
    funds = ", ".join(
        f"{labels.FUNDS[f.fund].en} {(f.cofinancing_rate * 100).normalize():f} %"
        for f in project.funds
    )
    return (
        (T("Project", "Projet", "Proyecto"), f"{project.acronym}: {project.title}"),
        (T("Programme", "Programme", "Programa"), project.programme.value),
        (T("Funds and co-financing rates", "Fonds et taux de cofinancement",
           "Fondos y tasas de cofinanciación"), funds),
        (T("Project start", "Début du projet", "Inicio del proyecto"), project.period.start),
        (T("Project end", "Fin du projet", "Fin del proyecto"), project.period.end),
        (T("Reporting period", "Période de rapport", "Periodo de informe"),
         f"P{number}" if number is not None else None),
        (T("From", "Du", "Desde"), period.start if period else None),
        (T("To", "Au", "Hasta"), period.end if period else None),
        (T("Plan version", "Version du plan", "Versión del plan"),
         version.number if version else None),
    )  # fmt: skip


def plan_for(context: BuildContext, period: Period | None) -> PlanVersion | None:
    """The plan in force at the end of the period (or on the report's date), never later
    than the report's date."""
    day = context.as_of_day
    if period is not None and period.end is not None and period.end < day:
        day = period.end
    return context.plan_on(day)
