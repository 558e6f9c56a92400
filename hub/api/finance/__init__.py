"""Budgets, expenditure, first-level control and payments (scope finance:read, tenancy)."""

from hub.api.finance.queries import FinanceQueries
from hub.api.finance.report_types import ExpenditureLine, PartnerReport
from hub.api.finance.types import BudgetLine, PartnerBudgetSummary, Payment

QUERIES: tuple[type, ...] = (FinanceQueries,)
TYPES: tuple[type, ...] = (
    BudgetLine, PartnerBudgetSummary, PartnerReport, ExpenditureLine, Payment,
)  # fmt: skip
