"""Checkpoints as C2SP signed notes (c2sp.org/tlog-checkpoint, c2sp.org/signed-note), Ed25519.

Body: the origin, the tree size, the base64 root hash, then ``time <RFC 3339 UTC>``, each
line ending in a newline. The note is the body, a blank line, and one signature line
``— <key name> <base64(key hash || signature)>`` per key, where the key hash is the first
4 bytes of SHA-256(key name || 0x0A || 0x01 || public key). The verifier key is published
as ``<name>+<hex key hash>+<base64(0x01 || public key)>``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ED25519 = 0x01
SIGNATURE_PREFIX = "\u2014 "


class NoteError(ValueError):
    """A note, a checkpoint or a verifier key that is malformed or does not verify."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    tree_size: int
    root_hash: bytes
    time: datetime

    def body(self) -> str:
        root = base64.b64encode(self.root_hash).decode()
        stamp = self.time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return f"{self.origin}\n{self.tree_size}\n{root}\ntime {stamp}\n"


@dataclass(frozen=True)
class VerifierKey:
    name: str
    public_key: bytes

    @property
    def key_hash(self) -> bytes:
        return key_hash(self.name, self.public_key)

    def encoded(self) -> str:
        key = base64.b64encode(bytes([ED25519]) + self.public_key).decode()
        return f"{self.name}+{self.key_hash.hex()}+{key}"


def key_hash(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + bytes([ED25519]) + public_key).digest()[:4]


def check_key_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name):
        raise NoteError(f"key name {name!r} must be non-empty, without spaces or '+'")


def sign(checkpoint: Checkpoint, name: str, private_key: bytes) -> str:
    """The signed note of ``checkpoint``."""
    check_key_name(name)
    signer = Ed25519PrivateKey.from_private_bytes(private_key)
    public = signer.public_key().public_bytes_raw()
    body = checkpoint.body()
    signature = key_hash(name, public) + signer.sign(body.encode())
    return f"{body}\n{SIGNATURE_PREFIX}{name} {base64.b64encode(signature).decode()}\n"


def parse_vkey(text: str) -> VerifierKey:
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise NoteError("a verifier key is <name>+<hex key hash>+<base64 key>")
    name, hash_hex, encoded = parts
    check_key_name(name)
    try:
        raw = base64.b64decode(encoded, validate=True)
        expected_hash = bytes.fromhex(hash_hex)
    except (binascii.Error, ValueError):
        raise NoteError("the verifier key is not valid hex and base64") from None
    if len(raw) != 33 or raw[0] != ED25519:
        raise NoteError("the verifier key is not an Ed25519 key")
    key = VerifierKey(name, raw[1:])
    if key.key_hash != expected_hash:
        raise NoteError("the verifier key's hash does not match its name and key")
    return key


def open_note(note: str, key: VerifierKey) -> str:
    """The body of ``note`` if ``key`` signed it; NoteError otherwise."""
    body, separator, signatures = note.rpartition("\n\n")
    if not separator or not signatures.endswith("\n"):
        raise NoteError("not a signed note: no blank line before the signatures")
    body += "\n"
    for line in signatures[:-1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise NoteError("malformed signature line")
        name, _, encoded = line[len(SIGNATURE_PREFIX) :].rpartition(" ")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise NoteError("malformed signature line") from None
        if name != key.name or raw[:4] != key.key_hash:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(key.public_key).verify(raw[4:], body.encode())
        except InvalidSignature:
            raise NoteError(f"the signature of {key.name} does not verify") from None
        return body
    raise NoteError(f"the note carries no signature by {key.name}")


def parse_checkpoint(body: str) -> Checkpoint:
    lines = body.split("\n")
    if len(lines) < 5 or lines[-1] != "":
        raise NoteError("a checkpoint body has an origin, a size, a root hash and a time line")
    origin, size, root = lines[0], lines[1], lines[2]
    times = [line[5:] for line in lines[3:-1] if line.startswith("time ")]
    try:
        tree_size = int(size)
        root_hash = base64.b64decode(root, validate=True)
        moment = datetime.fromisoformat(times[0]) if times else None
    except (ValueError, binascii.Error):
        raise NoteError("malformed checkpoint body") from None
    if not origin or tree_size < 0 or not size.isdigit() or len(root_hash) != 32:
        raise NoteError("malformed checkpoint body")
    if moment is None:
        raise NoteError("the checkpoint has no time line")
    return Checkpoint(origin, tree_size, root_hash, moment)


def verify_checkpoint(note: str, key: VerifierKey) -> Checkpoint:
    return parse_checkpoint(open_note(note, key))
