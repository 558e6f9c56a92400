"""Where documents' bytes live: the ``DocumentStore`` interface the vault talks to.

Bytes are staged first (written to a local temporary file and hashed as they arrive),
then committed under their SHA-256, which is their only name: storing the same bytes twice
keeps one copy. ``hub.evidence.filesystem`` implements it under the data folder;
docs/evidence.md describes how an S3-compatible store plugs in.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class Staged:
    """Bytes received and hashed, not yet stored under their hash (nothing cites them)."""

    path: Path
    sha256: str
    size: int


class DocumentStore(Protocol):
    async def stage(self, chunks: AsyncIterable[bytes]) -> Staged:
        """Write ``chunks`` to a temporary file, hashing them; on any error (the client
        went away, a limit was hit) remove it and re-raise."""

    async def commit(self, staged: Staged) -> bool:
        """Store the staged bytes under their hash, atomically; True if they were new."""

    async def discard(self, staged: Staged) -> None:
        """Forget staged bytes that will not be stored."""

    def read(self, sha256: str) -> AsyncIterator[bytes]:
        """The stored bytes in chunks; DocumentMissing if the store lacks them."""

    async def exists(self, sha256: str) -> bool: ...

    async def digest(self, sha256: str) -> str | None:
        """The SHA-256 of the bytes stored under ``sha256`` now (None if missing)."""

    async def delete(self, sha256: str) -> bool:
        """Remove the bytes; False if there were none."""

    async def stored(self) -> list[str]:
        """The hashes of every stored document."""

    async def sweep_staging(self, older_than_seconds: float) -> int:
        """Remove staged files left by a crashed process; how many were removed."""
