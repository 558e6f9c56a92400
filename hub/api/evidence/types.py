"""The GraphQL type of a document in the evidence vault."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from hub.api.scalars import BigInt


@strawberry.type(description="A document attached to an entity, as the log records it.")
class EvidenceDocument:
    sha256: str = strawberry.field(description="SHA-256 of the bytes: the document's id.")
    file_name: str
    content_type: str = strawberry.field(description="Checked on the bytes at upload.")
    size: BigInt = strawberry.field(description="In bytes.")
    attached_by: str
    attached_at: datetime
    position: BigInt = strawberry.field(description="The `Evidence.Attached` event's position.")
    download_url: str | None = strawberry.field(
        description="`GET` it with a bearer token; null once the document is deleted."
    )
    deleted_on: date | None = strawberry.field(
        description="When the bytes were lawfully deleted, after their retention deadline."
    )
