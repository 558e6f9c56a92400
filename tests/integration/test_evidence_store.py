"""The filesystem document store: staged while hashed, committed atomically under the
hash, nothing left when a stream fails half-way."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator

import pytest

from hub.evidence.errors import DocumentMissing
from hub.evidence.filesystem import FilesystemStore


async def chunks(*parts: bytes) -> AsyncIterator[bytes]:
    for part in parts:
        yield part


async def failing(after: bytes) -> AsyncIterator[bytes]:
    yield after
    raise ConnectionResetError("client went away")


async def test_bytes_are_stored_under_their_hash_once(tmp_path):
    store = FilesystemStore(tmp_path, chunk_size=4)
    data = os.urandom(1000)
    staged = await store.stage(chunks(data[:333], data[333:]))
    assert (staged.sha256, staged.size) == (hashlib.sha256(data).hexdigest(), 1000)
    assert await store.commit(staged)
    again = await store.stage(chunks(data))
    assert not await store.commit(again)
    path = store.path_of(staged.sha256)
    assert path.read_bytes() == data
    assert path.relative_to(tmp_path).parts[:3] == ("sha256", staged.sha256[:2], staged.sha256[2:4])
    assert b"".join([c async for c in store.read(staged.sha256)]) == data
    assert await store.stored() == [staged.sha256]
    assert list(store.staging.iterdir()) == []


async def test_a_stream_failing_half_way_leaves_no_staged_file(tmp_path):
    store = FilesystemStore(tmp_path)
    with pytest.raises(ConnectionResetError):
        await store.stage(failing(b"%PDF- half"))
    assert list(store.staging.iterdir()) == [] and await store.stored() == []


async def test_digest_tells_altered_and_missing_bytes(tmp_path):
    store = FilesystemStore(tmp_path)
    staged = await store.stage(chunks(b"evidence"))
    await store.commit(staged)
    assert await store.digest(staged.sha256) == staged.sha256
    path = store.path_of(staged.sha256)
    os.chmod(path, 0o640)
    path.write_bytes(b"tampered")
    assert await store.digest(staged.sha256) == hashlib.sha256(b"tampered").hexdigest()
    assert await store.delete(staged.sha256) and not await store.delete(staged.sha256)
    assert await store.digest(staged.sha256) is None
    with pytest.raises(DocumentMissing):
        [c async for c in store.read(staged.sha256)]
