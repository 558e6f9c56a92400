"""Checkpoints and proofs through GraphQL over real HTTP, checked by verify_offline.py, with
the hub's own periodic checkpointing running."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import pytest

from hub.audit.checkpoints import latest_checkpoint, sign_checkpoint
from hub.eventstore import EventStore, NewEvent
from hub.settings import PROJECT_ROOT
from tests.e2e.graphql_client import GraphQLClient
from tests.e2e.test_oauth_support import basic_client, basic_oauth, serving

VERIFIER = PROJECT_ROOT / "hub" / "audit" / "verify_offline.py"
INCLUSION = (PROJECT_ROOT / "graphql" / "operations" / "AuditorInclusionProof.graphql").read_text()
CONSISTENCY = """query($from: BigInt!, $to: BigInt) {
  consistencyProof(fromSize: $from, toSize: $to) {
    fromSize toSize oldRootHash newRootHash proof } }"""
PAGE = """query($first: Int, $after: String) {
  auditCheckpoints(first: $first, after: $after) {
    nodes { id treeSize } pageInfo { hasNextPage endCursor } } }"""


async def append(database, count: int) -> None:
    store = EventStore(database.pool, {"Project"})
    await store.append(
        str(uuid4()), "Project", 0, [NewEvent("Project.Noted", {"n": n}) for n in range(count)]
    )


async def offline(*args: str | Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-I", str(VERIFIER), *map(str, args)]
    return await asyncio.to_thread(subprocess.run, command, capture_output=True, text=True)


def graphql(hub) -> GraphQLClient:
    return GraphQLClient(hub.base.removeprefix("http://"))


def codes(result: dict) -> list[str]:
    return [error["extensions"]["code"] for error in result["errors"]]


async def test_the_running_hub_signs_checkpoints_and_its_proofs_verify_offline(
    fresh_database, tmp_path
):
    async with serving(fresh_database, tmp_path, audit_checkpoint_seconds=0.2) as hub:
        await append(fresh_database, 300)
        await wait_for_checkpoint(fresh_database, 300)
        await append(fresh_database, 20)
        await wait_for_checkpoint(fresh_database, 320)
        response = await graphql(hub).execute(INCLUSION, {"position": 299})
    data = response["data"]
    assert data["auditCheckpoint"]["treeSize"] == data["inclusionProof"]["treeSize"] == 320
    (tmp_path / "note.txt").write_text(data["auditCheckpoint"]["note"])
    (tmp_path / "proof.json").write_text(json.dumps(response))
    args = ("--checkpoint", tmp_path / "note.txt", "--key", data["auditPublicKey"])
    done = await offline("inclusion", tmp_path / "proof.json", *args)
    assert done.returncode == 0, done.stdout + done.stderr

    data["inclusionProof"]["leafIndex"] = 297
    data["inclusionProof"]["position"] = 298
    (tmp_path / "moved.json").write_text(json.dumps(response))
    assert (await offline("inclusion", tmp_path / "moved.json", *args)).returncode == 1


async def wait_for_checkpoint(database, size: int) -> None:
    """Until the hub's periodic task has signed the log at ``size`` (read from the table,
    so no GraphQL answer is computed before it)."""
    async with asyncio.timeout(20):
        while True:
            async with database.pool.acquire() as connection:
                latest = await latest_checkpoint(connection)
            if latest is not None and latest.tree_size == size:
                return
            await asyncio.sleep(0.1)


async def test_a_consistency_proof_and_the_checkpoint_pages(fresh_database, tmp_path):
    await append(fresh_database, 400)
    async with fresh_database.pool.acquire() as connection:
        notes = [(await sign_checkpoint(connection, "t.hub/log", n)).note for n in (1, 130, 400)]
    async with serving(fresh_database, tmp_path, audit_origin="t.hub/log") as hub:
        client = graphql(hub)
        proof = await client.data(CONSISTENCY, {"from": 130})
        key = (await client.data("{ auditPublicKey }"))["auditPublicKey"]
        first = (await client.data(PAGE, {"first": 2}))["auditCheckpoints"]
        after = first["pageInfo"]["endCursor"]
        rest = (await client.data(PAGE, {"first": 2, "after": after}))["auditCheckpoints"]
    assert proof["consistencyProof"]["toSize"] == 400
    assert [c["treeSize"] for c in first["nodes"] + rest["nodes"]] == [400, 130, 1]
    assert first["pageInfo"]["hasNextPage"] and not rest["pageInfo"]["hasNextPage"]
    (tmp_path / "old.txt").write_text(notes[1])
    (tmp_path / "new.txt").write_text(notes[2])
    (tmp_path / "proof.json").write_text(json.dumps(proof))
    args = ("--old", tmp_path / "old.txt", "--new", tmp_path / "new.txt", "--key", key)
    done = await offline("consistency", tmp_path / "proof.json", *args)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (INCLUSION, {"position": 0}),
        (INCLUSION, {"position": 11}),
        (INCLUSION, {"position": 1, "treeSize": 11}),
        (CONSISTENCY, {"from": 0}),
        (CONSISTENCY, {"from": 5, "to": 4}),
        (PAGE, {"first": 2, "after": "bm90LWEtY3Vyc29y"}),
    ],
    ids=["position-0", "past-the-log", "size-past-the-log", "from-0", "reversed", "bad-cursor"],
)
async def test_out_of_range_requests_are_invalid_input(fresh_database, tmp_path, query, variables):
    await append(fresh_database, 10)
    async with serving(fresh_database, tmp_path) as hub:
        result = await graphql(hub).execute(query, variables)
    assert "INVALID_INPUT" in codes(result)


async def test_checkpoints_and_proofs_need_the_audit_read_scope(fresh_database, tmp_path):
    await append(fresh_database, 3)
    async with serving(fresh_database, tmp_path) as hub:
        client_id, secret = await basic_client(fresh_database, "projects:read")
        async with basic_oauth(hub, client_id, secret, scope="projects:read") as oauth:
            token = await oauth.fetch_token(hub.token_url, grant_type="client_credentials")
        headers = {"authorization": f"Bearer {token['access_token']}"}
        client = GraphQLClient(hub.base.removeprefix("http://"), headers=headers)
        for query in ("{ auditCheckpoint { id } }", "{ auditPublicKey }"):
            assert codes(await client.execute(query)) == ["FORBIDDEN"]
        assert set(codes(await client.execute(INCLUSION, {"position": 1}))) == {"FORBIDDEN"}
