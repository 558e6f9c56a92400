"""Retention deadlines (durée de conservation / plazo de conservación): a document is kept
until 31 December of the year of its project's last payment plus the programme's years (5
by default, 10 for projects under state-aid rules). A document cited by several projects
is kept until the latest of their deadlines; while any of them has no confirmed payment
yet, or it belongs to no project, its deadline is unknown and it is kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from domain.evidence import RetentionRule
from hub.evidence.ledger import DocumentRecord
from hub.settings import Settings

PROJECTS = (
    "SELECT stream_id::uuid AS project_id, payload ->> 'acronym' AS acronym,"
    " payload ->> 'programme' AS programme FROM events WHERE event_type = 'Project.Registered'"
)
LAST_PAYMENTS = (
    "SELECT (a.payload ->> 'project_id')::uuid AS project_id,"
    " max((c.payload ->> 'confirmed_on')::date) AS last_payment"
    " FROM events c JOIN events a ON a.stream_id = c.stream_id"
    " AND a.event_type = 'Payment.Authorised'"
    " WHERE c.event_type = 'Payment.Confirmed' GROUP BY 1"
)


@dataclass(frozen=True)
class RetentionPolicy:
    default_years: int
    by_programme: dict[str, int]
    state_aid_projects: frozenset[str]
    state_aid_years: int

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        acronyms = settings.evidence_state_aid_projects.split(",")
        return cls(
            settings.evidence_retention_years,
            dict(settings.evidence_retention_by_programme),
            frozenset(a.strip().lower() for a in acronyms if a.strip()),
            settings.evidence_state_aid_years,
        )

    def rule_for(self, acronym: str, programme: str) -> RetentionRule:
        if acronym.lower() in self.state_aid_projects:
            return RetentionRule("state aid", self.state_aid_years)
        if programme in self.by_programme:
            return RetentionRule(f"programme {programme}", self.by_programme[programme])
        return RetentionRule("default", self.default_years)


@dataclass(frozen=True)
class Retention:
    """A document's deadline (None: unknown, so kept) and the rule that sets it."""

    deadline: date | None
    rule: RetentionRule
    project: str | None

    def due(self, today: date) -> bool:
        return self.deadline is not None and today > self.deadline


@dataclass(frozen=True)
class _Project:
    acronym: str
    programme: str
    last_payment: date | None


class RetentionBook:
    """The projects' facts the deadlines need, read once from the log."""

    def __init__(self, policy: RetentionPolicy, projects: dict[UUID, _Project]) -> None:
        self.policy = policy
        self.projects = projects

    @classmethod
    async def read(cls, pool: asyncpg.Pool, policy: RetentionPolicy) -> RetentionBook:
        payments = {
            row["project_id"]: row["last_payment"] for row in await pool.fetch(LAST_PAYMENTS)
        }
        projects = {
            row["project_id"]: _Project(
                row["acronym"], row["programme"], payments.get(row["project_id"])
            )
            for row in await pool.fetch(PROJECTS)
        }
        return cls(policy, projects)

    def of(self, record: DocumentRecord) -> Retention:
        found: list[Retention] = []
        for project_id in sorted(record.project_ids):
            project = self.projects.get(project_id)
            if project is None:
                continue
            rule = self.policy.rule_for(project.acronym, project.programme)
            if project.last_payment is None:
                return Retention(None, rule, project.acronym)
            found.append(Retention(rule.deadline(project.last_payment), rule, project.acronym))
        if not found:
            return Retention(None, RetentionRule("no project", self.policy.default_years), None)
        return max(found, key=lambda retention: retention.deadline or date.min)
