"""Writing to the vault: attach an upload (bytes stored, then the event; a refusal removes
bytes nobody cited before) and delete a document after its retention deadline (the event,
then the bytes). Both hold the document's lock (hub.evidence.locks)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import asyncpg

from domain.evidence import Document, EntityRef
from hub.commands import AttachEvidence, DeleteEvidence
from hub.evidence import ledger
from hub.evidence.errors import DocumentNotFound
from hub.evidence.locks import document_lock
from hub.evidence.retention import Retention, RetentionBook
from hub.evidence.store import DocumentStore
from hub.evidence.upload import Upload
from hub.handlers import CommandBus, CommandContext, CommandResult


@dataclass(frozen=True)
class Attached:
    document: Document
    result: CommandResult

    @property
    def already_attached(self) -> bool:
        return not self.result.positions


async def attach_upload(
    pool: asyncpg.Pool,
    bus: CommandBus,
    store: DocumentStore,
    upload: Upload,
    file_name: str,
    entity: EntityRef,
    context: CommandContext,
) -> Attached:
    staged = upload.staged
    document = Document(staged.sha256, file_name, upload.content_type, staged.size)
    command = AttachEvidence(document, entity, context.actor)
    async with document_lock(pool, staged.sha256):
        try:
            new = await store.commit(staged)
        except BaseException:
            await store.discard(staged)
            raise
        try:
            result = await bus.execute(command, context)
        except BaseException:
            if new:
                await store.delete(staged.sha256)
            raise
    return Attached(document, result)


@dataclass(frozen=True)
class Deleted:
    sha256: str
    retention: Retention
    result: CommandResult


async def delete_document(
    pool: asyncpg.Pool,
    bus: CommandBus,
    store: DocumentStore,
    sha256: str,
    book: RetentionBook,
    today: date,
    context: CommandContext,
) -> Deleted:
    """Record the lawful deletion, then remove the bytes; a domain error (the deadline has
    not passed, or is unknown) leaves both untouched."""
    async with document_lock(pool, sha256):
        record = await ledger.document(pool, sha256)
        if record is None:
            raise DocumentNotFound(f"the log cites no document {sha256}")
        retention = book.of(record)
        command = DeleteEvidence(sha256, today, retention.deadline, retention.rule, context.actor)
        result = await bus.execute(command, context)
        await store.delete(sha256)
    return Deleted(sha256, retention, result)
