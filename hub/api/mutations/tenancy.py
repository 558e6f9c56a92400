"""Who may write what, beyond the scope a mutation needs.

A **manager** is a caller with the ``admin`` scope (Occitanie en scène's project managers,
the programme's first-level controllers and paying officers). Anyone else is a **partner**:
its token's ``org`` claim names the organisation it acts for, as the organisation's id in
the directory; a claim that is no organisation id owns nothing. A partner writes only on
its own behalf: in projects it belongs to, for itself; the lead partner (chef de file /
beneficiario principal) also runs the partnership and reviews deliverables. Control,
certification and payments stay with managers (independence of control, Regulation (EU)
2021/1059 Art. 46). Checks read the event store, not the read models, so a partner just
admitted or withdrawn is seen at once. A refused write appends nothing.
"""

from __future__ import annotations

from uuid import UUID

from domain.activities import Activity
from domain.deliverables import Deliverable
from domain.expenditure import PartnerReport
from domain.project import PartnerRole, Project
from hub.api.context import Caller, Info
from hub.api.errors import Forbidden, NotFound
from hub.api.mutations.plumbing import load


def is_manager(caller: Caller) -> bool:
    return "admin" in caller.scopes


def own_organisation(caller: Caller) -> UUID:
    """The organisation a partner's token acts for."""
    try:
        return UUID(str(caller.organisation))
    except ValueError:
        raise Forbidden("this token acts for no organisation of the directory") from None


def require_manager(info: Info, what: str) -> None:
    if not is_manager(info.context.caller):
        raise Forbidden(f"only a manager (scope admin) may {what}", scope="admin")


async def project_of(info: Info, project_id: UUID) -> Project:
    return await load(info, Project, project_id)


def require_member(info: Info, project: Project) -> UUID | None:
    """A manager, or a partner of ``project`` (any role, past or present): the partner's id."""
    caller = info.context.caller
    if is_manager(caller):
        return None
    organisation = own_organisation(caller)
    if organisation not in project.memberships:
        raise Forbidden(f"{organisation} is not a partner of {project.acronym}")
    return organisation


def require_lead_partner(info: Info, project: Project) -> UUID | None:
    """A manager, or the current lead partner of ``project``: the lead partner's id."""
    caller = info.context.caller
    if is_manager(caller):
        return None
    organisation = own_organisation(caller)
    membership = project.memberships.get(organisation)
    if (
        membership is None
        or membership.role != PartnerRole.LEAD_PARTNER
        or membership.left_on is not None
    ):
        raise Forbidden(f"only the lead partner of {project.acronym} or a manager may do this")
    return organisation


def require_self(info: Info, project: Project, organisation_id: UUID) -> UUID:
    """A manager for any partner; a partner only for itself, in a project it belongs to."""
    caller = info.context.caller
    if is_manager(caller):
        return organisation_id
    organisation = own_organisation(caller)
    if organisation != organisation_id:
        raise Forbidden("a partner writes only on its own behalf", organisation=str(organisation))
    require_member(info, project)
    return organisation


async def deliverable_of(info: Info, deliverable_id: UUID) -> tuple[Deliverable, Project]:
    deliverable = await load(info, Deliverable, deliverable_id)
    return deliverable, await project_of(info, deliverable.project_id)


def require_responsible(info: Info, deliverable: Deliverable, project: Project) -> UUID:
    """A manager, the lead partner, or the partner responsible for the deliverable."""
    caller = info.context.caller
    if is_manager(caller) or own_organisation(caller) != deliverable.responsible_partner:
        require_lead_partner(info, project)
    else:
        require_member(info, project)
    return deliverable.responsible_partner


def require_reviewer(info: Info, deliverable: Deliverable, project: Project) -> UUID:
    """A manager, or the lead partner reviewing another partner's deliverable (its own
    deliverables are reviewed by a manager: nobody accepts their own work)."""
    lead = require_lead_partner(info, project)
    if lead is not None and lead == deliverable.responsible_partner:
        raise Forbidden("the lead partner's own deliverables are reviewed by a manager")
    return deliverable.responsible_partner


async def report_of(info: Info, report_id: UUID) -> tuple[PartnerReport, Project]:
    report = await load(info, PartnerReport, report_id)
    return report, await project_of(info, report.project_id)


async def require_own_report(info: Info, report_id: UUID) -> UUID:
    """A manager for any report; a partner only for its own: the report's partner."""
    report, project = await report_of(info, report_id)
    return require_self(info, project, report.partner_id)


async def require_activity_owner(info: Info, owner_id: UUID) -> UUID | None:
    """A manager, or a partner of the project owning the activity (activities of La
    Collaborative's schemes are recorded by managers)."""
    if is_manager(info.context.caller):
        return None
    try:
        project = await project_of(info, owner_id)
    except NotFound:
        raise Forbidden("only a manager records activities outside a project") from None
    return require_member(info, project)


async def require_activity_partner(info: Info, activity_id: UUID) -> UUID | None:
    activity = await load(info, Activity, activity_id)
    return await require_activity_owner(info, activity.owner_id)


async def require_controller(info: Info, report_id: UUID, what: str) -> UUID:
    """A manager (first-level controller): the partner whose report it is."""
    require_manager(info, what)
    return (await load(info, PartnerReport, report_id)).partner_id
