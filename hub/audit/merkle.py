"""RFC 9162 (Certificate Transparency v2) Merkle tree hashing, proofs and their checks.

Leaf *i* is the chain hash (column ``hash``) of the event at position *i + 1*. The
algorithms here are written against ``Subtrees``: a function giving the hash of the
subtree over leaves ``[start, end)``. RFC 9162's recursion only ever asks for ranges whose
start is a multiple of the largest power of two not above their size, so a store of
complete, aligned subtrees answers any root or proof with O(log n) of them
(``hub.audit.tree_store``); ``leaf_range_hash`` computes a range from its leaves.

Because the recursion's shape depends on the sizes only, ``needed_ranges`` runs it once
with placeholder hashes to learn which ranges a root or proof needs, so a store can
fetch them all in one query before the real run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

Subtrees = Callable[[int, int], bytes]

EMPTY_ROOT = hashlib.sha256(b"").digest()


class ProofError(ValueError):
    """A proof or its parameters are out of range or do not verify."""


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(size: int) -> int:
    """The largest power of two strictly below ``size`` (size ≥ 2)."""
    return 1 << ((size - 1).bit_length() - 1)


def hash_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    """MTH over already-hashed leaves (non-empty), iteratively, without recursion."""
    level = list(hashes)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def leaf_range_hash(leaves: Sequence[bytes]) -> bytes:
    """MTH of raw leaves. Pairing left to right and carrying an odd last node up gives the
    same tree as RFC 9162's split at the largest power of two."""
    if not leaves:
        return EMPTY_ROOT
    return hash_leaf_hashes([leaf_hash(leaf) for leaf in leaves])


def root(size: int, subtree: Subtrees) -> bytes:
    if size < 0:
        raise ProofError("the tree size must not be negative")
    return EMPTY_ROOT if size == 0 else subtree(0, size)


def inclusion_proof(index: int, size: int, subtree: Subtrees) -> list[bytes]:
    """RFC 9162 §2.1.3.1 PATH(index, D[0:size])."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    path: list[bytes] = []
    start, end = 0, size
    while end - start > 1:
        k = split_point(end - start)
        if index - start < k:
            path.append(subtree(start + k, end))
            end = start + k
        else:
            path.append(subtree(start, start + k))
            start += k
    path.reverse()
    return path


def consistency_proof(old_size: int, new_size: int, subtree: Subtrees) -> list[bytes]:
    """RFC 9162 §2.1.4.1 PROOF(old_size, D[0:new_size]); empty when the sizes are equal."""
    if not 0 < old_size <= new_size:
        raise ProofError(f"no consistency proof from size {old_size} to size {new_size}")
    proof: list[bytes] = []
    start, end, whole = 0, new_size, True
    m = old_size
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.append(subtree(start + k, end))
            end = start + k
        else:
            proof.append(subtree(start, start + k))
            start += k
            m -= k
            whole = False
    if not whole:
        proof.append(subtree(start, end))
    proof.reverse()
    return proof


def needed_ranges(run: Callable[[Subtrees], object]) -> list[tuple[int, int]]:
    """The subtree ranges ``run`` asks for, found with placeholder hashes."""
    asked: list[tuple[int, int]] = []

    def record(start: int, end: int) -> bytes:
        asked.append((start, end))
        return EMPTY_ROOT

    run(record)
    return asked


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2, for the raw leaf (the event's chain hash)."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    result = leaf_hash(leaf)
    for node in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = node_hash(node, result)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            result = node_hash(result, node)
        fn >>= 1
        sn >>= 1
    return sn == 0 and result == expected_root


def verify_consistency(
    old_size: int,
    new_size: int,
    old_root: bytes,
    new_root: bytes,
    proof: Sequence[bytes],
) -> bool:
    """RFC 9162 §2.1.4.2."""
    if not 0 < old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    nodes = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        nodes.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = nodes[0]
    for node in nodes[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(node, fr)
            sr = node_hash(node, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, node)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root
