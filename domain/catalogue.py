"""The stable names of streams and events, as stored in the log.

Names are written out here, never derived from ``__qualname__``: moving or renaming a
class changes only the right-hand side, so stored events are never orphaned. A stored
event's ``schema_version`` is its class's ``class_version`` (1 unless the class says so).
"""

import dataclasses
import functools
import re
import typing
from typing import Any

from eventsourcing.domain import Aggregate

from domain.activities import Activity
from domain.audits import Audit
from domain.data_subjects import DataSubject
from domain.deliverables import Deliverable
from domain.evidence import Evidence
from domain.expenditure import PartnerReport
from domain.organisation import Organisation
from domain.payments import Payment
from domain.plan import Plan
from domain.project import Project
from domain.schemes import Scheme

STREAM_TYPES: dict[str, type[Aggregate]] = {
    "Organisation": Organisation,
    "Project": Project,
    "Plan": Plan,
    "Deliverable": Deliverable,
    "PartnerReport": PartnerReport,
    "Payment": Payment,
    "Audit": Audit,
    "Activity": Activity,
    "Scheme": Scheme,
    "DataSubject": DataSubject,
    "Evidence": Evidence,
}


def _event(aggregate: type[Aggregate], name: str) -> type:
    cls = aggregate.__dict__[name]
    assert isinstance(cls, type)
    return cls


EVENT_TYPES: dict[str, type] = {
    "Organisation.Registered": _event(Organisation, "Registered"),
    "Organisation.Renamed": _event(Organisation, "Renamed"),
    "Organisation.VatRecoveryChanged": _event(Organisation, "VatRecoveryChanged"),
    "Organisation.ContactAdded": _event(Organisation, "ContactAdded"),
    "Organisation.ContactRemoved": _event(Organisation, "ContactRemoved"),
    "Project.Registered": _event(Project, "Registered"),
    "Project.Started": _event(Project, "Started"),
    "Project.Closed": _event(Project, "Closed"),
    "Project.ReportingPeriodAdded": _event(Project, "ReportingPeriodAdded"),
    "Project.PartnerAdmitted": _event(Project, "PartnerAdmitted"),
    "Project.PartnerWithdrew": _event(Project, "PartnerWithdrew"),
    "Project.PartnerRoleChanged": _event(Project, "PartnerRoleChanged"),
    "Plan.Adopted": _event(Plan, "Adopted"),
    "Plan.ModificationApproved": _event(Plan, "ModificationApproved"),
    "Deliverable.Planned": _event(Deliverable, "Planned"),
    "Deliverable.Drafted": _event(Deliverable, "Drafted"),
    "Deliverable.Submitted": _event(Deliverable, "Submitted"),
    "Deliverable.Accepted": _event(Deliverable, "Accepted"),
    "Deliverable.Rejected": _event(Deliverable, "Rejected"),
    "Deliverable.DueDateChanged": _event(Deliverable, "DueDateChanged"),
    "PartnerReport.Opened": _event(PartnerReport, "Opened"),
    "PartnerReport.ExpenditureDeclared": _event(PartnerReport, "ExpenditureDeclared"),
    "PartnerReport.ExpenditureWithdrawn": _event(PartnerReport, "ExpenditureWithdrawn"),
    "PartnerReport.Submitted": _event(PartnerReport, "Submitted"),
    "PartnerReport.Reopened": _event(PartnerReport, "Reopened"),
    "PartnerReport.ControlStarted": _event(PartnerReport, "ControlStarted"),
    "PartnerReport.LineSampled": _event(PartnerReport, "LineSampled"),
    "PartnerReport.DeductionMade": _event(PartnerReport, "DeductionMade"),
    "PartnerReport.LineParked": _event(PartnerReport, "LineParked"),
    "PartnerReport.LineReincluded": _event(PartnerReport, "LineReincluded"),
    "PartnerReport.SecondReviewerAssigned": _event(PartnerReport, "SecondReviewerAssigned"),
    "PartnerReport.Certified": _event(PartnerReport, "Certified"),
    "Payment.Authorised": _event(Payment, "Authorised"),
    "Payment.Confirmed": _event(Payment, "Confirmed"),
    "Audit.Opened": _event(Audit, "Opened"),
    "Audit.FindingRecorded": _event(Audit, "FindingRecorded"),
    "Audit.CorrectionImposed": _event(Audit, "CorrectionImposed"),
    "Audit.FollowedUp": _event(Audit, "FollowedUp"),
    "Audit.FindingClosed": _event(Audit, "FindingClosed"),
    "Audit.Closed": _event(Audit, "Closed"),
    "Activity.Recorded": _event(Activity, "Recorded"),
    "Activity.ParticipantsCounted": _event(Activity, "ParticipantsCounted"),
    "Activity.TravelLegAdded": _event(Activity, "TravelLegAdded"),
    "Activity.IndicatorContributed": _event(Activity, "IndicatorContributed"),
    "Activity.Cancelled": _event(Activity, "Cancelled"),
    "Scheme.Launched": _event(Scheme, "Launched"),
    "Scheme.AgencyJoined": _event(Scheme, "AgencyJoined"),
    "Scheme.ParticipationRecorded": _event(Scheme, "ParticipationRecorded"),
    "DataSubject.Forgotten": _event(DataSubject, "Forgotten"),
    "Evidence.Received": _event(Evidence, "Received"),
    "Evidence.Attached": _event(Evidence, "Attached"),
    "Evidence.Deleted": _event(Evidence, "Deleted"),
}

EVENT_NAMES: dict[type, str] = {cls: name for name, cls in EVENT_TYPES.items()}

# Fields every event has that the store keeps as columns, not in the payload.
ENVELOPE_FIELDS = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic"}
)


def schema_version(event_class: type) -> int:
    version = getattr(event_class, "class_version", 1)
    assert isinstance(version, int)
    return version


@functools.cache
def payload_fields(event_class: type) -> dict[str, Any]:
    """The payload fields of an event class and their (resolved) types (resolved once: the
    codec asks for every event it encodes or decodes)."""
    hints = typing.get_type_hints(event_class)
    return {
        field.name: hints[field.name]
        for field in dataclasses.fields(event_class)
        if field.name not in ENVELOPE_FIELDS
    }


def describe() -> list[dict[str, Any]]:
    """One entry per event type, for docs/events.md: name, version, fields."""
    return [
        {
            "name": name,
            "stream": name.split(".", 1)[0],
            "version": schema_version(cls),
            "doc": _doc(cls),
            "fields": [
                {"name": field, "type": _type_name(hint)}
                for field, hint in payload_fields(cls).items()
            ],
        }
        for name, cls in EVENT_TYPES.items()
    ]


def _doc(event_class: type) -> str:
    """The event's own docstring. eventsourcing subclasses a declared event class (same
    name) and gives the subclass a generated signature as ``__doc__``: skip those."""
    for cls in event_class.__mro__:
        if cls.__name__ != event_class.__name__:
            break
        doc = cls.__dict__.get("__doc__") or ""
        if doc and not doc.startswith(f"{cls.__name__}("):
            return doc.strip()
    return ""


def _type_name(hint: Any) -> str:
    if isinstance(hint, type) and not typing.get_args(hint):
        return hint.__name__
    return re.sub(r"\b(?:[a-z_]+\.)+(\w+)", r"\1", str(hint))
