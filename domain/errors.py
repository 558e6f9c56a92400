"""Typed business-rule errors.

Each error names the rule it enforces in ``rule``, a stable snake_case string that the
API exposes as an error code: renaming a class never changes what clients see.
"""

from typing import ClassVar


class DomainError(Exception):
    """A command was refused because it would break a business rule."""

    rule: ClassVar[str] = "domain_rule"


# Values
class InvalidMoney(DomainError):
    """Money must be a Decimal (never a float) with an ISO 4217 currency."""

    rule = "invalid_money"


class CurrencyMismatch(DomainError):
    """Amounts in different currencies cannot be added without an exchange rate."""

    rule = "currency_mismatch"


class NegativeAmount(DomainError):
    """An amount that must be positive or zero was negative."""

    rule = "negative_amount"


class InvalidPeriod(DomainError):
    """A period ends before it starts."""

    rule = "period_ends_before_it_starts"


class InvalidCountry(DomainError):
    """A country must be an ISO 3166-1 alpha-2 code."""

    rule = "invalid_country_code"


class InvalidRate(DomainError):
    """A co-financing or flat rate must lie between 0 and 100 %."""

    rule = "invalid_rate"


class FlatRateAboveCeiling(DomainError):
    """A flat rate above the ceiling Regulation (EU) 2021/1059 allows for its kind."""

    rule = "flat_rate_above_ceiling"


class InvalidStateTransition(DomainError):
    """A state machine was asked for a step it does not allow from its current state."""

    rule = "invalid_state_transition"


# Project and partnership
class ProjectNotRunning(DomainError):
    """The project is not in a state that accepts this command."""

    rule = "project_not_running"


class ReportingPeriodOutsideProject(DomainError):
    """A reporting period must lie inside the project period."""

    rule = "reporting_period_outside_project"


class ReportingPeriodOverlaps(DomainError):
    """Reporting periods are numbered in order and must not overlap."""

    rule = "reporting_period_overlaps"


class ReportingPeriodNotFound(DomainError):
    """No reporting period with this number."""

    rule = "reporting_period_not_found"


class PartnerAlreadyInPartnership(DomainError):
    """The organisation is already a member of the partnership."""

    rule = "partner_already_in_partnership"


class PartnerNotInPartnership(DomainError):
    """The organisation is not a member of the partnership."""

    rule = "partner_not_in_partnership"


class PartnerAlreadyLeft(DomainError):
    """The partner has already left the partnership."""

    rule = "partner_already_left"


class LeadPartnerAlreadyAppointed(DomainError):
    """A project has one lead partner (chef de file / beneficiario principal) at a time."""

    rule = "lead_partner_already_appointed"


class DateOutsideProjectPeriod(DomainError):
    """A partnership change or an activity dated outside the project period."""

    rule = "date_outside_project_period"


# Plan
class NoPlanInForce(DomainError):
    """No approved plan version applied on that date."""

    rule = "no_plan_in_force"


class PlanVersionNotFound(DomainError):
    """No plan version with this number."""

    rule = "plan_version_not_found"


class ModificationBackdated(DomainError):
    """A modification cannot take effect before the version it replaces."""

    rule = "modification_backdated"


class NegativeBudget(DomainError):
    """A modification would leave a partner with a negative budget."""

    rule = "negative_budget"


class TooManyWorkPackages(DomainError):
    """Erasmus+ KA2 lump-sum projects have at most ten work packages."""

    rule = "too_many_work_packages"


# Deliverables
class DeliverableNotSubmitted(DomainError):
    """A deliverable can only be accepted or rejected after it was submitted."""

    rule = "deliverable_not_submitted"


class JustificationRequired(DomainError):
    """Changing a due date (or rejecting) needs a written justification."""

    rule = "justification_required"


# Expenditure and control
class ExpenditureOutsideProjectPeriod(DomainError):
    """Expenditure incurred or paid outside the project's eligibility period."""

    rule = "expenditure_outside_project_period"


class ExpenditureByNonPartner(DomainError):
    """Expenditure incurred on a date when the organisation was not a partner."""

    rule = "expenditure_by_non_partner"


class ExchangeRateRequired(DomainError):
    """A line in another currency needs its exchange rate, rate date and source."""

    rule = "exchange_rate_required"


class CostCategoryCoveredByFlatRate(DomainError):
    """Costs covered by a flat rate are not declared line by line."""

    rule = "cost_category_covered_by_flat_rate"


class ReportNotEditable(DomainError):
    """Only a draft partner report accepts new expenditure."""

    rule = "report_not_editable"


class ReportNotInControl(DomainError):
    """Control decisions are only taken while the report is in control."""

    rule = "report_not_in_control"


class ExpenditureLineNotFound(DomainError):
    """No expenditure line with this number in the report."""

    rule = "expenditure_line_not_found"


class DeductionExceedsDeclaredAmount(DomainError):
    """A controller cannot deduct more than was declared on the line."""

    rule = "deduction_exceeds_declared_amount"


class LineNotParked(DomainError):
    """Only a parked line can be re-included."""

    rule = "line_not_parked"


class LineParked(DomainError):
    """A parked line takes no deduction until it is re-included."""

    rule = "line_parked"


class SecondReviewerMustDiffer(DomainError):
    """The second reviewer (contrôle qualité) must not be the controller."""

    rule = "second_reviewer_must_differ"


class SecondReviewRequired(DomainError):
    """A report is certified only after a second reviewer was assigned."""

    rule = "second_review_required"


class ReasonRequired(DomainError):
    """Reopening a report needs a reason."""

    rule = "reason_required"


# Payments and audits
class PaymentAlreadyConfirmed(DomainError):
    """A payment is confirmed once."""

    rule = "payment_already_confirmed"


class ConfirmationBeforeAuthorisation(DomainError):
    """A payment cannot be confirmed as made before it was authorised."""

    rule = "confirmation_before_authorisation"


class FindingNotFound(DomainError):
    """No audit finding with this number."""

    rule = "finding_not_found"


class FindingAlreadyExists(DomainError):
    """An audit finding with this number was already recorded."""

    rule = "finding_already_exists"


class AuditHasOpenFindings(DomainError):
    """An audit is closed only when all its findings are closed."""

    rule = "audit_has_open_findings"


class AuditClosed(DomainError):
    """A closed audit takes no more findings or corrections."""

    rule = "audit_closed"


# Activities and schemes
class NegativeCount(DomainError):
    """Participant counts and distances are never negative."""

    rule = "negative_count"


class UnknownGender(DomainError):
    """Participants are counted by gender with the hub's fixed list of keys."""

    rule = "unknown_gender"


class ActivityCancelled(DomainError):
    """A cancelled activity takes no more records."""

    rule = "activity_cancelled"


class InvalidSchedule(DomainError):
    """An activity's times: local to its place, ending after they start on its day, in a
    known time zone (given, or the one of the place's country)."""

    rule = "invalid_activity_schedule"


class ActivityBeforeSchemeLaunch(DomainError):
    """An activity of a La Collaborative scheme held before the scheme was launched."""

    rule = "activity_before_scheme_launch"


class AgencyNotParticipating(DomainError):
    """The agency does not take part in this La Collaborative scheme."""

    rule = "agency_not_participating"


class AgencyAlreadyParticipating(DomainError):
    """The agency already takes part in this scheme."""

    rule = "agency_already_participating"


class ContactNotFound(DomainError):
    """No contact for this person at the organisation."""

    rule = "contact_not_found"
