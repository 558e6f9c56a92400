"""`hub audit export --with-evidence`: the documents the exported events cite, copied
beside them as ``documents/<sha256>`` so the offline verifier checks them too. Documents
lawfully deleted by then are left out (the log says why); bytes the store lost are left
out and counted, and the verifier reports them missing with the events citing them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from hub.evidence import ledger
from hub.evidence.errors import DocumentMissing
from hub.evidence.store import DocumentStore

DOCUMENTS_DIR = "documents"


@dataclass(frozen=True)
class ExportedDocuments:
    copied: int
    missing: int


async def export_documents(
    connection: asyncpg.Connection, store: DocumentStore, folder: Path, until: int
) -> ExportedDocuments:
    rows = await connection.fetch(ledger.ALL_EVENTS)
    records = ledger.fold(row for row in rows if row["position"] <= until)
    target = folder / DOCUMENTS_DIR
    await asyncio.to_thread(target.mkdir, exist_ok=True)
    copied = missing = 0
    for record in records:
        if record.deletion is not None:
            continue
        try:
            await _copy(store, record.sha256, target / record.sha256)
            copied += 1
        except DocumentMissing:
            missing += 1
    return ExportedDocuments(copied, missing)


async def _copy(store: DocumentStore, sha256: str, path: Path) -> None:
    output = await asyncio.to_thread(path.open, "wb")
    try:
        async for chunk in store.read(sha256):
            await asyncio.to_thread(output.write, chunk)
    except BaseException:
        await asyncio.to_thread(output.close)
        await asyncio.to_thread(path.unlink, True)
        raise
    await asyncio.to_thread(output.close)
