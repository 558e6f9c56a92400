"""Signed checkpoints, proofs and exports made by `hub audit …` as child processes on a log
written through the command bus, checked by a copy of verify_offline.py kept outside the
project and run with `python -I` (docs/audit.md, §3–6).

One database for the module: every command names its sizes, so what a test appends does
not change what another one checks.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.personal_data import PersonalData
from hub import commands as c
from hub.database import Database, open_database
from hub.eventstore import EventStore, NewEvent
from hub.settings import PROJECT_ROOT, Settings
from tests.conftest import create_database, drop_database
from tests.e2e.hub_process import hub_env, run_hub
from tests.integration.command_fixtures import Story, draft_report, payslip, running_project

VERIFIER = PROJECT_ROOT / "hub" / "audit" / "verify_offline.py"
ORIGIN = "occitanie-en-scene.hub/log"  # HUB_AUDIT_ORIGIN's default; hub_env sets no HUB_*
EM_DASH = "\u2014"


# --- An independent RFC 9162 root, to check what the hub signs -----------------------------


def reference_root(leaves: list[bytes]) -> bytes:
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1 << ((len(leaves) - 1).bit_length() - 1)  # largest power of two < n
    return hashlib.sha256(
        b"\x01" + reference_root(leaves[:k]) + reference_root(leaves[k:])
    ).digest()


# --- The log and the processes ------------------------------------------------------------


@dataclass(frozen=True)
class Log:
    url: str
    database: Database
    story: Story
    report_id: UUID

    @property
    def env(self) -> dict[str, str]:
        return hub_env(self.url)

    async def hub(self, *args: str | Path) -> subprocess.CompletedProcess:
        return await asyncio.to_thread(run_hub, *map(str, args), env=self.env)

    async def size(self) -> int:
        return int(await self.database.pool.fetchval("SELECT max(position) FROM events"))

    async def hashes(self, size: int) -> list[bytes]:
        rows = await self.database.pool.fetch(
            "SELECT hash FROM events WHERE position <= $1 ORDER BY position", size
        )
        return [bytes(row["hash"]) for row in rows]

    async def stored_checkpoints(self) -> int:
        return int(await self.database.pool.fetchval("SELECT count(*) FROM audit_checkpoints"))

    async def grow(self, count: int) -> None:
        """``count`` more events, each a payslip declared on the draft report."""
        before = await self.size()
        for _ in range(count):
            await self.story.run(payslip(self.report_id))
        assert await self.size() == before + count

    async def sign(self, folder: Path, name: str) -> Path:
        """`hub audit checkpoint`, its note saved as it was printed."""
        signed = await self.hub("audit", "checkpoint")
        assert signed.returncode == 0, signed.stderr
        path = folder / name
        path.write_text(signed.stdout, encoding="utf-8")
        return path

    async def prove(self, folder: Path, name: str, *args: str | int) -> tuple[Path, dict]:
        """`hub audit prove …`, its JSON saved and parsed."""
        proved = await self.hub("audit", "prove", *map(str, args))
        assert proved.returncode == 0, proved.stderr
        path = folder / name
        path.write_text(proved.stdout, encoding="utf-8")
        return path, json.loads(proved.stdout)

    async def export(self, until: int | str, folder: Path) -> subprocess.CompletedProcess:
        return await self.hub("audit", "export", "--until", str(until), "--output", folder)


@dataclass(frozen=True)
class Verifier:
    path: Path

    async def __call__(self, *args: str | Path) -> subprocess.CompletedProcess:
        command = [sys.executable, "-I", str(self.path), *map(str, args)]
        return await asyncio.to_thread(
            subprocess.run, command, capture_output=True, text=True, cwd=self.path.parent
        )


@pytest.fixture(scope="module")
async def log(admin_url: str, settings: Settings) -> AsyncIterator[Log]:
    url = await create_database(admin_url)
    database = await open_database(settings, dsn=url)
    try:
        story = await running_project(database)
        yield Log(url, database, story, await draft_report(story))
    finally:
        await database.close()
        await drop_database(admin_url, url)


@pytest.fixture(scope="module")
def verifier(tmp_path_factory: pytest.TempPathFactory) -> Verifier:
    """The one file an auditor is handed, away from the hub's code."""
    copy = tmp_path_factory.mktemp("auditor") / "verify_offline.py"
    shutil.copyfile(VERIFIER, copy)
    assert not copy.resolve().is_relative_to(PROJECT_ROOT.resolve())
    return Verifier(copy)


@pytest.fixture(scope="module")
async def key(log: Log) -> str:
    printed = await log.hub("audit", "public-key")
    assert printed.returncode == 0, printed.stderr
    return printed.stdout.strip()


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("ok: ") and done.stdout.count("\n") == 1, done.stdout
    return done.stdout.strip()


def failed(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.startswith("FAILED: ") and done.stdout.count("\n") == 1, done.stdout
    return done.stdout.strip()


def note_size_and_root(path: Path) -> tuple[int, bytes]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return int(lines[1]), base64.b64decode(lines[2], validate=True)


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


def vkey(name: str, public_key: bytes) -> str:
    """A verifier key in the signed-note form: <name>+<hex key hash>+<base64(0x01 || key)>."""
    raw = b"\x01" + public_key
    key_hash = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    return f"{name}+{key_hash.hex()}+{base64.b64encode(raw).decode()}"


def flip_signature_byte(note: str) -> str:
    head, _, encoded = note.rstrip("\n").rpartition(" ")
    raw = bytearray(base64.b64decode(encoded))
    raw[4 + 20] ^= 0x01  # past the 4-byte key hash: inside the Ed25519 signature
    return f"{head} {base64.b64encode(bytes(raw)).decode()}\n"


# --- 1. Checkpoint, public key, export --------------------------------------------------------


async def test_an_export_verifies_offline_and_a_changed_byte_a_forged_signature_or_a_wrong_key_fail(
    log: Log, verifier: Verifier, key: str, tmp_path: Path
):
    size = await log.size()
    note = await log.sign(tmp_path, "now.txt")
    lines = note.read_text(encoding="utf-8").split("\n")
    assert lines[:2] == [ORIGIN, str(size)]
    assert base64.b64decode(lines[2]) == reference_root(await log.hashes(size))
    assert re.fullmatch(r"time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", lines[3]), lines[3]
    assert lines[4] == ""
    assert re.fullmatch(f"{EM_DASH} {re.escape(ORIGIN)} [A-Za-z0-9+/]+=*", lines[5]), lines[5]
    assert lines[6:] == [""]
    name, key_hash, encoded = key.split("+", 2)
    assert (name, len(key_hash)) == (ORIGIN, 8) and len(base64.b64decode(encoded)) == 33
    assert vkey(name, base64.b64decode(encoded)[1:]) == key

    until = size - 2  # not the whole log: the export is signed for exactly its size
    folder = tmp_path / "export"
    exported = await log.export(until, folder)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.startswith(f"exported {until} events to ")
    assert sorted(p.name for p in folder.iterdir()) == [
        "checkpoint.txt",
        "events.jsonl",
        "verifier-key.txt",
    ]
    assert (folder / "verifier-key.txt").read_text() == key + "\n"
    hashes = await log.hashes(until)
    assert note_size_and_root(folder / "checkpoint.txt") == (until, reference_root(hashes))
    events = (folder / "events.jsonl").read_bytes().split(b"\n")
    assert events[-1] == b"" and len(events) == until + 1
    rows = [json.loads(line) for line in events[:-1]]
    assert [(row["position"], row["hash"]) for row in rows] == [
        (position, digest.hex()) for position, digest in enumerate(hashes, start=1)
    ]
    assert ok(await verifier(folder, "--key", key)).startswith(
        f"ok: {until} events, chain head {hashes[-1].hex()}, Merkle root "
        f"{reference_root(hashes).hex()} signed by {ORIGIN} at "
    )

    # one byte of one payload: the La Grainerie registration carries the story's tag
    target = next(
        row["position"] for row in rows if f"La Grainerie {log.story.tag}" in json.dumps(row)
    )
    line = events[target - 1]
    at = line.index(log.story.tag.encode(), line.index(b'"payload":'))
    changed = line[:at] + (b"x" if line[at : at + 1] != b"x" else b"y") + line[at + 1 :]
    assert (
        len(changed) == len(line) and sum(a != b for a, b in zip(changed, line, strict=True)) == 1
    )
    altered = tmp_path / "altered"
    shutil.copytree(folder, altered)
    (altered / "events.jsonl").write_bytes(
        b"\n".join([*events[: target - 1], changed, *events[target:]])
    )
    assert failed(await verifier(altered, "--key", key)) == (
        f"FAILED: events.jsonl line {target}: the hash does not recompute from the event's content"
    )

    forged = tmp_path / "forged"
    shutil.copytree(folder, forged)
    checkpoint = (folder / "checkpoint.txt").read_text(encoding="utf-8")
    (forged / "checkpoint.txt").write_text(flip_signature_byte(checkpoint), encoding="utf-8")
    assert failed(await verifier(forged, "--key", key)) == (
        f"FAILED: the checkpoint's signature by {ORIGIN} does not verify"
    )

    truncated = tmp_path / "truncated"
    shutil.copytree(folder, truncated)
    (truncated / "events.jsonl").write_bytes(b"\n".join(events[:-2]) + b"\n")
    assert failed(await verifier(truncated, "--key", key)) == (
        f"FAILED: the export holds {until - 1} events, the checkpoint {until}"
    )

    stranger = vkey(ORIGIN, Ed25519PrivateKey.generate().public_key().public_bytes_raw())
    assert failed(await verifier(folder, "--key", stranger)) == (
        f"FAILED: the checkpoint carries no signature by {ORIGIN}"
    )


# --- 2. Inclusion ----------------------------------------------------------------------------


async def test_an_inclusion_proof_verifies_against_the_checkpoint_of_its_size_only(
    log: Log, verifier: Verifier, key: str, tmp_path: Path
):
    older = await log.sign(tmp_path, "older.txt")
    size, root = note_size_and_root(older)
    await log.grow(3)
    newer = await log.sign(tmp_path, "newer.txt")
    assert note_size_and_root(newer)[0] == size + 3
    hashes = [digest.hex() for digest in await log.hashes(size + 3)]

    path, proof = await log.prove(
        tmp_path, "proof.json", "inclusion", "--position", 3, "--size", size
    )
    assert {k: v for k, v in proof.items() if k != "proof"} == {
        "type": "inclusion",
        "position": 3,
        "leaf_index": 2,
        "tree_size": size,
        "event_hash": hashes[2],
        "root_hash": root.hex(),
    }
    assert proof["proof"] and all(re.fullmatch("[0-9a-f]{64}", node) for node in proof["proof"])
    against = ("--checkpoint", older, "--key", key)
    assert ok(await verifier("inclusion", path, *against, "--event-hash", hashes[2])) == (
        f"ok: event {hashes[2]} is at position 3 of the signed tree of size {size}"
    )

    other_leaf = write_json(tmp_path / "other-leaf.json", {**proof, "event_hash": hashes[3]})
    assert failed(await verifier("inclusion", other_leaf, *against)) == (
        "FAILED: the event hash is not at position 3 of the checkpoint's tree"
    )
    assert "another event hash" in failed(
        await verifier("inclusion", path, *against, "--event-hash", hashes[3])
    )
    assert "another tree" in failed(
        await verifier("inclusion", path, "--checkpoint", newer, "--key", key)
    )

    # without --size: the latest checkpoint's size, so it checks against the newer note
    latest, proof = await log.prove(tmp_path, "latest.json", "inclusion", "--position", 3)
    assert proof["tree_size"] == size + 3
    ok(await verifier("inclusion", latest, "--checkpoint", newer, "--key", key))


# --- 3. Consistency --------------------------------------------------------------------------


async def fork_checkpoint(admin_url: str, settings: Settings, log: Log, size: int, folder: Path):
    """Another log of ``size`` events signed with the same key (a forked history): its
    checkpoint, and the equal-size consistency proof that shows the signature is good."""
    url = await create_database(admin_url)
    try:
        connection = await asyncpg.connect(url)
        try:
            signing = await log.database.pool.fetchrow(
                "SELECT name, private_key, public_key FROM audit_signing_keys WHERE name = $1",
                ORIGIN,
            )
            await connection.execute(
                "INSERT INTO audit_signing_keys (name, private_key, public_key)"
                " VALUES ($1, $2, $3)",
                *signing,
            )
        finally:
            await connection.close()
        database = await open_database(settings, dsn=url)
        try:
            forked = [NewEvent("Project.Noted", {"n": n}) for n in range(size)]
            await EventStore(database.pool, {"Project"}).append(str(uuid4()), "Project", 0, forked)
        finally:
            await database.close()
        fork = Log(url, log.database, log.story, log.report_id)  # only .hub() is used
        signed = await fork.hub("audit", "checkpoint")
        assert signed.returncode == 0, signed.stderr
        (folder / "fork.txt").write_text(signed.stdout, encoding="utf-8")
        same, _ = await fork.prove(
            folder, "fork-same.json", "consistency", "--from", size, "--to", size
        )
        return folder / "fork.txt", same
    finally:
        await drop_database(admin_url, url)


async def test_a_consistency_proof_verifies_between_two_checkpoints_and_not_from_a_fork(
    log: Log, verifier: Verifier, key: str, tmp_path: Path, admin_url: str, settings: Settings
):
    old = await log.sign(tmp_path, "old.txt")
    old_size, old_root = note_size_and_root(old)
    await log.grow(5)
    new = await log.sign(tmp_path, "new.txt")
    new_size, new_root = note_size_and_root(new)
    assert new_size == old_size + 5

    path, proof = await log.prove(
        tmp_path, "proof.json", "consistency", "--from", old_size, "--to", new_size
    )
    assert {k: v for k, v in proof.items() if k != "proof"} == {
        "type": "consistency",
        "from_size": old_size,
        "to_size": new_size,
        "old_root_hash": old_root.hex(),
        "new_root_hash": new_root.hex(),
    }
    assert proof["proof"]
    assert ok(await verifier("consistency", path, "--old", old, "--new", new, "--key", key)) == (
        f"ok: the signed tree of size {new_size} extends the signed tree of size {old_size}"
    )
    assert "old tree" in failed(
        await verifier("consistency", path, "--old", new, "--new", old, "--key", key)
    )

    flipped = bytearray(old_root)
    flipped[0] ^= 0x80
    altered = write_json(tmp_path / "altered.json", {**proof, "old_root_hash": flipped.hex()})
    assert (
        failed(await verifier("consistency", altered, "--old", old, "--new", new, "--key", key))
        == "FAILED: the proof's old tree is not the old checkpoint's"
    )

    fork, same = await fork_checkpoint(admin_url, settings, log, old_size, tmp_path)
    fork_size, fork_root = note_size_and_root(fork)
    assert fork_size == old_size and fork_root != old_root
    ok(await verifier("consistency", same, "--old", fork, "--new", fork, "--key", key))
    assert (
        failed(await verifier("consistency", path, "--old", fork, "--new", new, "--key", key))
        == "FAILED: the proof's old tree is not the old checkpoint's"
    )
    claimed = write_json(tmp_path / "claimed.json", {**proof, "old_root_hash": fork_root.hex()})
    assert (
        failed(await verifier("consistency", claimed, "--old", fork, "--new", new, "--key", key))
        == f"FAILED: the tree of size {new_size} does not extend the tree of size {old_size}"
    )

    # an export of the real log handed over with the fork's checkpoint: signed, right size
    exported = await log.export(old_size, tmp_path / "export")
    assert exported.returncode == 0, exported.stderr
    ok(await verifier(tmp_path / "export", "--key", key))
    shutil.copyfile(fork, tmp_path / "export" / "checkpoint.txt")
    assert failed(await verifier(tmp_path / "export", "--key", key)) == (
        "FAILED: the Merkle root of the exported events is not the checkpoint's root"
    )


# --- 4. After an erasure ----------------------------------------------------------------------


async def test_after_forgetting_a_person_a_new_export_verifies_and_extends_the_old_checkpoint(
    log: Log, verifier: Verifier, key: str, tmp_path: Path
):
    email = f"ana.{uuid4().hex[:6]}@lagrainerie.net"
    ana = PersonalData(PersonalData.subject_for(email), {"name": "Ana Etxeberria", "email": email})
    added = await log.story.run(c.AddContact(log.story.partner_id, "finance officer", ana))
    stored = await log.database.pool.fetchval(
        "SELECT payload::text FROM events WHERE position = $1", added.position
    )
    assert f'"$personal": "{ana.subject_id}"' in stored and email not in stored

    before = await log.sign(tmp_path, "before.txt")
    before_size, _ = note_size_and_root(before)
    assert before_size == added.position == await log.size()
    exported = await log.export(before_size, tmp_path / "before")
    assert exported.returncode == 0, exported.stderr

    forgot = await log.hub("gdpr", "forget", str(ana.subject_id))
    assert forgot.returncode == 0, forgot.stderr
    assert not await log.database.pool.fetchval(
        "SELECT count(*) FROM personal_data_keys WHERE subject_id = $1", ana.subject_id
    )
    after = await log.sign(tmp_path, "after.txt")
    after_size, _ = note_size_and_root(after)
    assert after_size == before_size + 1  # DataSubject.Forgotten

    exported = await log.export(after_size, tmp_path / "after")
    assert exported.returncode == 0, exported.stderr
    assert ok(await verifier(tmp_path / "after", "--key", key)).startswith(
        f"ok: {after_size} events, "
    )
    ok(await verifier(tmp_path / "before", "--key", key))
    old_lines = (tmp_path / "before" / "events.jsonl").read_bytes().split(b"\n")[:-1]
    new_lines = (tmp_path / "after" / "events.jsonl").read_bytes().split(b"\n")[:-1]
    assert new_lines[:before_size] == old_lines  # the envelope and its hash, unchanged
    assert email.encode() not in b"".join(new_lines)

    path, _ = await log.prove(
        tmp_path, "proof.json", "consistency", "--from", before_size, "--to", after_size
    )
    ok(await verifier("consistency", path, "--old", before, "--new", after, "--key", key))


# --- 5. Bad input ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    args: Callable[[int, str, Path], list[str]]  # (log size, a time before it, folder)
    message: str
    folder_had: tuple[str, ...] | None = None  # the folder exists beforehand, with these


BAD = {
    "inclusion-position-0": Case(
        lambda size, early, out: ["prove", "inclusion", "--position", "0"], "position 0"
    ),
    "inclusion-past-the-log": Case(
        lambda size, early, out: ["prove", "inclusion", "--position", str(size + 1)],
        "position {size1}",
    ),
    "inclusion-size-past-the-log": Case(
        lambda size, early, out: ["prove", "inclusion", "--position", "2", "--size", str(size + 1)],
        "past the end of the log",
    ),
    "consistency-backwards": Case(
        lambda size, early, out: ["prove", "consistency", "--from", "5", "--to", "3"],
        "from size 5 to size 3",
    ),
    "export-before-the-first-event": Case(
        lambda size, early, out: ["export", "--until", early, "--output", str(out)], "{early}"
    ),
    "export-position-0": Case(
        lambda size, early, out: ["export", "--until", "0", "--output", str(out)], "position 0"
    ),
    "export-past-the-log": Case(
        lambda size, early, out: ["export", "--until", str(size + 1), "--output", str(out)],
        "past the end of the log",
    ),
    "export-time-without-offset": Case(
        lambda size, early, out: ["export", "--until", "2019-01-01T00", "--output", str(out)],
        "UTC offset",
    ),
    "export-into-a-folder-not-empty": Case(
        lambda size, early, out: ["export", "--until", "2", "--output", str(out)],
        "not an empty folder",
        folder_had=("notes.txt",),
    ),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
async def test_bad_input_is_one_error_line_and_writes_nothing(log: Log, tmp_path: Path, case: Case):
    size = await log.size()
    first = await log.database.pool.fetchval("SELECT recorded_at FROM events WHERE position = 1")
    early = (first - timedelta(seconds=1)).isoformat()
    out = tmp_path / "out"
    if case.folder_had is not None:
        out.mkdir()
        for name in case.folder_had:
            (out / name).write_text("kept\n")
    checkpoints = await log.stored_checkpoints()

    done = await log.hub("audit", *case.args(size, early, out))
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("hub: error: ")
    assert case.message.format(size1=size + 1, early=early) in done.stderr
    assert await log.stored_checkpoints() == checkpoints
    if case.folder_had is None:
        assert not out.exists()
    else:
        assert sorted(p.name for p in out.iterdir()) == sorted(case.folder_had)
        assert all((out / name).read_text() == "kept\n" for name in case.folder_had)
