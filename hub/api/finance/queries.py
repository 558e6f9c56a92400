"""Queries of finance (scope finance:read), filtered by tenancy (see ``hub.api.tenancy``):
a project named in ``projectId`` that the caller may not see is FORBIDDEN; every other
filter narrows to the visible projects inside the page's SQL."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import strawberry

from hub.api.context import Info
from hub.api.directory.types import parse_id
from hub.api.errors import NotFound
from hub.api.finance import data
from hub.api.finance.report_types import ExpenditureLine, PartnerReport
from hub.api.finance.types import BudgetLine, PartnerBudgetSummary, Payment
from hub.api.loaders import loader
from hub.api.pagination import Connection, connection, cursor_key, page_size
from hub.api.permissions import require
from hub.api.tenancy import finance_projects_visible, require_finance_project


async def _scope(info: Info, project_id: strawberry.ID | None) -> tuple[list[UUID] | None, Any]:
    """Check the scope and the named project; the visible projects (None: all) and its id."""
    require(info, "finance:read")
    project = None if project_id is None else parse_id(project_id)
    if project is not None:
        await require_finance_project(info, project)
    visible = await finance_projects_visible(info)
    return (None if visible is None else sorted(visible)), project


def _optional_id(value: strawberry.ID | None) -> UUID | None:
    return None if value is None else parse_id(value)


def _size(info: Info, first: int | None) -> int:
    return page_size(first, info.context.settings.graphql_max_page_size)


def _str(value: Any) -> str:
    return str(value)


@strawberry.type
class FinanceQueries:
    @strawberry.field(
        description="Budget cells (budget, declared, validated) by project, "
        "partner, period, cost category; with a fund, that fund's share."
    )
    async def budget(
        self, info: Info, project_id: strawberry.ID | None = None,
        partner_id: strawberry.ID | None = None, cost_category: str | None = None,
        period: int | None = None, fund: str | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[BudgetLine]:  # fmt: skip
        visible, project = await _scope(info, project_id)
        size = _size(info, first)
        key = cursor_key(after, UUID, UUID, int, _str)
        rows = await info.context.database.pool.fetch(
            data.BUDGET_PAGE, fund, visible, project, _optional_id(partner_id), cost_category,
            period, *key, size + 1,
        )  # fmt: skip
        return connection(
            rows, size, BudgetLine.from_row,
            lambda r: [str(r["project_id"]), str(r["partner_id"]), r["period_number"],
                       r["cost_category"]],
            after is not None,
        )  # fmt: skip

    @strawberry.field(description="Each partner's totals in a project, then per fund.")
    async def budget_summary(
        self, info: Info, project_id: strawberry.ID
    ) -> list[PartnerBudgetSummary]:
        _, project = await _scope(info, project_id)
        pool = info.context.database.pool
        totals = await pool.fetch(data.PARTNER_TOTALS, project)
        funds: dict[UUID, list[Any]] = {}
        for row in await pool.fetch(data.PARTNER_FUNDS, project):
            funds.setdefault(row["partner_id"], []).append(row)
        return [PartnerBudgetSummary.from_row(r, funds.get(r["partner_id"], [])) for r in totals]

    @strawberry.field(description="One partner report by id.")
    async def partner_report(self, info: Info, id: strawberry.ID) -> PartnerReport:
        require(info, "finance:read")
        row = await loader(info, data.reports_by_id).load(parse_id(id))
        if row is None:
            raise NotFound(f"no partner report {id}")
        await require_finance_project(info, row["project_id"])
        return PartnerReport.from_row(row)

    @strawberry.field(description="Partner reports by project, period and partner.")
    async def partner_reports(
        self, info: Info, project_id: strawberry.ID | None = None,
        partner_id: strawberry.ID | None = None, state: str | None = None,
        first: int | None = None, after: str | None = None,
    ) -> Connection[PartnerReport]:  # fmt: skip
        visible, project = await _scope(info, project_id)
        size = _size(info, first)
        key = cursor_key(after, UUID, int, UUID)
        rows = await info.context.database.pool.fetch(
            data.REPORTS_PAGE, visible, project, _optional_id(partner_id), state, *key, size + 1
        )
        return connection(
            rows, size, PartnerReport.from_row,
            lambda r: [str(r["project_id"]), r["period_number"], str(r["partner_id"])],
            after is not None,
        )  # fmt: skip

    @strawberry.field(description="Expenditure lines by project, period, partner, line number.")
    async def expenditure_lines(
        self, info: Info, project_id: strawberry.ID | None = None,
        partner_id: strawberry.ID | None = None, report_id: strawberry.ID | None = None,
        cost_category: str | None = None, period: int | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[ExpenditureLine]:  # fmt: skip
        visible, project = await _scope(info, project_id)
        size = _size(info, first)
        key = cursor_key(after, UUID, int, UUID, int)
        rows = await info.context.database.pool.fetch(
            data.LINES_PAGE, visible, project, _optional_id(partner_id), _optional_id(report_id),
            cost_category, period, *key, size + 1,
        )  # fmt: skip
        return connection(
            rows, size, ExpenditureLine.from_row,
            lambda r: [str(r["project_id"]), r["period_number"], str(r["partner_id"]),
                       r["line_number"]],
            after is not None,
        )  # fmt: skip

    @strawberry.field(description="Payments by project, authorisation date and id.")
    async def payments(
        self, info: Info, project_id: strawberry.ID | None = None,
        partner_id: strawberry.ID | None = None, first: int | None = None,
        after: str | None = None,
    ) -> Connection[Payment]:  # fmt: skip
        visible, project = await _scope(info, project_id)
        size = _size(info, first)
        key = cursor_key(after, UUID, date.fromisoformat, UUID)
        rows = await info.context.database.pool.fetch(
            data.PAYMENTS_PAGE, visible, project, _optional_id(partner_id), *key, size + 1
        )
        return connection(
            rows, size, Payment.from_row,
            lambda r: [str(r["project_id"]), r["authorised_on"].isoformat(),
                       str(r["payment_id"])],
            after is not None,
        )  # fmt: skip
