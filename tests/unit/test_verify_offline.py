"""The offline verifier's own copies of the encoding, chain and tree agree with the hub's."""

from __future__ import annotations

import ast
import hashlib
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hub import canonical
from hub.audit import merkle, note
from hub.audit import verify_offline as offline
from hub.settings import PROJECT_ROOT

text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=20,
)
moments = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


def test_the_verifier_imports_only_the_standard_library_and_cryptography():
    tree = ast.parse((PROJECT_ROOT / "hub" / "audit" / "verify_offline.py").read_text())
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert "hub" not in imported
    assert imported - {"cryptography", "__future__"} <= set(__import__("sys").stdlib_module_names)


@given(st.dictionaries(text, json_values, max_size=5), st.dictionaries(text, text, max_size=3))
def test_the_content_hash_agrees_with_the_hubs(payload, metadata):
    event = {
        "stream_id": "s-1",
        "stream_type": "Project",
        "event_type": "Project.Noted",
        "schema_version": 3,
        "payload": payload,
        "metadata": metadata,
    }
    assert offline.canonical_json(payload) == canonical.canonical_json(payload)
    assert offline.content_hash(event) == canonical.content_hash(
        "s-1", "Project", "Project.Noted", 3, payload, metadata
    )


@given(
    moments, st.integers(1, 2**62), st.integers(1, 2**31 - 1), st.binary(min_size=32, max_size=32)
)
def test_the_chain_hash_agrees_with_the_hubs(moment, position, version, content):
    prev = hashlib.sha256(content).digest()
    local = moment.astimezone(UTC) + timedelta(microseconds=1)
    assert offline.chain_hash(prev, position, local, version, content) == canonical.chain_hash(
        prev, position, local, version, content
    )


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 1100))
def test_the_running_root_equals_the_tree_root(size):
    leaves = [hashlib.sha256(n.to_bytes(4, "big")).digest() for n in range(size)]
    running = offline.RunningRoot()
    for leaf in leaves:
        running.add(leaf)
    assert running.root() == merkle.leaf_range_hash(leaves)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_the_proof_checks_agree_with_the_hubs(draw):
    size = draw.draw(st.integers(1, 400))
    old = draw.draw(st.integers(1, size))
    index = draw.draw(st.integers(0, size - 1))
    leaves = [hashlib.sha256(n.to_bytes(4, "big")).digest() for n in range(size)]

    def subtree(start: int, end: int) -> bytes:
        return merkle.leaf_range_hash(leaves[start:end])

    root, old_root = subtree(0, size), subtree(0, old)
    path = merkle.inclusion_proof(index, size, subtree)
    assert offline.verify_inclusion(leaves[index], index, size, path, root)
    assert not offline.verify_inclusion(leaves[index], index, size, path, old_root) or old == size
    proof = merkle.consistency_proof(old, size, subtree)
    assert offline.verify_consistency(old, size, old_root, root, proof)


def test_the_verifier_reads_the_hubs_signed_notes_and_keys_whose_base64_holds_a_plus():
    private = bytes(range(32))
    checkpoint = note.Checkpoint("o.example/log", 7, bytes(32), datetime(2026, 1, 2, tzinfo=UTC))
    signed = note.sign(checkpoint, "o.example/log", private)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public = Ed25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()
    encoded = note.VerifierKey("o.example/log", public).encoded()
    assert "+" in encoded.split("+", 2)[2]  # base64 may hold '+': split at the first two only
    assert note.parse_vkey(encoded) == note.VerifierKey("o.example/log", public)
    key = offline.parse_vkey(encoded)
    opened = offline.open_checkpoint(signed, key)
    assert (opened.origin, opened.tree_size, opened.root_hash) == ("o.example/log", 7, bytes(32))
    assert opened.time == "2026-01-02T00:00:00Z"
