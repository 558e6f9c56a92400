"""What of the vault a caller sees, shared by the routes and the `evidence` query."""

from __future__ import annotations

from types import SimpleNamespace
from uuid import UUID

from hub.api.context import Caller, Context
from hub.api.tenancy import finance_projects_visible
from hub.evidence.access import NOT_VISIBLE, may_read
from hub.evidence.entities import Located, entity_kind, locate
from hub.evidence.errors import EntityNotFound, NotAllowed
from hub.evidence.ledger import Attachment, DocumentRecord
from hub.handlers import Repository


async def visible_projects(context: Context) -> set[UUID] | None:
    # the tenancy rules read only the request context
    return await finance_projects_visible(SimpleNamespace(context=context))  # type: ignore[arg-type]


def sees_everything(caller: Caller) -> bool:
    return caller.has("audit:read")


async def located_for(caller: Caller, repository: Repository, kind: str, entity_id: str) -> Located:
    """The entity, or NotAllowed for a caller who may not know whether it exists."""
    try:
        return await locate(repository, entity_kind(kind), entity_id)
    except EntityNotFound:
        if sees_everything(caller):
            raise
        raise NotAllowed(NOT_VISIBLE) from None


def readable(caller: Caller, record: DocumentRecord, visible: set[UUID] | None) -> list[Attachment]:
    """The document's attachments the caller may read (none: the document is hidden)."""
    return [
        a
        for a in record.attachments
        if may_read(caller, a.entity_kind, a.project_id, a.partner_id, visible)
    ]
