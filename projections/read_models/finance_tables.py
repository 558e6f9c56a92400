"""The finance read model's tables and views (see ``finance``).

Amounts are ``numeric`` with a currency column. ``expenditure_lines.amount`` is the line
in the report's currency (converted at the rate frozen on the line); ``eligible`` is what
first-level control leaves of it (nothing while parked or once withdrawn).
"""

from __future__ import annotations

from domain.costs import FLAT_RATE_RULES, FlatRateKind


def flat_rate_category(kind: str) -> str:
    """The cost category a flat rate pays for (its kind when it covers several)."""
    covers = FLAT_RATE_RULES[FlatRateKind(kind)].covers
    return next(iter(covers)).value if len(covers) == 1 else kind


_BASES = ",\n".join(
    f"('{kind.value}', '{category.value}')"
    for kind, rule in FLAT_RATE_RULES.items()
    for category in sorted(rule.base)
)

TABLES = f"""
CREATE TABLE finance_projects (
    project_id uuid PRIMARY KEY,
    currency   char(3) NOT NULL
);

CREATE TABLE finance_funds (
    project_id       uuid NOT NULL,
    fund             text NOT NULL,
    cofinancing_rate numeric NOT NULL,
    PRIMARY KEY (project_id, fund)
);

CREATE TABLE finance_plans (
    plan_id    uuid PRIMARY KEY,
    project_id uuid NOT NULL
);

-- The budget of the current plan version.
CREATE TABLE finance_budget (
    project_id    uuid NOT NULL,
    partner_id    uuid NOT NULL,
    cost_category text NOT NULL,
    period_number integer NOT NULL,
    amount        numeric NOT NULL,
    currency      char(3) NOT NULL,
    plan_version  integer NOT NULL,
    PRIMARY KEY (project_id, partner_id, cost_category, period_number)
);

CREATE TABLE partner_reports (
    report_id          uuid PRIMARY KEY,
    project_id         uuid NOT NULL,
    partner_id         uuid NOT NULL,
    period_number      integer NOT NULL,
    period_start       date NOT NULL,
    period_end         date,
    plan_version       integer NOT NULL,
    currency           char(3) NOT NULL,
    state              text NOT NULL,
    lines              integer NOT NULL,
    submitted_on       date,
    submitted_by       text,
    reopenings         integer NOT NULL,
    reopen_reason      text,
    control_started_on date,
    controller         text,
    second_reviewer    text,
    certified_on       date,
    certified_by       text,
    eligible_total     numeric,
    opened_at          timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    last_position      bigint NOT NULL
);
CREATE INDEX partner_reports_by_project ON partner_reports (project_id, partner_id, period_number);
CREATE INDEX partner_reports_by_state ON partner_reports (state, updated_at, report_id);

CREATE TABLE report_flat_rates (
    report_id        uuid NOT NULL,
    kind             text NOT NULL,
    rate             numeric NOT NULL,
    cost_category    text NOT NULL,
    validated_base   numeric,
    validated_amount numeric,
    PRIMARY KEY (report_id, kind)
);

CREATE TABLE flat_rate_bases (
    kind          text NOT NULL,
    base_category text NOT NULL,
    PRIMARY KEY (kind, base_category)
);
INSERT INTO flat_rate_bases VALUES {_BASES};

CREATE TABLE expenditure_lines (
    report_id         uuid NOT NULL,
    line_number       integer NOT NULL,
    project_id        uuid NOT NULL,
    partner_id        uuid NOT NULL,
    period_number     integer NOT NULL,
    cost_category     text NOT NULL,
    description       text NOT NULL,
    supplier          text NOT NULL,
    invoice_number    text NOT NULL,
    invoice_date      date NOT NULL,
    payment_date      date NOT NULL,
    declared_amount   numeric NOT NULL,
    declared_currency char(3) NOT NULL,
    vat               numeric NOT NULL,
    vat_recoverable   boolean NOT NULL,
    exchange_rate     numeric,
    rate_date         date,
    rate_source       text,
    amount            numeric NOT NULL,
    currency          char(3) NOT NULL,
    withdrawn         boolean NOT NULL,
    sampled           boolean NOT NULL,
    deducted          numeric NOT NULL,
    deductions        integer NOT NULL,
    last_error_type   text,
    parked            boolean NOT NULL,
    park_reason       text,
    eligible          numeric GENERATED ALWAYS AS (
        CASE WHEN withdrawn OR parked THEN 0 ELSE amount - deducted END) STORED,
    declared_at       timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL,
    last_position     bigint NOT NULL,
    PRIMARY KEY (report_id, line_number)
);
CREATE INDEX expenditure_lines_by_partner
    ON expenditure_lines (project_id, partner_id, period_number, cost_category);

CREATE TABLE expenditure_deductions (
    position    bigint PRIMARY KEY,
    report_id   uuid NOT NULL,
    line_number integer NOT NULL,
    amount      numeric NOT NULL,
    currency    char(3) NOT NULL,
    error_type  text NOT NULL,
    comment     text NOT NULL,
    actor       text,
    recorded_at timestamptz NOT NULL
);
CREATE INDEX expenditure_deductions_by_line ON expenditure_deductions (report_id, line_number);

CREATE TABLE payments (
    payment_id      uuid PRIMARY KEY,
    project_id      uuid NOT NULL,
    partner_id      uuid NOT NULL,
    fund            text NOT NULL,
    kind            text NOT NULL,
    sequence        integer NOT NULL,
    amount          numeric NOT NULL,
    currency        char(3) NOT NULL,
    authorised_by   text NOT NULL,
    authorised_on   date NOT NULL,
    confirmed_by    text,
    confirmed_on    date,
    partner_reports uuid[] NOT NULL,
    recorded_at     timestamptz NOT NULL
);
CREATE INDEX payments_by_partner ON payments (project_id, partner_id, fund, authorised_on);

-- Eligible costs per project, partner, cost category, reporting period: budget (current
-- plan), in_draft (lines of draft reports), declared (reports submitted, in control or
-- certified), validated (eligible after control, certified reports). Flat rates count in
-- the category they pay for: declared from their base, validated as certified.
CREATE VIEW finance_figures AS
WITH report_lines AS (
    SELECT l.*, r.state FROM expenditure_lines l JOIN partner_reports r USING (report_id)
    WHERE NOT l.withdrawn
), flat AS (
    SELECT r.project_id, r.partner_id, f.cost_category, r.period_number, r.currency, r.state,
           round(f.rate * coalesce((
               SELECT sum(l.amount) FROM report_lines l JOIN flat_rate_bases b
                   ON b.kind = f.kind AND b.base_category = l.cost_category
               WHERE l.report_id = r.report_id), 0), 2) AS amount,
           f.validated_amount
    FROM report_flat_rates f JOIN partner_reports r USING (report_id)
), cells AS (
    SELECT project_id, partner_id, cost_category, period_number, currency, amount AS budget,
           0 AS in_draft, 0 AS declared, 0 AS validated
    FROM finance_budget
    UNION ALL
    SELECT project_id, partner_id, cost_category, period_number, currency, 0,
           CASE WHEN state = 'draft' THEN amount ELSE 0 END,
           CASE WHEN state <> 'draft' THEN amount ELSE 0 END,
           CASE WHEN state = 'certified' THEN eligible ELSE 0 END
    FROM report_lines
    UNION ALL
    SELECT project_id, partner_id, cost_category, period_number, currency, 0,
           CASE WHEN state = 'draft' THEN amount ELSE 0 END,
           CASE WHEN state <> 'draft' THEN amount ELSE 0 END,
           CASE WHEN state = 'certified' THEN coalesce(validated_amount, 0) ELSE 0 END
    FROM flat
)
SELECT project_id, partner_id, cost_category, period_number, currency,
       sum(budget) AS budget, sum(in_draft) AS in_draft, sum(declared) AS declared,
       sum(validated) AS validated
FROM cells GROUP BY project_id, partner_id, cost_category, period_number, currency;

-- The same cells per fund: each fund's share at its co-financing rate (rounded per cell).
CREATE VIEW finance_fund_figures AS
SELECT c.project_id, c.partner_id, c.cost_category, c.period_number, f.fund,
       f.cofinancing_rate, c.currency,
       round(c.budget * f.cofinancing_rate, 2) AS budget,
       round(c.declared * f.cofinancing_rate, 2) AS declared,
       round(c.validated * f.cofinancing_rate, 2) AS validated
FROM finance_figures c JOIN finance_funds f USING (project_id);

-- Per project, partner, fund: eligible totals, the fund's share of them, and what the
-- fund authorised and paid (payments name a fund, not a category or a period).
CREATE VIEW finance_by_fund AS
WITH totals AS (
    SELECT project_id, partner_id, currency, sum(budget) AS budget,
           sum(declared) AS declared, sum(validated) AS validated
    FROM finance_figures GROUP BY project_id, partner_id, currency
), paid AS (
    SELECT project_id, partner_id, fund, sum(amount) AS authorised,
           coalesce(sum(amount) FILTER (WHERE confirmed_on IS NOT NULL), 0) AS paid
    FROM payments GROUP BY project_id, partner_id, fund
)
SELECT t.project_id, t.partner_id, f.fund, f.cofinancing_rate, t.currency,
       t.budget, t.declared, t.validated,
       round(t.budget * f.cofinancing_rate, 2) AS budget_share,
       round(t.declared * f.cofinancing_rate, 2) AS declared_share,
       round(t.validated * f.cofinancing_rate, 2) AS validated_share,
       coalesce(p.authorised, 0) AS authorised, coalesce(p.paid, 0) AS paid
FROM totals t JOIN finance_funds f USING (project_id)
LEFT JOIN paid p ON p.project_id = t.project_id AND p.partner_id = t.partner_id
    AND p.fund = f.fund;
"""
