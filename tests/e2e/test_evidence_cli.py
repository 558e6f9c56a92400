"""`hub evidence verify|retention|delete|gc` against a served hub's vault: a file altered
or lost on disk is named with the events citing it; deletion is refused before the
retention deadline and allowed after it, with the clock set by the test (HUB_TODAY)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys

import pytest

from hub.database import Database
from hub.settings import PROJECT_ROOT
from tests.e2e.evidence_support import World, pdf, served_world
from tests.e2e.mutations_support import module_database

__all__ = ["module_database"]


@pytest.fixture(scope="module")
async def world(module_database: Database, tmp_path_factory: pytest.TempPathFactory):
    async with served_world(module_database, tmp_path_factory.mktemp("evidence")) as built:
        yield built


async def attached(world: World, text: str, kind: str = "expenditure_line") -> str:
    entity = world.line_id if kind == "expenditure_line" else str(world.deliverable_id)
    response = await world.upload(kind, entity, pdf(text), world.tokens["partner"])
    assert response.status_code == 201, response.text
    return str(response.json()["sha256"])


async def citing(world: World, sha256: str) -> list[int]:
    rows = await world.database.pool.fetch(
        "SELECT position FROM events WHERE stream_type = 'Evidence'"
        " AND (payload ->> 'sha256' = $1 OR payload -> 'document' ->> 'sha256' = $1)"
        " ORDER BY position", sha256)  # fmt: skip
    return [row["position"] for row in rows]


def documents(result) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    return {d["sha256"]: d for d in json.loads(result.stdout)["documents"]}


async def test_verify_names_a_file_altered_on_disk_and_the_events_citing_it(world: World):
    sha256 = await attached(world, "altered")
    await attached(world, "altered", kind="deliverable")
    healthy = await world.cli("verify", "--json")
    assert healthy.returncode == 0, healthy.stderr
    assert documents(healthy)[sha256]["state"] == "ok"
    path = world.store.path_of(sha256)
    os.chmod(path, 0o640)
    path.write_bytes(pdf("altered") + b"% one more line\n")
    broken = await world.cli("verify")
    assert broken.returncode == 1
    line = next(line for line in broken.stdout.splitlines() if sha256 in line)
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    positions = await citing(world, sha256)
    assert len(positions) == 3  # received, attached to the line, attached to the deliverable
    assert line == f"ALTERED {sha256}: now hashes to {expected}; cited by " + ", ".join(
        map(str, positions)
    )
    audited = await world.cli("verify", "--with-evidence", command="audit")
    assert audited.returncode == 1, audited.stdout  # the chain holds, the vault does not
    assert audited.stdout.splitlines()[0].startswith("ok: ")
    assert "evidence BROKEN" in audited.stdout and line in audited.stdout.splitlines()
    assert (await world.cli("verify", command="audit")).returncode == 0
    path.unlink()
    missing = documents(await world.cli("verify", "--json"))[sha256]
    assert missing["state"] == "missing" and missing["citing_positions"] == positions
    path.write_bytes(pdf("altered"))  # restored from a backup
    assert (await world.cli("verify")).returncode == 0
    restored = await world.cli("verify", "--with-evidence", "--json", command="audit")
    assert restored.returncode == 0
    assert json.loads(restored.stdout)["evidence"]["broken"] == []


async def test_deletion_is_refused_before_the_deadline_and_recorded_after_it(world: World):
    sha256 = await attached(world, "retention")
    due = await world.cli("retention", "--all", "--json", HUB_TODAY="2028-12-31")
    row = next(json.loads(x) for x in due.stdout.splitlines() if sha256 in x)
    assert (row["deadline"], row["rule"], row["years"], row["due"]) == (
        "2028-12-31", "default", 5, False)  # fmt: skip
    early = await world.cli("delete", sha256, "--by", "archivist", HUB_TODAY="2028-12-31")
    assert early.returncode == 1
    assert early.stderr.strip() == f"hub: error: {sha256} is kept until 2028-12-31 (default)"
    assert world.store.path_of(sha256).exists()
    listed = await world.cli("retention", HUB_TODAY="2029-01-01")
    assert any(line.startswith(f"DUE\t{sha256}\t2028-12-31") for line in listed.stdout.splitlines())
    deleted = await world.cli("delete", sha256, "--by", "archivist", HUB_TODAY="2029-01-01")
    assert deleted.returncode == 0, deleted.stderr
    assert not world.store.path_of(sha256).exists()
    event = (await world.evidence_events())[-1]
    assert event["event_type"] == "Evidence.Deleted"
    assert event["payload"] == {
        "deleted_on": "2029-01-01",
        "deadline": "2028-12-31",
        "rule": "default",
        "years": 5,
        "deleted_by": "archivist",
    }
    verified = await world.cli("verify", "--json")
    assert documents(verified)[sha256]["state"] == "lawfully_deleted"
    assert (await world.download(sha256, world.tokens["partner"])).status_code == 410
    again = await world.cli("delete", sha256, "--by", "archivist", HUB_TODAY="2029-01-01")
    assert again.returncode == 1 and "deleted" in again.stderr


async def test_state_aid_projects_keep_their_documents_ten_years(world: World):
    sha256 = await attached(world, "state-aid")
    acronym = f"PYR-{world.story.tag}"
    refused = await world.cli("delete", sha256, "--by", "archivist", HUB_TODAY="2030-06-01",
                              HUB_EVIDENCE_STATE_AID_PROJECTS=acronym)  # fmt: skip
    assert refused.returncode == 1 and "kept until 2033-12-31 (state aid)" in refused.stderr
    seven_years = '{"interreg_poctefa": 7}'
    programme = await world.cli(
        "retention", "--all", "--json", HUB_EVIDENCE_RETENTION_BY_PROGRAMME=seven_years
    )
    row = next(json.loads(x) for x in programme.stdout.splitlines() if sha256 in x)
    assert (row["deadline"], row["rule"]) == ("2030-12-31", "programme interreg_poctefa")


async def test_gc_removes_uncited_bytes_and_abandoned_staged_files_only(world: World):
    cited = await attached(world, "kept by gc")
    orphan = b"%PDF- bytes stored by a process that died before citing them"
    orphan_sha = hashlib.sha256(orphan).hexdigest()
    world.store.path_of(orphan_sha).parent.mkdir(parents=True, exist_ok=True)
    world.store.path_of(orphan_sha).write_bytes(orphan)
    staged = world.store.staging / "abandoned.part"
    staged.write_bytes(b"half an upload")
    os.utime(staged, (0, 0))
    result = await world.cli("gc")
    assert result.returncode == 0, result.stderr
    assert f"removed {orphan_sha}" in result.stdout.splitlines()
    assert not world.store.path_of(orphan_sha).exists() and not staged.exists()
    assert world.store.path_of(cited).exists()


async def test_deleting_an_unknown_document_is_one_clear_line(world: World):
    result = await world.cli("delete", "f" * 64, "--by", "archivist")
    assert result.returncode == 1
    assert result.stderr == f"hub: error: the log cites no document {'f' * 64}\n"


async def test_an_export_with_evidence_lets_the_offline_verifier_check_the_documents(
    world: World, tmp_path
):
    sha256 = await attached(world, "exported")
    head = await world.database.pool.fetchval("SELECT max(position) FROM events")
    folder = tmp_path / "export"
    exported = await world.cli("export", "--until", str(head), "--output", str(folder),
                               "--with-evidence", command="audit")  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert (folder / "documents" / sha256).read_bytes() == pdf("exported")
    key = (folder / "verifier-key.txt").read_text().strip()
    checked = await asyncio.to_thread(verify_offline, folder, key)
    assert checked.returncode == 0, checked.stdout
    assert "documents hash to what the log says" in checked.stdout
    (folder / "documents" / sha256).write_bytes(pdf("exported") + b"%")
    altered = await asyncio.to_thread(verify_offline, folder, key)
    positions = ", ".join(map(str, await citing(world, sha256)))
    assert altered.returncode == 1
    assert altered.stdout.startswith(f"FAILED: document {sha256} is altered")
    assert altered.stdout.strip().endswith(f"cited at {positions}")


def verify_offline(folder, key):  # type: ignore[no-untyped-def]
    script = PROJECT_ROOT / "hub" / "audit" / "verify_offline.py"
    command = [sys.executable, str(script), str(folder), "--key", key]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)
