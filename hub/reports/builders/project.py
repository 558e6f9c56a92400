"""Project-level report across partners: partners' figures, work-package and deliverable
progress, indicators (target vs achieved)."""

from __future__ import annotations

from hub.reports.builders import tables
from hub.reports.builders.context import BuildContext
from hub.reports.model import Report


def build(context: BuildContext) -> Report:
    project = context.project()
    reporting_period = context.reporting_period()
    period = reporting_period.period if reporting_period else None
    version = tables.plan_for(context, period)
    deliverables = context.folded.deliverables
    return Report(
        kind=context.kind,
        title=context.title,
        project=project.acronym,
        project_id=str(project.id),
        currency=project.currency,
        provenance=context.provenance(version.number if version else None),
        period=f"P{context.period}" if context.period is not None else None,
        facts=tables.project_facts(project, version, period, context.period),
        tables=(
            tables.partners_table(context, project, version, context.period),
            tables.work_packages_table(version, deliverables),
            tables.deliverables_table(context, deliverables),
            tables.indicators_table(version, context.folded.activities, period),
        ),
    )
