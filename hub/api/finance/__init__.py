"""Budgets, expenditure, first-level control and payments (scope finance:read, tenancy)."""

QUERIES: tuple[type, ...] = ()
TYPES: tuple[type, ...] = ()
