"""What a builder is given: the request's parameters and the log it reads, with the
lookups every kind needs (the project, a reporting period, a partner, the plan in force)
and the provenance block."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from domain.errors import NoPlanInForce
from domain.periods import ReportingPeriod
from domain.plan import PlanVersion
from domain.project import Programme, Project
from hub.reports.builders.fold import COLLABORATIVE, Folded, Log, fold, fold_shared
from hub.reports.errors import invalid, not_found
from hub.reports.model import Provenance, Text


@dataclass
class BuildContext:
    kind: str
    title: Text
    log: Log
    period: int | None = None
    partner: str | None = None
    personal_data: bool = False
    _folded: Folded | None = field(default=None, repr=False)

    @property
    def folded(self) -> Folded:
        if self._folded is None:
            # A log read with a person's keys is folded for this report alone.
            events = self.log.events
            self._folded = fold(events) if self.personal_data else fold_shared(events)
        return self._folded

    @property
    def as_of_day(self) -> date:
        return self.log.recorded_at.date()

    def project(self, *programmes: Programme) -> Project:
        """The project; INVALID_INPUT if this kind is not for its programme."""
        project = self.folded.project
        if project is None:
            raise not_found(f"no project {self.log.project_id} at position {self.log.position}")
        if programmes and project.programme not in programmes:
            allowed = ", ".join(p.value for p in programmes)
            raise invalid(
                f"the {self.kind} report is for {allowed} projects;"
                f" {project.acronym} is {project.programme.value}"
            )
        return project

    def reporting_period(self) -> ReportingPeriod | None:
        if self.period is None:
            return None
        project = self.project()
        for reporting_period in project.reporting_periods:
            if reporting_period.number == self.period:
                return reporting_period
        raise not_found(f"{project.acronym} has no reporting period {self.period}")

    def partner_id(self) -> UUID:
        """The requested partner (name or id), who must be in the project's partnership."""
        project = self.project()
        wanted = (self.partner or "").strip()
        for organisation_id in project.memberships:
            name = self.folded.organisation_name(organisation_id)
            if wanted in (str(organisation_id), name) or wanted.casefold() == name.casefold():
                return organisation_id
        raise not_found(f"{wanted!r} is not a partner of {project.acronym}")

    def plan_on(self, day: date) -> PlanVersion | None:
        plan = self.folded.plan
        if plan is None:
            return None
        try:
            return plan.plan_in_force(day)
        except NoPlanInForce:
            return None

    def provenance(self, plan_version: int | None) -> Provenance:
        return Provenance(
            position=self.log.position,
            head_hash=self.log.head_hash,
            as_of=self.log.recorded_at,
            plan_version=plan_version,
            command=self.command(),
        )

    def command(self) -> str:
        project = self.folded.project
        name = project.acronym if project is not None else COLLABORATIVE
        words = ["hub", "report", self.kind, "--project", name]
        if self.period is not None:
            words += ["--period", str(self.period)]
        if self.partner is not None:
            words += ["--partner", self.folded.organisation_name(self.partner_id())]
        words += ["--as-of", str(self.log.position)]
        return shlex.join(words)
