"""Mutations: one module per field; each checks scope and organisation, builds a command and
hands it to the command bus (see ``plumbing`` for the flow and ``tenancy`` for who may write
what)."""

from hub.api.mutations.accept_deliverable import AcceptDeliverableMutation
from hub.api.mutations.add_reporting_period import AddReportingPeriodMutation
from hub.api.mutations.add_travel_leg import AddTravelLegMutation
from hub.api.mutations.admit_partner import AdmitPartnerMutation
from hub.api.mutations.adopt_plan import AdoptPlanMutation
from hub.api.mutations.approve_plan_modification import ApprovePlanModificationMutation
from hub.api.mutations.assign_second_reviewer import AssignSecondReviewerMutation
from hub.api.mutations.authorise_payment import AuthorisePaymentMutation
from hub.api.mutations.certify_partner_report import CertifyPartnerReportMutation
from hub.api.mutations.change_deliverable_due_date import ChangeDeliverableDueDateMutation
from hub.api.mutations.change_partner_role import ChangePartnerRoleMutation
from hub.api.mutations.common import CommandPayload
from hub.api.mutations.confirm_payment import ConfirmPaymentMutation
from hub.api.mutations.count_participants import CountParticipantsMutation
from hub.api.mutations.make_deduction import MakeDeductionMutation
from hub.api.mutations.open_partner_report import OpenPartnerReportMutation
from hub.api.mutations.park_line import ParkLineMutation
from hub.api.mutations.plan_deliverable import PlanDeliverableMutation
from hub.api.mutations.record_activity import RecordActivityMutation
from hub.api.mutations.record_expenditure import RecordExpenditureMutation
from hub.api.mutations.record_scheme_participation import RecordSchemeParticipationMutation
from hub.api.mutations.register_organisation import RegisterOrganisationMutation
from hub.api.mutations.register_project import RegisterProjectMutation
from hub.api.mutations.reinclude_line import ReincludeLineMutation
from hub.api.mutations.reject_deliverable import RejectDeliverableMutation
from hub.api.mutations.reopen_partner_report import ReopenPartnerReportMutation
from hub.api.mutations.sample_line import SampleLineMutation
from hub.api.mutations.start_control import StartControlMutation
from hub.api.mutations.start_drafting_deliverable import StartDraftingDeliverableMutation
from hub.api.mutations.submit_deliverable import SubmitDeliverableMutation
from hub.api.mutations.submit_partner_report import SubmitPartnerReportMutation
from hub.api.mutations.withdraw_partner import WithdrawPartnerMutation

MUTATIONS: tuple[type, ...] = (
    RegisterOrganisationMutation,
    RegisterProjectMutation,
    AddReportingPeriodMutation,
    AdmitPartnerMutation,
    WithdrawPartnerMutation,
    ChangePartnerRoleMutation,
    AdoptPlanMutation,
    ApprovePlanModificationMutation,
    PlanDeliverableMutation,
    StartDraftingDeliverableMutation,
    SubmitDeliverableMutation,
    AcceptDeliverableMutation,
    RejectDeliverableMutation,
    ChangeDeliverableDueDateMutation,
    OpenPartnerReportMutation,
    RecordExpenditureMutation,
    SubmitPartnerReportMutation,
    StartControlMutation,
    SampleLineMutation,
    MakeDeductionMutation,
    ParkLineMutation,
    ReincludeLineMutation,
    AssignSecondReviewerMutation,
    CertifyPartnerReportMutation,
    ReopenPartnerReportMutation,
    AuthorisePaymentMutation,
    ConfirmPaymentMutation,
    RecordActivityMutation,
    CountParticipantsMutation,
    AddTravelLegMutation,
    RecordSchemeParticipationMutation,
)

__all__ = ["MUTATIONS", "CommandPayload"]
