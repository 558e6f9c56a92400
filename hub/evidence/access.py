"""Who may attach evidence to an entity, and who may read it.

- A **manager** (scope ``admin``: the agency's project managers and first-level
  controllers) attaches to any entity; evidence of a control or an audit finding is
  attached by managers only.
- A **partner** attaches, with the entity's write scope (``finance:write`` for expenditure
  lines, ``plan:write`` for deliverables, ``activities:write`` for activities), to its own
  expenditure lines, to the deliverables it is responsible for (the lead partner: any of
  its project's) and to the activities of projects it belongs to.
- **Controllers and auditors** (``audit:read``) read the evidence of every project their
  grant covers (a grant limited to projects or a programme narrows it: hub.api.tenancy).
- A partner reads, with ``finance:read``, the evidence of its own lines, of the control of
  its own reports and of findings about it; with ``projects:read``, the evidence of the
  deliverables and activities of its projects.
"""

from __future__ import annotations

from uuid import UUID

from domain.evidence import EntityKind, EntityRef
from domain.project import PartnerRole, Project
from hub.api.context import Caller
from hub.api.tenancy import organisation_id
from hub.evidence.errors import NotAllowed

FINANCE_KINDS = frozenset(
    {EntityKind.EXPENDITURE_LINE, EntityKind.CONTROL, EntityKind.AUDIT_FINDING}
)
WRITE_SCOPES = {
    EntityKind.EXPENDITURE_LINE: "finance:write",
    EntityKind.CONTROL: "finance:write",
    EntityKind.AUDIT_FINDING: "finance:write",
    EntityKind.DELIVERABLE: "plan:write",
    EntityKind.ACTIVITY: "activities:write",
}
MANAGER_KINDS = frozenset({EntityKind.CONTROL, EntityKind.AUDIT_FINDING})
NOT_VISIBLE = "this entity is not visible to the caller"


def is_manager(caller: Caller) -> bool:
    return "admin" in caller.scopes


def check_attach(caller: Caller, entity: EntityRef, project: Project | None) -> None:
    """Refuse (NotAllowed) an attachment the caller may not make."""
    scope = WRITE_SCOPES[entity.kind]
    if not caller.has(scope):
        raise NotAllowed(f"attaching evidence to a {entity.kind} needs the scope {scope}")
    if is_manager(caller):
        return
    if entity.kind in MANAGER_KINDS:
        raise NotAllowed(f"only a manager (scope admin) attaches evidence to a {entity.kind}")
    organisation = organisation_id(caller)
    if organisation is None or project is None or organisation not in project.memberships:
        raise NotAllowed(NOT_VISIBLE)
    if entity.kind is EntityKind.EXPENDITURE_LINE and entity.partner_id != organisation:
        raise NotAllowed("a partner attaches evidence to its own expenditure lines only")
    if entity.kind is EntityKind.DELIVERABLE and entity.partner_id != organisation:
        if not _leads(project, organisation):
            raise NotAllowed("only the responsible partner or the lead partner may do this")


def may_read(
    caller: Caller,
    kind: EntityKind | str,
    project_id: UUID | None,
    partner_id: UUID | None,
    visible: set[UUID] | None,
) -> bool:
    """Whether the caller reads the evidence of an entity; ``visible`` is the caller's
    projects (hub.api.tenancy.finance_projects_visible; None: every project)."""
    if visible is not None and project_id not in visible:
        return False
    if caller.has("audit:read"):
        return True
    if EntityKind(kind) in FINANCE_KINDS:
        own = organisation_id(caller)
        return caller.has("finance:read") and own is not None and partner_id == own
    return caller.has("projects:read") and project_id is not None


def _leads(project: Project, organisation: UUID) -> bool:
    membership = project.memberships.get(organisation)
    return (
        membership is not None
        and membership.role == PartnerRole.LEAD_PARTNER
        and membership.left_on is None
    )
