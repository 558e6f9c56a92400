"""Named SQL on the finance read models, and the batch loads behind its loaders.

Every page takes the visible projects as ``uuid[]`` (NULL: all) and filters inside the
statement, so a page, its cursor and its next page never reach a hidden project. Each
page orders by a unique key the cursor carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import asyncpg

from hub.api.loaders import many_per_key, one_per_key

# Budget cells: one per partner, cost category and period; with a fund, that fund's share.
BUDGET_PAGE = """
WITH cells AS (
    SELECT project_id, partner_id, cost_category, period_number, NULL::text AS fund,
           NULL::numeric AS cofinancing_rate, currency, budget, declared, validated
    FROM read.finance_figures WHERE $1::text IS NULL
    UNION ALL
    SELECT project_id, partner_id, cost_category, period_number, fund, cofinancing_rate,
           currency, budget, declared, validated
    FROM read.finance_fund_figures WHERE fund = $1
)
SELECT * FROM cells
WHERE ($2::uuid[] IS NULL OR project_id = ANY($2))
  AND ($3::uuid IS NULL OR project_id = $3)
  AND ($4::uuid IS NULL OR partner_id = $4)
  AND ($5::text IS NULL OR cost_category = $5)
  AND ($6::int IS NULL OR period_number = $6)
  AND ($7::uuid IS NULL
       OR (project_id, partner_id, period_number, cost_category) > ($7, $8::uuid, $9::int, $10))
ORDER BY project_id, partner_id, period_number, cost_category
LIMIT $11
"""

PARTNER_TOTALS = """
WITH totals AS (
    SELECT partner_id, currency, sum(budget) AS budget, sum(in_draft) AS in_draft,
           sum(declared) AS declared, sum(validated) AS validated
    FROM read.finance_figures WHERE project_id = $1 GROUP BY partner_id, currency
), paid AS (
    SELECT partner_id, sum(amount) AS authorised,
           coalesce(sum(amount) FILTER (WHERE confirmed_on IS NOT NULL), 0) AS paid
    FROM read.payments WHERE project_id = $1 GROUP BY partner_id
)
SELECT $1::uuid AS project_id, coalesce(t.partner_id, p.partner_id) AS partner_id,
       coalesce(t.currency, (SELECT currency FROM read.projects WHERE project_id = $1))
           AS currency,
       coalesce(t.budget, 0) AS budget, coalesce(t.in_draft, 0) AS in_draft,
       coalesce(t.declared, 0) AS declared, coalesce(t.validated, 0) AS validated,
       coalesce(p.authorised, 0) AS authorised, coalesce(p.paid, 0) AS paid
FROM totals t FULL JOIN paid p USING (partner_id)
LEFT JOIN read.organisations o ON o.organisation_id = coalesce(t.partner_id, p.partner_id)
ORDER BY o.name, 2
"""

PARTNER_FUNDS = """
SELECT partner_id, fund, cofinancing_rate, currency, budget_share, declared_share,
       validated_share, authorised, paid
FROM read.finance_by_fund WHERE project_id = $1 ORDER BY partner_id, fund
"""

# A partner's budget cells added up over the reporting periods, per cost category.
_PARTNER_CATEGORIES = """
SELECT f.project_id, f.partner_id, f.cost_category, f.currency, sum(f.budget) AS budget,
       sum(f.declared) AS declared, sum(f.validated) AS validated
FROM read.finance_figures f
JOIN unnest($1::uuid[], $2::uuid[]) AS k(project_id, partner_id) USING (project_id, partner_id)
GROUP BY f.project_id, f.partner_id, f.cost_category, f.currency
ORDER BY f.cost_category
"""


async def categories_by_partner(pool: asyncpg.Pool, keys: Sequence[tuple[UUID, UUID]]) -> list[Any]:
    """Per (project, partner): its figures per cost category."""
    rows = await pool.fetch(_PARTNER_CATEGORIES, [k[0] for k in keys], [k[1] for k in keys])
    keyed = [{"key": (row["project_id"], row["partner_id"]), **dict(row)} for row in rows]
    return many_per_key(keys, keyed, "key")


# Partner reports with their declared total: lines not withdrawn, plus each flat rate on
# its declared base (as finance_figures counts them).
_REPORT_COLUMNS = """
r.report_id, r.project_id, r.partner_id, r.period_number, r.period_start, r.period_end,
r.plan_version, r.currency, r.state, r.lines, r.submitted_on, r.submitted_by, r.reopenings,
r.reopen_reason, r.control_started_on, r.controller, r.second_reviewer, r.certified_on,
r.certified_by, r.eligible_total, r.last_position,
coalesce((SELECT sum(l.amount) FROM read.expenditure_lines l
          WHERE l.report_id = r.report_id AND NOT l.withdrawn), 0)
+ coalesce((SELECT sum(round(f.rate * coalesce((
      SELECT sum(l.amount) FROM read.expenditure_lines l JOIN read.flat_rate_bases b
          ON b.kind = f.kind AND b.base_category = l.cost_category
      WHERE l.report_id = r.report_id AND NOT l.withdrawn), 0), 2))
   FROM read.report_flat_rates f WHERE f.report_id = r.report_id), 0) AS declared_total
"""

REPORTS_PAGE = f"""
SELECT {_REPORT_COLUMNS} FROM read.partner_reports r
WHERE ($1::uuid[] IS NULL OR r.project_id = ANY($1))
  AND ($2::uuid IS NULL OR r.project_id = $2)
  AND ($3::uuid IS NULL OR r.partner_id = $3)
  AND ($4::text IS NULL OR r.state = $4)
  AND ($5::uuid IS NULL
       OR (r.project_id, r.period_number, r.partner_id) > ($5, $6::int, $7::uuid))
ORDER BY r.project_id, r.period_number, r.partner_id
LIMIT $8
"""

LINE_COLUMNS = """
report_id, line_number, project_id, partner_id, period_number, cost_category, description,
supplier, invoice_number, invoice_date, payment_date, declared_amount, declared_currency, vat,
vat_recoverable, exchange_rate, rate_date, rate_source, amount, currency, withdrawn, sampled,
deducted, deductions, last_error_type, parked, park_reason, eligible, last_position
"""

LINES_PAGE = f"""
SELECT {LINE_COLUMNS} FROM read.expenditure_lines
WHERE ($1::uuid[] IS NULL OR project_id = ANY($1))
  AND ($2::uuid IS NULL OR project_id = $2)
  AND ($3::uuid IS NULL OR partner_id = $3)
  AND ($4::uuid IS NULL OR report_id = $4)
  AND ($5::text IS NULL OR cost_category = $5)
  AND ($6::int IS NULL OR period_number = $6)
  AND ($7::uuid IS NULL OR (project_id, period_number, partner_id, line_number)
                           > ($7, $8::int, $9::uuid, $10::int))
ORDER BY project_id, period_number, partner_id, line_number
LIMIT $11
"""

PAYMENT_COLUMNS = """
payment_id, project_id, partner_id, fund, kind, sequence, amount, currency, authorised_by,
authorised_on, confirmed_by, confirmed_on, partner_reports
"""

PAYMENTS_PAGE = f"""
SELECT {PAYMENT_COLUMNS} FROM read.payments
WHERE ($1::uuid[] IS NULL OR project_id = ANY($1))
  AND ($2::uuid IS NULL OR project_id = $2)
  AND ($3::uuid IS NULL OR partner_id = $3)
  AND ($4::uuid IS NULL OR (project_id, authorised_on, payment_id) > ($4, $5::date, $6::uuid))
ORDER BY project_id, authorised_on, payment_id
LIMIT $7
"""


async def reports_by_id(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    rows = await pool.fetch(
        f"SELECT {_REPORT_COLUMNS} FROM read.partner_reports r WHERE r.report_id = ANY($1::uuid[])",
        list(ids),
    )
    return one_per_key(ids, rows, "report_id")


_FLAT_RATES = """
SELECT f.report_id, f.kind, f.rate, f.cost_category, r.currency,
       f.validated_amount IS NOT NULL AS validated,
       coalesce(f.validated_base, (
           SELECT coalesce(sum(l.amount), 0) FROM read.expenditure_lines l
           JOIN read.flat_rate_bases b ON b.kind = f.kind AND b.base_category = l.cost_category
           WHERE l.report_id = f.report_id AND NOT l.withdrawn)) AS base,
       f.validated_amount
FROM read.report_flat_rates f JOIN read.partner_reports r USING (report_id)
WHERE f.report_id = ANY($1::uuid[]) ORDER BY f.report_id, f.kind
"""


async def flat_rates_by_report(pool: asyncpg.Pool, ids: Sequence[UUID]) -> list[Any]:
    return many_per_key(ids, await pool.fetch(_FLAT_RATES, list(ids)), "report_id")


_DEDUCTIONS = """
SELECT d.report_id, d.line_number, d.position, d.amount, d.currency, d.error_type, d.comment,
       d.actor, d.recorded_at
FROM read.expenditure_deductions d
JOIN unnest($1::uuid[], $2::int[]) AS k(report_id, line_number) USING (report_id, line_number)
ORDER BY d.position
"""


async def deductions_by_line(pool: asyncpg.Pool, keys: Sequence[tuple[UUID, int]]) -> list[Any]:
    rows = await pool.fetch(_DEDUCTIONS, [k[0] for k in keys], [k[1] for k in keys])
    keyed = [{"key": (row["report_id"], row["line_number"]), **dict(row)} for row in rows]
    return many_per_key(keys, keyed, "key")


# The read model does not keep the evidence reference: read it from the declaring events.
_EVIDENCE = """
SELECT stream_id, (payload->'line'->>'number')::int AS line_number,
       payload->'line'->>'evidence_ref' AS evidence_ref
FROM events
WHERE stream_id = ANY($1::text[]) AND event_type = 'PartnerReport.ExpenditureDeclared'
"""


async def evidence_by_line(pool: asyncpg.Pool, keys: Sequence[tuple[UUID, int]]) -> list[Any]:
    rows = await pool.fetch(_EVIDENCE, sorted({str(k[0]) for k in keys}))
    found = {(UUID(r["stream_id"]), r["line_number"]): r["evidence_ref"] for r in rows}
    return [found.get(key) for key in keys]
