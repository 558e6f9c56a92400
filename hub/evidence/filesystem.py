"""The filesystem document store: ``<root>/sha256/ab/cd/abcd…`` and a staging folder
beside it (same filesystem, so committing is an atomic rename).

Every blocking call runs in a thread; bytes move in chunks of ``chunk_size``, so memory
stays flat whatever the size of the document.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import tempfile
import time
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path
from typing import BinaryIO

from hub.evidence.errors import DocumentMissing
from hub.evidence.store import Staged

CHUNK_SIZE = 1024 * 1024
STAGED_SUFFIX = ".part"


class FilesystemStore:
    def __init__(self, root: Path, chunk_size: int = CHUNK_SIZE) -> None:
        self.root = root
        self.objects = root / "sha256"
        self.staging = root / "staging"
        self.chunk_size = chunk_size

    def path_of(self, sha256: str) -> Path:
        return self.objects / sha256[:2] / sha256[2:4] / sha256

    async def stage(self, chunks: AsyncIterable[bytes]) -> Staged:
        path, file = await asyncio.to_thread(self._open_staged)
        digest, size, buffer = hashlib.sha256(), 0, bytearray()
        try:
            async for chunk in chunks:
                buffer += chunk
                if len(buffer) >= self.chunk_size:
                    await asyncio.to_thread(_write, file, digest, buffer)
                    size += len(buffer)
                    buffer.clear()
            await asyncio.to_thread(_write, file, digest, buffer)
            size += len(buffer)
            await asyncio.to_thread(_close, file, True)
        except BaseException:
            await asyncio.to_thread(_abandon, file, path)
            raise
        return Staged(path, digest.hexdigest(), size)

    def _open_staged(self) -> tuple[Path, BinaryIO]:
        self.staging.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=self.staging, suffix=STAGED_SUFFIX)
        return Path(name), os.fdopen(descriptor, "wb")

    async def commit(self, staged: Staged) -> bool:
        return await asyncio.to_thread(self._commit, staged)

    def _commit(self, staged: Staged) -> bool:
        target = self.path_of(staged.sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        new = not target.exists()
        os.chmod(staged.path, 0o440)
        os.replace(staged.path, target)  # also heals a copy altered on disk
        _sync_folder(target.parent)
        return new

    async def discard(self, staged: Staged) -> None:
        await asyncio.to_thread(staged.path.unlink, True)

    async def read(self, sha256: str) -> AsyncIterator[bytes]:
        try:
            file = await asyncio.to_thread(open, self.path_of(sha256), "rb")
        except FileNotFoundError:
            raise DocumentMissing(f"the store has no bytes for {sha256}") from None
        try:
            while chunk := await asyncio.to_thread(file.read, self.chunk_size):
                yield chunk
        finally:
            await asyncio.to_thread(file.close)

    async def exists(self, sha256: str) -> bool:
        return await asyncio.to_thread(self.path_of(sha256).is_file)

    async def digest(self, sha256: str) -> str | None:
        return await asyncio.to_thread(self._digest, self.path_of(sha256))

    def _digest(self, path: Path) -> str | None:
        digest = hashlib.sha256()
        try:
            with path.open("rb") as file:
                while chunk := file.read(self.chunk_size):
                    digest.update(chunk)
        except FileNotFoundError:
            return None
        return digest.hexdigest()

    async def delete(self, sha256: str) -> bool:
        return await asyncio.to_thread(self._delete, self.path_of(sha256))

    @staticmethod
    def _delete(path: Path) -> bool:
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        _sync_folder(path.parent)
        return True

    async def stored(self) -> list[str]:
        return await asyncio.to_thread(self._stored)

    def _stored(self) -> list[str]:
        if not self.objects.is_dir():
            return []
        return sorted(p.name for p in self.objects.glob("??/??/*") if p.is_file())

    async def sweep_staging(self, older_than_seconds: float) -> int:
        return await asyncio.to_thread(self._sweep, time.time() - older_than_seconds)

    def _sweep(self, before: float) -> int:
        removed = 0
        for path in self.staging.glob(f"*{STAGED_SUFFIX}") if self.staging.is_dir() else ():
            if path.stat().st_mtime < before:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _write(file: BinaryIO, digest: hashlib._Hash, data: bytearray) -> None:
    digest.update(data)
    file.write(data)


def _close(file: BinaryIO, durable: bool) -> None:
    if durable:
        file.flush()
        os.fsync(file.fileno())
    file.close()


def _abandon(file: BinaryIO, path: Path) -> None:
    try:
        file.close()
    finally:
        path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
