"""The `evidence` query: the documents attached to one entity, read from the log."""

from __future__ import annotations

import strawberry

from hub.api.context import Info
from hub.api.errors import Forbidden, InvalidInput, NotFound
from hub.api.evidence.types import EvidenceDocument
from hub.api.evidence.visibility import located_for, visible_projects
from hub.api.scalars import BigInt
from hub.evidence import ledger
from hub.evidence.access import may_read
from hub.evidence.errors import EntityNotFound, InvalidEntity, NotAllowed
from hub.evidence.ledger import Attachment, DocumentRecord


@strawberry.type
class EvidenceQueries:
    @strawberry.field(
        description="The documents attached to an entity (`entityKind`: expenditure_line,"
        " control, deliverable, activity, audit_finding; expenditure lines and audit findings"
        " are named `<report or audit id>:<number>`), oldest first, with download links."
        " A partner sees the evidence of its own lines and of its projects' deliverables and"
        " activities; audit:read, every project its grant covers."
    )
    async def evidence(
        self, info: Info, entity_kind: str, entity_id: str
    ) -> list[EvidenceDocument]:
        context = info.context
        repository = context.request.app.state.bus.repository
        try:
            located = await located_for(context.caller, repository, entity_kind, entity_id)
        except InvalidEntity as error:
            raise InvalidInput(str(error)) from None
        except EntityNotFound as error:
            raise NotFound(str(error)) from None
        except NotAllowed as error:
            raise Forbidden(str(error)) from None
        entity = located.entity
        visible = await visible_projects(context)
        if not may_read(context.caller, entity.kind, entity.project_id, entity.partner_id, visible):
            raise Forbidden("this entity's evidence is not visible to the caller")
        records = await ledger.entity_documents(
            context.database.pool, entity.kind.value, entity.entity_id
        )
        base = str(context.request.base_url).rstrip("/")
        found = [
            _document(record, attachment, base)
            for record in records
            for attachment in record.attachments
            if (attachment.entity_kind, attachment.entity_id) == (entity.kind, entity.entity_id)
        ]
        return sorted(found, key=lambda document: document.position)


def _document(record: DocumentRecord, attachment: Attachment, base: str) -> EvidenceDocument:
    deleted = record.deletion
    return EvidenceDocument(
        sha256=record.sha256,
        file_name=attachment.file_name,
        content_type=attachment.content_type,
        size=BigInt(attachment.size),
        attached_by=attachment.attached_by,
        attached_at=attachment.recorded_at,
        position=BigInt(attachment.position),
        download_url=None if deleted else f"{base}/evidence/{record.sha256}",
        deleted_on=None if deleted is None else deleted.deleted_on,
    )
