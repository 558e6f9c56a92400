"""The stored Merkle tree, signed checkpoints and proofs against a real PostgreSQL log."""

from __future__ import annotations

import asyncio
import base64

import asyncpg
import pytest

from hub.audit import merkle, note, tree_store
from hub.audit.checkpoints import (
    CheckpointRequestError,
    checkpoint_if_grown,
    checkpoints_before,
    latest_checkpoint,
    sign_checkpoint,
    verifier_key,
)
from hub.audit.periodic import PeriodicCheckpoints
from hub.audit.proofs import prove_consistency, prove_inclusion
from hub.database import Database
from hub.eventstore import EventStore, NewEvent

ORIGIN = "test.hub/log"


async def append(database: Database, count: int, stream: str = "s") -> None:
    store = EventStore(database.pool, {"Project"})
    for start in range(0, count, 500):
        batch = [NewEvent("Project.Noted", {"n": n}) for n in range(start, min(count, start + 500))]
        await store.append(f"{stream}-{start}", "Project", 0, batch)


async def chain_hashes(database: Database) -> list[bytes]:
    rows = await database.pool.fetch("SELECT hash FROM events ORDER BY position")
    return [bytes(row["hash"]) for row in rows]


def flip_signature_bit(text: str) -> str:
    head, _, encoded = text.rstrip("\n").rpartition(" ")
    raw = bytearray(base64.b64decode(encoded))
    raw[10] ^= 1
    return f"{head} {base64.b64encode(bytes(raw)).decode()}\n"


def reference(leaves: list[bytes]) -> merkle.Subtrees:
    return lambda start, end: merkle.leaf_range_hash(leaves[start:end])


async def test_the_stored_tree_gives_the_reference_roots_and_proofs(fresh_database):
    await append(fresh_database, 1100)
    async with fresh_database.pool.acquire() as connection:
        assert await tree_store.extend(connection) == 1024
        levels = await connection.fetch(
            "SELECT level, count(*) FROM audit_merkle_nodes GROUP BY level ORDER BY level"
        )
        assert [(r["level"], r["count"]) for r in levels] == [(8, 4), (9, 2), (10, 1)]
        leaves = await chain_hashes(fresh_database)
        for size in (1, 255, 256, 257, 512, 700, 1024, 1025, 1100):
            stored = await tree_store.compute(connection, lambda s, n=size: merkle.root(n, s))
            assert stored == merkle.root(size, reference(leaves)), size
        for index, size in ((0, 1100), (300, 1100), (1023, 1025), (1099, 1100), (5, 6)):
            path = await tree_store.compute(
                connection, lambda s, i=index, n=size: merkle.inclusion_proof(i, n, s)
            )
            assert path == merkle.inclusion_proof(index, size, reference(leaves))
        for old, new in ((1, 1100), (256, 1100), (300, 1024), (1025, 1100), (700, 701)):
            path = await tree_store.compute(
                connection, lambda s, m=old, n=new: merkle.consistency_proof(m, n, s)
            )
            assert path == merkle.consistency_proof(old, new, reference(leaves))


async def test_extending_again_stores_only_what_the_log_completed_since(fresh_database):
    await append(fresh_database, 300)
    async with fresh_database.pool.acquire() as connection:
        assert await tree_store.extend(connection) == 256
        await append(fresh_database, 300, stream="t")
        assert await tree_store.extend(connection) == 512
        leaves = await chain_hashes(fresh_database)
        stored = await connection.fetchval(
            "SELECT hash FROM audit_merkle_nodes WHERE level = 9 AND index = 0"
        )
        assert stored == merkle.leaf_range_hash(leaves[:512])


async def test_a_checkpoint_is_a_signed_note_that_verifies_with_the_published_key(
    fresh_database,
):
    await append(fresh_database, 40)
    async with fresh_database.pool.acquire() as connection:
        signed = await sign_checkpoint(connection, ORIGIN)
        key = await verifier_key(connection, ORIGIN)
        leaves = await chain_hashes(fresh_database)
    checkpoint = note.verify_checkpoint(signed.note, note.parse_vkey(key.encoded()))
    assert (checkpoint.origin, checkpoint.tree_size) == (ORIGIN, 40)
    assert checkpoint.root_hash == signed.root_hash == merkle.leaf_range_hash(leaves)
    lines = signed.note.split("\n")
    assert lines[:3] == [ORIGIN, "40", base64.b64encode(signed.root_hash).decode()]
    assert lines[3].startswith("time ") and lines[3].endswith("Z") and lines[4] == ""
    assert lines[5].startswith(f"\u2014 {ORIGIN} ")
    assert key.encoded().startswith(f"{ORIGIN}+{key.key_hash.hex()}+")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda text: text.replace("\n40\n", "\n41\n"),
        lambda text: text.replace("time 2", "time 1"),
        lambda text: flip_signature_bit(text),
    ],
    ids=["size", "time", "signature"],
)
async def test_a_tampered_checkpoint_note_is_rejected(fresh_database, tamper):
    await append(fresh_database, 40)
    async with fresh_database.pool.acquire() as connection:
        signed = await sign_checkpoint(connection, ORIGIN)
        key = await verifier_key(connection, ORIGIN)
    with pytest.raises(note.NoteError):
        note.verify_checkpoint(tamper(signed.note), key)


async def test_another_key_of_the_same_name_does_not_verify_a_checkpoint(fresh_database):
    await append(fresh_database, 3)
    async with fresh_database.pool.acquire() as connection:
        signed = await sign_checkpoint(connection, ORIGIN)
    impostor = note.VerifierKey(ORIGIN, bytes(32))
    with pytest.raises(note.NoteError):
        note.verify_checkpoint(signed.note, impostor)


async def test_checkpoints_are_append_only_and_listed_newest_first(fresh_database):
    await append(fresh_database, 5)
    async with fresh_database.pool.acquire() as connection:
        first = await sign_checkpoint(connection, ORIGIN, 3)
        second = await sign_checkpoint(connection, ORIGIN)
        assert [c.id for c in await checkpoints_before(connection, None, 10)] == [
            second.id,
            first.id,
        ]
        assert [c.id for c in await checkpoints_before(connection, second.id, 10)] == [first.id]
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("UPDATE audit_checkpoints SET tree_size = 1")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await connection.execute("DELETE FROM audit_signing_keys")
        with pytest.raises(CheckpointRequestError):
            await sign_checkpoint(connection, ORIGIN, 6)


async def test_proofs_are_checked_against_the_latest_checkpoint(fresh_database):
    await append(fresh_database, 600)
    async with fresh_database.pool.acquire() as connection:
        old = await sign_checkpoint(connection, ORIGIN, 270)
        new = await sign_checkpoint(connection, ORIGIN)
        inclusion = await prove_inclusion(connection, 123)
        consistency = await prove_consistency(connection, old.tree_size)
        leaf = await connection.fetchval("SELECT hash FROM events WHERE position = 123")
        with pytest.raises(CheckpointRequestError):
            await prove_inclusion(connection, 601, 601)
        with pytest.raises(CheckpointRequestError):
            await prove_consistency(connection, 0, 10)
    assert inclusion.tree_size == consistency.to_size == 600
    assert merkle.verify_inclusion(leaf, 122, 600, inclusion.path, new.root_hash)
    assert merkle.verify_consistency(270, 600, old.root_hash, new.root_hash, consistency.path)


async def test_only_a_grown_log_gets_a_new_checkpoint(fresh_database):
    async with fresh_database.pool.acquire() as connection:
        assert await checkpoint_if_grown(connection, ORIGIN) is None
        await append(fresh_database, 4)
        assert (await checkpoint_if_grown(connection, ORIGIN)).tree_size == 4
        assert await checkpoint_if_grown(connection, ORIGIN) is None


async def test_one_process_signs_at_a_time(fresh_database):
    await append(fresh_database, 4)
    async with fresh_database.pool.acquire() as holder, holder.transaction():
        await holder.execute("SELECT pg_advisory_xact_lock(7283010006)")
        async with fresh_database.pool.acquire() as connection:
            assert await checkpoint_if_grown(connection, ORIGIN) is None


async def test_the_running_hub_signs_checkpoints_periodically_when_the_log_grows(
    fresh_database,
):
    periodic = PeriodicCheckpoints(fresh_database.pool, ORIGIN, 0.1)
    await periodic.start()
    try:
        await append(fresh_database, 3)
        await wait_for_checkpoint(fresh_database, 3)
        await append(fresh_database, 2, stream="more")
        await wait_for_checkpoint(fresh_database, 5)
        await asyncio.sleep(0.4)
    finally:
        await periodic.stop()
    sizes = await fresh_database.pool.fetch("SELECT tree_size FROM audit_checkpoints ORDER BY id")
    assert [row["tree_size"] for row in sizes] == [3, 5]


async def wait_for_checkpoint(database: Database, size: int) -> None:
    async with asyncio.timeout(10):
        while True:
            async with database.pool.acquire() as connection:
                latest = await latest_checkpoint(connection)
            if latest is not None and latest.tree_size == size:
                return
            await asyncio.sleep(0.05)
