"""Erasmus+ KA2 report: work packages with their lump sums (management at most 20 %),
activities with their participants."""

from __future__ import annotations

from decimal import Decimal

from domain.project import Programme
from hub.reports.builders import tables
from hub.reports.builders.context import BuildContext
from hub.reports.builders.figures import ZERO, percent
from hub.reports.model import Report, Text

T = Text


def build(context: BuildContext) -> Report:
    project = context.project(Programme.ERASMUS_PLUS_KA2)
    reporting_period = context.reporting_period()
    period = reporting_period.period if reporting_period else None
    version = tables.plan_for(context, period)
    packages = version.content.work_packages if version else ()
    lump_sums = sum((p.lump_sum.amount for p in packages if p.lump_sum), ZERO)
    first = packages[0].lump_sum.amount if packages and packages[0].lump_sum else ZERO
    activities = [a for a in context.folded.activities if tables.within(period, a.held_on)]
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
            (T("Work packages", "Lots de travail", "Paquetes de trabajo"), len(packages)),
            (
                T("Total lump sum", "Montant forfaitaire total", "Importe a tanto alzado total"),
                lump_sums,
            ),
            (
                T(
                    "Project management (WP1) share of the lump sum",
                    "Part de la gestion de projet (WP1) dans le forfait",
                    "Parte de la gestión del proyecto (WP1) en el importe a tanto alzado",
                ),
                percent(first, lump_sums) if lump_sums else Decimal(0),
            ),
        ),
        tables=(
            tables.work_packages_table(version, context.folded.deliverables),
            tables.activities_table(context, activities),
        ),
    )
