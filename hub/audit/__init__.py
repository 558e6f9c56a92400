"""Auditing the event log: verification, the Merkle tree, signed checkpoints, proofs and
exports that an auditor checks offline.

docs/audit.md is the specification an auditor implements from.
"""
