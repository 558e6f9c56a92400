"""Creative Europe continuous-reporting view: work packages with their lump sums and
completion, deliverables with their states and lateness, indicators.

The hub records no milestones, critical risks or publications: the report says so
rather than showing empty invented tables.
"""

from __future__ import annotations

from domain.project import Programme
from hub.reports.builders import tables
from hub.reports.builders.context import BuildContext
from hub.reports.model import Report, Text

NOT_RECORDED = Text(
    "Milestones, critical risks and publications: not recorded in the hub",
    "Jalons, risques critiques et publications : non enregistrés dans le hub",
    "Hitos, riesgos críticos y publicaciones: no registrados en el hub",
)


def build(context: BuildContext) -> Report:
    project = context.project(Programme.CREATIVE_EUROPE)
    reporting_period = context.reporting_period()
    period = reporting_period.period if reporting_period else None
    version = tables.plan_for(context, period)
    deliverables = context.folded.deliverables
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
            (NOT_RECORDED, None),
        ),
        tables=(
            tables.work_packages_table(version, deliverables),
            tables.deliverables_table(context, deliverables),
            tables.indicators_table(version, context.folded.activities, period),
            tables.activities_table(context, activities),
        ),
    )
