"""Checking the vault against the log: every document the log cites and has not lawfully
deleted must still hash to the SHA-256 the log names. A missing or altered document is
reported with the positions of the events citing it; a deleted one as lawfully deleted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hub.evidence.ledger import DocumentRecord
from hub.evidence.store import DocumentStore

OK, MISSING, ALTERED, DELETED = "ok", "missing", "altered", "lawfully_deleted"


@dataclass(frozen=True)
class DocumentCheck:
    sha256: str
    state: str
    citing: tuple[int, ...]
    actual_sha256: str | None = None
    deleted_at: int | None = None

    @property
    def broken(self) -> bool:
        return self.state in (MISSING, ALTERED)

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"sha256": self.sha256, "state": self.state,
                                 "citing_positions": list(self.citing)}  # fmt: skip
        if self.actual_sha256 is not None:
            found["actual_sha256"] = self.actual_sha256
        if self.deleted_at is not None:
            found["deleted_at_position"] = self.deleted_at
        return found

    def line(self) -> str:
        cited = ", ".join(map(str, self.citing))
        if self.state == ALTERED:
            return f"ALTERED {self.sha256}: now hashes to {self.actual_sha256}; cited by {cited}"
        if self.state == MISSING:
            return f"MISSING {self.sha256}: cited by {cited}"
        if self.state == DELETED:
            return f"deleted {self.sha256}: lawfully, at position {self.deleted_at}"
        return f"ok {self.sha256}"


@dataclass(frozen=True)
class VaultReport:
    checks: list[DocumentCheck]

    @property
    def broken(self) -> list[DocumentCheck]:
        return [check for check in self.checks if check.broken]

    def counts(self) -> dict[str, int]:
        counts = {OK: 0, MISSING: 0, ALTERED: 0, DELETED: 0}
        for check in self.checks:
            counts[check.state] += 1
        return counts


async def verify_documents(records: list[DocumentRecord], store: DocumentStore) -> VaultReport:
    return VaultReport([await check_document(record, store) for record in records])


async def check_document(record: DocumentRecord, store: DocumentStore) -> DocumentCheck:
    citing = tuple(record.citing)
    if record.deletion is not None:
        return DocumentCheck(record.sha256, DELETED, citing, deleted_at=record.deletion.position)
    actual = await store.digest(record.sha256)
    if actual is None:
        return DocumentCheck(record.sha256, MISSING, citing)
    if actual != record.sha256:
        return DocumentCheck(record.sha256, ALTERED, citing, actual_sha256=actual)
    return DocumentCheck(record.sha256, OK, citing)
