"""`hub evidence gc`: remove bytes no standing event cites (left by a process that died
between storing and citing them, or by a deletion that stopped before removing them) and
staged files of interrupted uploads older than a grace period."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from hub.evidence import ledger
from hub.evidence.locks import document_lock
from hub.evidence.store import DocumentStore


@dataclass(frozen=True)
class Collected:
    unreferenced: list[str]
    staged: int


async def collect(pool: asyncpg.Pool, store: DocumentStore, staged_age_seconds: float) -> Collected:
    cited = {r.sha256: r for r in await ledger.all_documents(pool)}
    removed: list[str] = []
    for sha256 in await store.stored():
        record = cited.get(sha256)
        if record is not None and record.deletion is None:
            continue
        async with document_lock(pool, sha256):
            record = await ledger.document(pool, sha256)  # again, now that nobody writes it
            if (record is None or record.deletion is not None) and await store.delete(sha256):
                removed.append(sha256)
    return Collected(removed, await store.sweep_staging(staged_age_seconds))
