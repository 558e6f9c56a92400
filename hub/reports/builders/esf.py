"""ESF+ participant indicators, aggregated from the activities' counts (by gender, by
category, by activity kind and by reporting period).

The log holds no named participants: the only personal data a project carries is its
partners' contact persons, listed only for a caller allowed to see personal data and
shown as erased once a person has been forgotten (their key is gone).
"""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from domain.activities import Activity
from domain.periods import Period
from domain.project import Programme
from hub.reports.builders import labels, tables
from hub.reports.builders.context import BuildContext
from hub.reports.model import Cell, Column, Kind, Report, Table, Text

T = Text
N = Kind.INTEGER
ERASED = T("[erased]", "[effacé]", "[suprimido]")
COUNT_COLUMNS = (
    Column("activities", T("Activities", "Activités", "Actividades"), N, total=True),
    Column("participants", T("Participants", "Participants", "Participantes"), N, total=True),
    *tables.GENDER_COLUMNS,
)


def build(context: BuildContext) -> Report:
    project = context.project(Programme.ESF_PLUS)
    reporting_period = context.reporting_period()
    period = reporting_period.period if reporting_period else None
    version = tables.plan_for(context, period)
    held = [
        a for a in context.folded.activities if not a.cancelled and tables.within(period, a.held_on)
    ]
    report_tables = [
        _by_kind(held),
        _by_category(held),
        _by_period(context, held),
        tables.indicators_table(version, context.folded.activities, period),
    ]
    if context.personal_data:
        report_tables.append(_contacts(context, list(project.memberships)))
    return Report(
        kind=context.kind,
        title=context.title,
        project=project.acronym,
        project_id=str(project.id),
        currency=project.currency,
        provenance=context.provenance(version.number if version else None),
        period=f"P{context.period}" if context.period is not None else None,
        facts=(
            *tables.project_facts(project, version, period, context.period),
            (
                T(
                    "Personal data shown",
                    "Données personnelles affichées",
                    "Datos personales mostrados",
                ),
                labels.yes_no_text(context.personal_data),
            ),
        ),
        tables=tuple(report_tables),
    )


def _counts(label: Cell, activities: list[Activity]) -> tuple[Cell, ...]:
    genders: dict[str, int] = defaultdict(int)
    for activity in activities:
        for gender, count in activity.participants.by_gender.items():
            genders[gender] += count
    return (
        label,
        len(activities),
        sum(a.participants.total for a in activities),
        *(genders[g] for g in tables.GENDER_ORDER),
    )


def _grouped(title: Text, key: str, first: Column, groups: dict, order: list) -> Table:
    columns = (first, *COUNT_COLUMNS)
    rows = [_counts(label, groups[group]) for group, label in order]
    return Table(key, title, columns, tuple(rows), tables.sums(rows, columns))


def _by_kind(held: list[Activity]) -> Table:
    groups: dict[str, list[Activity]] = defaultdict(list)
    for activity in held:
        groups[activity.kind.value].append(activity)
    order = [(k, v) for k, v in labels.ACTIVITY_KINDS.items() if k in groups]
    return _grouped(
        T("Participants by kind of activity", "Participants par type d'activité",
          "Participantes por tipo de actividad"),
        "by_kind", Column("kind", T("Kind of activity", "Type d'activité", "Tipo de actividad")),
        groups, order,
    )  # fmt: skip


def _by_category(held: list[Activity]) -> Table:
    totals: dict[str, int] = defaultdict(int)
    for activity in held:
        for category, count in activity.participants.by_category.items():
            totals[category] += count
    columns = (
        Column("category", T("Category of participant", "Catégorie de participants",
                             "Categoría de participantes")),
        Column("participants", T("Participants", "Participants", "Participantes"), N, total=True),
    )  # fmt: skip
    rows = [(category, totals[category]) for category in sorted(totals)]
    return Table(
        "by_category",
        T("Participants by category", "Participants par catégorie", "Participantes por categoría"),
        columns, tuple(rows), tables.sums(rows, columns),
    )  # fmt: skip


def _by_period(context: BuildContext, held: list[Activity]) -> Table:
    periods: list[tuple[int, Period]] = [
        (rp.number, rp.period) for rp in context.project().reporting_periods
    ]
    groups = {n: [a for a in held if p.contains(a.held_on)] for n, p in periods}
    return _grouped(
        T("Participants by reporting period", "Participants par période de rapport",
          "Participantes por periodo de informe"),
        "by_period", Column("period", T("Period", "Période", "Periodo")),
        groups, [(n, f"P{n} ({p.start} – {p.end})") for n, p in periods],
    )  # fmt: skip


def _contacts(context: BuildContext, partners: list[UUID]) -> Table:
    columns = (
        Column("organisation", T("Organisation", "Structure", "Entidad")),
        Column("role", T("Role", "Fonction", "Función")),
        Column("name", T("Name", "Nom", "Nombre")),
        Column("email", T("E-mail", "Courriel", "Correo electrónico")),
    )
    rows = []
    for partner_id in partners:
        organisation = context.folded.organisations.get(partner_id)
        for role, details in organisation.contacts.values() if organisation else ():
            name = details.get("name") if not details.is_erased else ERASED
            email = details.get("email") if not details.is_erased else ERASED
            rows.append((organisation.name, role, name, email))  # type: ignore[union-attr]
    return Table(
        "contacts",
        T("Partners' contact persons (personal data)",
          "Personnes de contact des partenaires (données personnelles)",
          "Personas de contacto de los socios (datos personales)"),
        columns, tuple(rows),
    )  # fmt: skip
