"""Payments (advances, interim payments per certified report) and two audits.

ERDF interim payments are 65 % of the certified total, which the domain folds in memory
from the same report data; advances, lump-sum instalments, dates and audit findings are
illustrative.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from domain.audits import Audit, AuditingBody
from domain.money import Money
from domain.payments import Payment, PaymentKind
from domain.project import Fund
from hub.commands import (
    AuthorisePayment,
    CloseAudit,
    CloseFinding,
    Command,
    ConfirmPayment,
    FollowUpFinding,
    ImposeCorrection,
    OpenAudit,
    RecordFinding,
)
from hub.demo.deliverables import DEMO_AS_OF
from hub.demo.finance import REPORTS, ReportPlan, certified_total
from hub.demo.organisations import org_id
from hub.demo.projects import BY_KEY as PROJECTS

DAY = timedelta(days=1)
AUTHORISERS = {
    Fund.ERDF: "POCTEFA certifying authority (demo)",
    Fund.CREATIVE_EUROPE: "EACEA (demo)",
    Fund.ERASMUS_PLUS: "Erasmus+ national agency (demo)",
    Fund.FRANCE_QUEBEC: "CPCFQ fund committee (demo)",
    Fund.ESF_PLUS: "ESF+ managing authority (demo)",
}
ADVANCES = (  # project, fund, amount, authorised on
    ("bsa2", Fund.CREATIVE_EUROPE, "96000.00", date(2018, 11, 5)),
    ("sp", Fund.CREATIVE_EUROPE, "120000.00", date(2020, 12, 1)),
    ("caa", Fund.ERASMUS_PLUS, "52000.00", date(2021, 1, 12)),
    ("ser", Fund.FRANCE_QUEBEC, "18000.00", date(2021, 3, 2)),
    ("tc", Fund.ESF_PLUS, "36000.00", date(2021, 2, 15)),
)


def payment_script(command: AuthorisePayment) -> tuple[str, list[Command]]:
    """Authorise, then confirm 30 days later if that day is on or before DEMO_AS_OF."""
    payment_id = Payment.create_id(command.project_id, command.partner_id, command.fund,
                                   command.kind, command.sequence)  # fmt: skip
    steps: list[Command] = [command]
    confirmed_on = command.authorised_on + 30 * DAY
    if confirmed_on <= DEMO_AS_OF:
        steps.append(ConfirmPayment(payment_id, "Treasury of the lead partner (demo)",
                                    confirmed_on))  # fmt: skip
    return f"payment:{payment_id}", steps


def erdf_interim(plan: ReportPlan) -> AuthorisePayment:
    end = plan.period.end or plan.period.start
    rate = next(s.cofinancing_rate for s in plan.project.funds if s.fund == Fund.ERDF)
    amount = certified_total(plan).times(rate)
    return AuthorisePayment(
        plan.project.id, org_id(plan.partner), Fund.ERDF, PaymentKind.INTERIM, plan.number,
        amount, AUTHORISERS[Fund.ERDF], end + 120 * DAY, (plan.id,),
    )  # fmt: skip


def advance(project: str, fund: Fund, amount: str, on: date) -> AuthorisePayment:
    spec = PROJECTS[project]
    return AuthorisePayment(spec.id, org_id(spec.lead), fund, PaymentKind.ADVANCE, 1,
                            Money.of(amount), AUTHORISERS[fund], on)  # fmt: skip


def lump_sum_instalment() -> AuthorisePayment:
    """Be SpectACTive! 2: work packages 1 and 2 declared completed, their lump sums paid."""
    spec = PROJECTS["bsa2"]
    share = Decimal("0.60")
    amount = Money.of("55000.00").times(share) + Money.of("70000.00").times(share)
    return AuthorisePayment(spec.id, org_id(spec.lead), Fund.CREATIVE_EUROPE,
                            PaymentKind.INTERIM, 1, amount, AUTHORISERS[Fund.CREATIVE_EUROPE],
                            date(2020, 11, 20))  # fmt: skip


def payment_scripts() -> dict[str, list[Command]]:
    commands = [advance(*row) for row in ADVANCES]
    commands.append(lump_sum_instalment())
    commands += [
        erdf_interim(plan) for plan in REPORTS
        if plan.outcome == "certified" and plan.project.key in ("pyrenart", "travesia")
    ]  # fmt: skip
    return dict(payment_script(command) for command in commands)


def pyrenart_audit() -> list[Command]:
    spec = PROJECTS["pyrenart"]
    ref = "AA-2021-POCTEFA-017 (demo)"
    audit = Audit.create_id(spec.id, AuditingBody.AUDIT_AUTHORITY, ref)
    return [
        OpenAudit(spec.id, AuditingBody.AUDIT_AUTHORITY, ref,
                  "Sample of expenditure certified in 2020 (illustrative)", date(2021, 9, 13)),
        RecordFinding(audit, 1, "Sound services bought without three quotes (procurement)",
                      org_id("pyrenart_es2")),
        ImposeCorrection(audit, 1, Money.of("1250.00"), date(2021, 10, 20)),
        FollowUpFinding(audit, 1, "Correction deducted from the next payment claim",
                        date(2021, 11, 15)),
        CloseFinding(audit, 1, date(2021, 11, 30)),
        RecordFinding(audit, 2, "Two timesheets unsigned", org_id("oes")),
        FollowUpFinding(audit, 2, "Signed timesheets provided", date(2021, 10, 4)),
        CloseFinding(audit, 2, date(2021, 10, 8)),
        CloseAudit(audit, date(2021, 12, 10)),
    ]  # fmt: skip


def travesia_audit() -> list[Command]:
    spec = PROJECTS["travesia"]
    ref = "BOARD-2021-11 (demo)"
    audit = Audit.create_id(spec.id, AuditingBody.BOARD, ref)
    return [
        OpenAudit(spec.id, AuditingBody.BOARD, ref, "Board review of co-financing (illustrative)",
                  date(2021, 11, 18)),
        RecordFinding(audit, 1, "Partner contribution of 2021 not yet secured", None),
        FollowUpFinding(audit, 1, "Letter to the Region requesting co-financing",
                        date(2021, 12, 6)),
    ]  # fmt: skip


PAYMENTS: dict[str, list[Command]] = payment_scripts()
AUDITS: dict[str, list[Command]] = {
    "audit:pyrenart": pyrenart_audit(),
    "audit:travesia": travesia_audit(),
}
