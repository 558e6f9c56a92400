#!/usr/bin/env python3
"""Offline verifier of the hub's audit evidence: Python's standard library plus `cryptography`.

It imports nothing from the hub on purpose: an auditor can copy this one file, read it, and
check an export, a proof or a checkpoint without the hub's code. docs/audit.md specifies
everything it checks.

    python verify_offline.py EXPORT_DIR --key VKEY
    python verify_offline.py inclusion PROOF.json --checkpoint NOTE --key VKEY [--event-hash H]
    python verify_offline.py consistency PROOF.json --old NOTE --new NOTE --key VKEY

Exit status: 0 when everything verifies, 1 when something does not (one line says what),
2 when the input cannot be read.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import re
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

GENESIS_HASH = bytes(32)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EVENTS_FILE = "events.jsonl"
CHECKPOINT_FILE = "checkpoint.txt"
DOCUMENTS_DIR = "documents"  # written by `hub audit export --with-evidence`


class Failed(Exception):
    """The evidence does not verify."""


class Unreadable(Exception):
    """The input is not in the expected format."""


# --- Canonical JSON and the hash chain (docs/event-log.md) ---------------------------------


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _no_floats(text: str) -> Any:
    raise Unreadable(f"floating-point number {text} in an event (the log holds none)")


def content_hash(event: dict[str, Any]) -> bytes:
    covered = {
        key: event[key]
        for key in (
            "stream_id",
            "stream_type",
            "event_type",
            "schema_version",
            "payload",
            "metadata",
        )
    }
    return hashlib.sha256(canonical_json(covered)).digest()


def micros_since_epoch(moment: datetime) -> int:
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def chain_hash(
    prev_hash: bytes, position: int, recorded_at: datetime, version: int, content: bytes
) -> bytes:
    header = struct.pack(">qqi", position, micros_since_epoch(recorded_at), version)
    return hashlib.sha256(prev_hash + header + content).digest()


# --- RFC 9162 Merkle tree ----------------------------------------------------------------


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class RunningRoot:
    """The root of a growing tree from a stack of its complete subtrees (O(log n) memory)."""

    def __init__(self) -> None:
        self.size = 0
        self.stack: list[bytes] = []

    def add(self, leaf: bytes) -> None:
        node = leaf_hash(leaf)
        self.size += 1
        size = self.size
        while size % 2 == 0:
            node = node_hash(self.stack.pop(), node)
            size //= 2
        self.stack.append(node)

    def root(self) -> bytes:
        if not self.stack:
            return hashlib.sha256(b"").digest()
        node = self.stack[-1]
        for left in reversed(self.stack[:-1]):
            node = node_hash(left, node)
        return node


def verify_inclusion(leaf: bytes, index: int, size: int, proof: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, result = index, size - 1, leaf_hash(leaf)
    for node in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node_hash(node, result)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            result = node_hash(result, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and result == root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: list[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2; equal sizes are consistent when the roots are equal."""
    if not 0 < old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    nodes = [old_root, *proof] if old_size & (old_size - 1) == 0 else list(proof)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = nodes[0]
    for node in nodes[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(node, fr), node_hash(node, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, node)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


# --- Signed notes and checkpoints (c2sp.org/signed-note, c2sp.org/tlog-checkpoint) -------


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_hash: bytes
    public_key: bytes


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    tree_size: int
    root_hash: bytes
    time: str


def parse_vkey(text: str) -> VerifierKey:
    parts = text.strip().split("+", 2)
    try:
        name, hash_hex, encoded = parts
        raw = base64.b64decode(encoded, validate=True)
        claimed = bytes.fromhex(hash_hex)
    except (ValueError, binascii.Error):
        raise Unreadable("a verifier key is <name>+<hex key hash>+<base64 key>") from None
    if len(raw) != 33 or raw[0] != 0x01:
        raise Unreadable("the verifier key is not an Ed25519 key")
    computed = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if computed != claimed:
        raise Unreadable("the verifier key's hash does not match its name and key")
    return VerifierKey(name, claimed, raw[1:])


def open_checkpoint(note: str, key: VerifierKey) -> Checkpoint:
    body, separator, signatures = note.rpartition("\n\n")
    if not separator or not signatures.endswith("\n"):
        raise Unreadable("not a signed note: no blank line before the signatures")
    body += "\n"
    for line in signatures[:-1].split("\n"):
        match = re.fullmatch(r"\u2014 (\S+) ([A-Za-z0-9+/=]+)", line)
        if match is None:
            raise Unreadable("malformed signature line in the note")
        raw = base64.b64decode(match.group(2))
        if match.group(1) != key.name or raw[:4] != key.key_hash:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(key.public_key).verify(raw[4:], body.encode())
        except InvalidSignature:
            raise Failed(f"the checkpoint's signature by {key.name} does not verify") from None
        return parse_checkpoint(body)
    raise Failed(f"the checkpoint carries no signature by {key.name}")


def parse_checkpoint(body: str) -> Checkpoint:
    lines = body.split("\n")[:-1]
    times = [line[5:] for line in lines[3:] if line.startswith("time ")]
    if len(lines) < 4 or not lines[1].isdigit() or not times:
        raise Unreadable("a checkpoint has an origin, a size, a root hash and a time line")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except binascii.Error:
        raise Unreadable("the checkpoint's root hash is not base64") from None
    if len(root) != 32:
        raise Unreadable("the checkpoint's root hash is not 32 bytes")
    return Checkpoint(lines[0], int(lines[1]), root, times[0])


def read_checkpoint(path: Path, key: VerifierKey) -> Checkpoint:
    return open_checkpoint(_read_text(path), key)


# --- The export ---------------------------------------------------------------------------


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise Unreadable(f"cannot read {path}: {error.strerror}") from None


def _hex(value: Any, what: str, length: int = 32) -> bytes:
    try:
        raw = bytes.fromhex(value)
    except (TypeError, ValueError):
        raise Unreadable(f"{what} is not hex") from None
    if len(raw) != length:
        raise Unreadable(f"{what} is not {length} bytes")
    return raw


def read_events(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                try:
                    yield number, json.loads(line, parse_float=_no_floats)
                except json.JSONDecodeError as error:
                    raise Unreadable(f"{path.name} line {number}: {error.msg}") from None
    except OSError as error:
        raise Unreadable(f"cannot read {path}: {error.strerror}") from None


def check_event(event: dict[str, Any], position: int, prev_hash: bytes) -> bytes:
    """The event's hash if it is the expected next event and recomputes; Failed otherwise."""
    try:
        recorded_at = datetime.fromisoformat(event["recorded_at"])
        stored_prev = _hex(event["prev_hash"], "prev_hash")
        stored_hash = _hex(event["hash"], "hash")
        if event["position"] != position:
            raise Failed(f"expected position {position}, found {event['position']}")
        if stored_prev != prev_hash:
            raise Failed("prev_hash is not the previous event's hash")
        computed = chain_hash(
            prev_hash, position, recorded_at, event["stream_version"], content_hash(event)
        )
    except (KeyError, TypeError, ValueError) as error:
        raise Unreadable(f"malformed event ({type(error).__name__}: {error})") from None
    if computed != stored_hash:
        raise Failed("the hash does not recompute from the event's content")
    return stored_hash


def verify_export(folder: Path, key: VerifierKey) -> str:
    checkpoint = read_checkpoint(folder / CHECKPOINT_FILE, key)
    tree, prev_hash = RunningRoot(), GENESIS_HASH
    evidence: list[dict[str, Any]] = []
    for number, event in read_events(folder / EVENTS_FILE):
        try:
            prev_hash = check_event(event, tree.size + 1, prev_hash)
        except Failed as failure:
            raise Failed(f"{EVENTS_FILE} line {number}: {failure}") from None
        tree.add(prev_hash)
        if event["stream_type"] == "Evidence":
            evidence.append(event)
    if tree.size != checkpoint.tree_size:
        raise Failed(f"the export holds {tree.size} events, the checkpoint {checkpoint.tree_size}")
    if tree.root() != checkpoint.root_hash:
        raise Failed("the Merkle root of the exported events is not the checkpoint's root")
    documents = ""
    if (folder / DOCUMENTS_DIR).is_dir():
        documents = verify_documents(folder / DOCUMENTS_DIR, evidence)
    return (
        f"ok: {tree.size} events, chain head {prev_hash.hex()}, Merkle root "
        f"{checkpoint.root_hash.hex()} signed by {key.name} at {checkpoint.time}{documents}"
    )


def cited_documents(events: list[dict[str, Any]]) -> dict[str, tuple[list[int], bool]]:
    """SHA-256 of each document the ``Evidence`` events cite: the positions citing it, and
    whether its last event is a lawful deletion (docs/evidence.md)."""
    names: dict[str, str] = {}
    cited: dict[str, tuple[list[int], bool]] = {}
    for event in events:
        if event["event_type"] == "Evidence.Received":
            names[event["stream_id"]] = event["payload"]["document"]["sha256"]
        sha256 = names[event["stream_id"]]
        positions = cited.get(sha256, ([], False))[0]
        positions.append(event["position"])
        cited[sha256] = (positions, event["event_type"] == "Evidence.Deleted")
    return cited


def verify_documents(folder: Path, events: list[dict[str, Any]]) -> str:
    """Every cited document not lawfully deleted is in ``folder`` and hashes to its name."""
    checked = deleted = 0
    for sha256, (positions, gone) in sorted(cited_documents(events).items()):
        if gone:
            deleted += 1
            continue
        citing = ", ".join(map(str, positions))
        try:
            with (folder / sha256).open("rb") as document:
                actual = hashlib.file_digest(document, "sha256").hexdigest()
        except FileNotFoundError:
            raise Failed(f"document {sha256} is missing; cited at positions {citing}") from None
        if actual != sha256:
            raise Failed(f"document {sha256} is altered (hashes to {actual}); cited at {citing}")
        checked += 1
    return f"; {checked} documents hash to what the log says, {deleted} lawfully deleted"


# --- Proofs -------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def read_proof(path: str, kind: str) -> dict[str, Any]:
    """A proof as `hub audit prove` prints it, or as GraphQL gives it (the object, or the
    data or response holding it as `inclusionProof` or `consistencyProof`)."""
    text = sys.stdin.read() if path == "-" else _read_text(Path(path))
    try:
        proof = json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable(f"the proof is not JSON: {error.msg}") from None
    if isinstance(proof, dict) and isinstance(proof.get("data"), dict):
        proof = proof["data"]
    if isinstance(proof, dict) and f"{kind}Proof" in proof:
        proof = proof[f"{kind}Proof"]
    if not isinstance(proof, dict):
        raise Unreadable("the proof is not a JSON object")
    proof = {_snake(name): value for name, value in proof.items()}
    if proof.get("type", kind) != kind:
        raise Unreadable(f"this is a {proof['type']} proof, not a {kind} proof")
    return proof


def _path(proof: dict[str, Any]) -> list[bytes]:
    nodes = proof.get("proof")
    if not isinstance(nodes, list):
        raise Unreadable("the proof has no list of hashes")
    return [_hex(node, "a proof hash") for node in nodes]


def verify_inclusion_proof(
    proof: dict[str, Any], checkpoint: Checkpoint, event_hash: bytes | None
) -> str:
    try:
        position, size = int(proof["position"]), int(proof["tree_size"])
        leaf, root = _hex(proof["event_hash"], "event_hash"), _hex(proof["root_hash"], "root")
    except (KeyError, TypeError, ValueError):
        raise Unreadable(
            "an inclusion proof has position, tree_size, event_hash, root_hash"
        ) from None
    if size != checkpoint.tree_size or root != checkpoint.root_hash:
        raise Failed("the proof is for another tree than the checkpoint's")
    if event_hash is not None and event_hash != leaf:
        raise Failed("the proof is for another event hash than the one given")
    if not verify_inclusion(leaf, position - 1, size, _path(proof), root):
        raise Failed(f"the event hash is not at position {position} of the checkpoint's tree")
    return f"ok: event {leaf.hex()} is at position {position} of the signed tree of size {size}"


def verify_consistency_proof(proof: dict[str, Any], old: Checkpoint, new: Checkpoint) -> str:
    try:
        old_size, new_size = int(proof["from_size"]), int(proof["to_size"])
        old_root = _hex(proof["old_root_hash"], "old_root_hash")
        new_root = _hex(proof["new_root_hash"], "new_root_hash")
    except (KeyError, TypeError, ValueError):
        raise Unreadable(
            "a consistency proof has from_size, to_size and both root hashes"
        ) from None
    if old.origin != new.origin:
        raise Failed("the two checkpoints are of different logs")
    if (old_size, old_root) != (old.tree_size, old.root_hash):
        raise Failed("the proof's old tree is not the old checkpoint's")
    if (new_size, new_root) != (new.tree_size, new.root_hash):
        raise Failed("the proof's new tree is not the new checkpoint's")
    if not verify_consistency(old_size, new_size, old_root, new_root, _path(proof)):
        raise Failed(f"the tree of size {new_size} does not extend the tree of size {old_size}")
    return f"ok: the signed tree of size {new_size} extends the signed tree of size {old_size}"


# --- Command line -------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="verify_offline.py", description=__doc__.split("\n")[0])
    sub = top.add_subparsers(dest="action", required=True)
    export = sub.add_parser("export", help="check an export folder (the default action)")
    export.add_argument("folder", type=Path)
    inclusion = sub.add_parser("inclusion", help="check an inclusion proof")
    inclusion.add_argument("proof", help="proof JSON file, or - for standard input")
    inclusion.add_argument("--checkpoint", type=Path, required=True)
    inclusion.add_argument("--event-hash", help="the event hash you hold (hex)")
    consistency = sub.add_parser("consistency", help="check a consistency proof")
    consistency.add_argument("proof", help="proof JSON file, or - for standard input")
    consistency.add_argument("--old", type=Path, required=True, help="the older checkpoint")
    consistency.add_argument("--new", type=Path, required=True, help="the newer checkpoint")
    for action in (export, inclusion, consistency):
        action.add_argument("--key", required=True, help="the log's verifier key (vkey)")
    return top


def run(args: argparse.Namespace) -> str:
    key = parse_vkey(args.key)
    if args.action == "export":
        return verify_export(args.folder, key)
    if args.action == "inclusion":
        held = None if args.event_hash is None else _hex(args.event_hash, "--event-hash")
        checkpoint = read_checkpoint(args.checkpoint, key)
        return verify_inclusion_proof(read_proof(args.proof, "inclusion"), checkpoint, held)
    old, new = read_checkpoint(args.old, key), read_checkpoint(args.new, key)
    return verify_consistency_proof(read_proof(args.proof, "consistency"), old, new)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] not in ("export", "inclusion", "consistency", "-h", "--help"):
        argv.insert(0, "export")
    args = parser().parse_args(argv)
    try:
        print(run(args))
    except Failed as failure:
        print(f"FAILED: {failure}")
        return 1
    except Unreadable as problem:
        print(f"verify_offline.py: error: {problem}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
