"""The Merkle tree code against a naive transcription of RFC 9162's recursive definitions."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hub.audit import merkle


def leaves(count: int) -> list[bytes]:
    return [hashlib.sha256(n.to_bytes(8, "big")).digest() for n in range(count)]


def naive_mth(data: list[bytes]) -> bytes:
    if not data:
        return hashlib.sha256(b"").digest()
    if len(data) == 1:
        return hashlib.sha256(b"\x00" + data[0]).digest()
    k = 1
    while k * 2 < len(data):
        k *= 2
    return hashlib.sha256(b"\x01" + naive_mth(data[:k]) + naive_mth(data[k:])).digest()


def naive_path(m: int, data: list[bytes]) -> list[bytes]:
    if len(data) <= 1:
        return []
    k = merkle.split_point(len(data))
    if m < k:
        return [*naive_path(m, data[:k]), naive_mth(data[k:])]
    return [*naive_path(m - k, data[k:]), naive_mth(data[:k])]


def naive_subproof(m: int, data: list[bytes], whole: bool) -> list[bytes]:
    if m == len(data):
        return [] if whole else [naive_mth(data)]
    k = merkle.split_point(len(data))
    if m <= k:
        return [*naive_subproof(m, data[:k], whole), naive_mth(data[k:])]
    return [*naive_subproof(m - k, data[k:], False), naive_mth(data[:k])]


def in_memory(data: list[bytes]) -> merkle.Subtrees:
    return lambda start, end: merkle.leaf_range_hash(data[start:end])


@pytest.mark.parametrize("size", [*range(0, 70), 127, 128, 129, 255, 256, 257, 1000])
def test_the_root_matches_the_recursive_definition(size):
    data = leaves(size)
    assert merkle.root(size, in_memory(data)) == naive_mth(data)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_inclusion_proofs_match_the_reference_and_verify(draw):
    size = draw.draw(st.integers(1, 600))
    index = draw.draw(st.integers(0, size - 1))
    data = leaves(size)
    proof = merkle.inclusion_proof(index, size, in_memory(data))
    assert proof == naive_path(index, data)
    assert merkle.verify_inclusion(data[index], index, size, proof, naive_mth(data))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_consistency_proofs_match_the_reference_and_verify(draw):
    new_size = draw.draw(st.integers(1, 600))
    old_size = draw.draw(st.integers(1, new_size))
    data = leaves(new_size)
    proof = merkle.consistency_proof(old_size, new_size, in_memory(data))
    assert proof == naive_subproof(old_size, data, True)
    old_root, new_root = naive_mth(data[:old_size]), naive_mth(data)
    assert merkle.verify_consistency(old_size, new_size, old_root, new_root, proof)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_an_inclusion_proof_fails_for_another_leaf_index_or_root(draw):
    size = draw.draw(st.integers(2, 300))
    index = draw.draw(st.integers(0, size - 1))
    other = draw.draw(st.integers(0, size - 1).filter(lambda n: n != index))
    data = leaves(size)
    proof = merkle.inclusion_proof(index, size, in_memory(data))
    good_root = naive_mth(data)
    assert not merkle.verify_inclusion(data[other], index, size, proof, good_root)
    assert not merkle.verify_inclusion(data[index], other, size, proof, good_root)
    assert not merkle.verify_inclusion(data[index], index, size, proof, naive_mth(data[:-1]))
    if proof:
        bent = [bytes([proof[0][0] ^ 1]) + proof[0][1:], *proof[1:]]
        assert not merkle.verify_inclusion(data[index], index, size, bent, good_root)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_consistency_proof_fails_for_a_changed_old_tree(draw):
    new_size = draw.draw(st.integers(2, 300))
    old_size = draw.draw(st.integers(1, new_size - 1))
    data = leaves(new_size)
    proof = merkle.consistency_proof(old_size, new_size, in_memory(data))
    changed = [b"\xff" * 32, *data[1:old_size]]
    new_root = naive_mth(data)
    assert not merkle.verify_consistency(old_size, new_size, naive_mth(changed), new_root, proof)
    assert not merkle.verify_consistency(
        old_size, new_size, naive_mth(data[:old_size]), naive_mth(changed), proof
    )


def test_equal_sizes_are_consistent_with_an_empty_proof_and_equal_roots():
    data = leaves(5)
    assert merkle.consistency_proof(5, 5, in_memory(data)) == []
    assert merkle.verify_consistency(5, 5, naive_mth(data), naive_mth(data), [])
    assert not merkle.verify_consistency(5, 5, naive_mth(data), naive_mth(data[:4]), [])


@pytest.mark.parametrize(
    ("index", "size"), [(-1, 3), (3, 3), (0, 0)], ids=["negative", "past-end", "empty-tree"]
)
def test_an_inclusion_proof_outside_the_tree_is_refused(index, size):
    with pytest.raises(merkle.ProofError):
        merkle.inclusion_proof(index, size, in_memory(leaves(max(size, 0))))


@pytest.mark.parametrize(("old", "new"), [(0, 3), (4, 3), (-1, 2)])
def test_a_consistency_proof_between_impossible_sizes_is_refused(old, new):
    with pytest.raises(merkle.ProofError):
        merkle.consistency_proof(old, new, in_memory(leaves(4)))


def test_the_ranges_a_proof_needs_are_aligned_to_their_largest_power_of_two():
    asked = merkle.needed_ranges(lambda s: merkle.consistency_proof(1000, 12345, s))
    asked += merkle.needed_ranges(lambda s: merkle.inclusion_proof(777, 12345, s))
    for start, end in asked:
        aligned = 1 << ((end - start).bit_length() - 1)
        assert start % aligned == 0
    assert len(asked) <= 2 * 14 + 2
